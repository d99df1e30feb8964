/** render(): builds the focusable root, hands it to the controller, returns one cleanup. */
import type { RenderProps } from "@anywidget/types";
import { Controller } from "./controller";
import type { Model } from "./model";

function render({ model, el }: RenderProps<Model>): () => void {
  const root = document.createElement("div");
  root.className = "nblabel";
  root.tabIndex = 0;
  // JupyterLab's command-mode shortcuts (a, b, d d, 1-6, arrows) would otherwise eat our keys.
  root.dataset.lmSuppressShortcuts = "true";
  root.setAttribute("role", "application");
  root.setAttribute("aria-label", "nblabel labeler: click here, then label with the keys shown");
  el.replaceChildren(root);
  const controller = new Controller(model, root);
  return () => {
    controller.destroy();
    root.remove();
  };
}

export default { render };
