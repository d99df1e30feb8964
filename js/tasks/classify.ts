/** Classification: one label per item (a key commits it) or several (keys toggle, Enter commits). */
import type { AnyModel } from "@anywidget/types";
import type { Binding, Model } from "../model";
import type { TaskContext, TaskView } from "../task";
import type { Item } from "../transport/window";
import { el } from "../ui/dom";
import { ItemDisplay, labelButtons, prepareImage } from "../ui/item-display";
import { shownSuggestion } from "../ui/suggestion";

/** Synced traits this task adds (widgets/labeler.py). */
interface ClassifyTraits {
  multi: boolean;
}

export const prepare = prepareImage;

export function mount(ctx: TaskContext): TaskView {
  // The one place this task widens the shared model with its own traits.
  const model = ctx.model as unknown as AnyModel<Model & ClassifyTraits>;
  const multi = () => model.get("multi") === true;
  const labels = model.get("labels");
  const display = new ItemDisplay(ctx.stage);
  const suggestionEl = el("div", "nbl-suggestion");
  const suggestionText = el("span", "nbl-suggestion-text");
  const meter = el("meter", "nbl-confidence");
  const runnerUp = el("span", "nbl-runner-up");
  meter.min = 0;
  meter.max = 1;
  suggestionEl.append(suggestionText, meter, runnerUp);
  let chosen = new Set<string>(); // multi-label choice before Enter

  const { buttons, destroy: dropButtons } = labelButtons(ctx, model);
  ctx.controls.append(suggestionEl, buttons.element);

  function showSuggestion(item: Item): void {
    const s = shownSuggestion(item, model.get("suggest_above"));
    if (!s && suggestionEl.dataset.empty === "true") return; // still none: no DOM work per key
    // The line keeps its height when empty, so the buttons never move under the mouse.
    suggestionEl.dataset.empty = String(!s);
    buttons.suggest(s?.label ?? null);
    if (!s) {
      suggestionText.textContent = "";
      runnerUp.textContent = "";
      delete suggestionEl.dataset.label;
      return;
    }
    const accept = model.get("keymap").find((b) => b.action === "accept")?.key;
    suggestionEl.dataset.label = s.label;
    suggestionEl.dataset.confidence = String(s.confidence);
    suggestionText.textContent =
      `model suggests ${s.label} (${Math.round(s.confidence * 100)}%)` +
      (accept ? ` · press ${accept} to accept` : "");
    meter.value = s.confidence;
    meter.low = 0.5;
    meter.high = 0.8;
    meter.optimum = 1;
    const second = s.runner_up;
    runnerUp.textContent = second ? `then ${second.label} (${Math.round(second.confidence * 100)}%)` : "";
  }

  function act(binding: Binding, item: Item): void {
    if (binding.action === "label") {
      const label = labels[binding.arg ?? -1];
      if (label === undefined) return;
      if (!multi()) {
        ctx.commit(item, label);
        return;
      }
      if (chosen.has(label)) chosen.delete(label);
      else chosen.add(label);
      buttons.press(chosen);
    } else if (binding.action === "confirm") {
      if (chosen.size === 0) ctx.notice("choose at least one label, then press Enter");
      else ctx.commit(item, [...chosen]);
    } else if (binding.action === "accept") {
      const shown = shownSuggestion(item, model.get("suggest_above"));
      if (multi()) ctx.notice("suggestions apply to single-label items only");
      else if (shown) ctx.commit(item, shown.label, { suggested: true });
      else
        ctx.notice(
          item.suggestion
            ? "the model is not sure enough to suggest here"
            : "no suggestion for this item yet",
        );
    }
  }

  return {
    show(item) {
      display.show(item);
      const value = item.label;
      chosen = new Set(value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);
      buttons.press(chosen);
      showSuggestion(item);
    },
    act,
    destroy() {
      dropButtons();
      suggestionEl.remove();
    },
  };
}
