/** render(): builds the focusable root, loads the task's module, hands both to the controller. */
import type { RenderProps } from "@anywidget/types";
import { Controller } from "./controller";
import type { Model } from "./model";
import { loadTask } from "./task";
import { el } from "./ui/dom";

async function render({ model, el: host }: RenderProps<Model>): Promise<() => void> {
  const root = el("div", "nblabel");
  root.tabIndex = 0;
  // JupyterLab's command-mode shortcuts (a, b, d d, 1-6, arrows) would otherwise eat our keys.
  root.dataset.lmSuppressShortcuts = "true";
  root.setAttribute("role", "application");
  root.setAttribute("aria-label", "nblabel labeler: click here, then label with the keys shown");
  host.replaceChildren(root);
  let controller: Controller | undefined;
  try {
    controller = new Controller(model, root, await loadTask(model.get("_view")));
  } catch (error) {
    // Never a silent fallback: an unknown task (or a broken one) says so where the item would be.
    root.replaceChildren(el("div", "nbl-error", String(error instanceof Error ? error.message : error)));
  }
  return () => {
    controller?.destroy();
    root.remove();
  };
}

export default { render };
