/**
 * Review of a suspected label error: the item, its current label beside the model's suggestion,
 * and three ways on: keep (`k`), take the suggestion (`Enter`), or another label (its key).
 * Python (widgets/review.py) decides what the choice was from the label sent, so the value stays
 * a plain label and undo, acks and counts work as in classification.
 */
import type { Binding } from "../model";
import type { TaskContext, TaskView } from "../task";
import type { Item } from "../transport/window";
import { el } from "../ui/dom";
import { ItemDisplay, labelButtons, prepareImage } from "../ui/item-display";

/** What widgets/review.py adds to each item header. */
export interface ReviewInfo {
  given: string;
  suggested: string;
  confidence: number | null;
  rank: number | null;
  stale: boolean;
  decided: boolean;
}

export const prepare = prepareImage;

/** The item's review fields, or undefined when the header has none (an unreadable item). */
export function reviewInfo(item: Item): ReviewInfo | undefined {
  const info = item.review as Partial<ReviewInfo> | undefined;
  if (!info || typeof info.given !== "string" || typeof info.suggested !== "string") return undefined;
  return {
    given: info.given,
    suggested: info.suggested,
    confidence: typeof info.confidence === "number" ? info.confidence : null,
    rank: typeof info.rank === "number" ? info.rank : null,
    stale: info.stale === true,
    decided: info.decided === true,
  };
}

/** The label a keep keeps: the one the store holds now, or the one the model scored. */
export function currentLabel(item: Item, info: ReviewInfo): string {
  return item.label === null || item.label === undefined ? info.given : String(item.label);
}

export function percent(confidence: number | null): string {
  return confidence === null ? "" : `${Math.round(confidence * 100)}%`;
}

/** One side of the comparison: a button that acts like its key. */
class Side {
  readonly element: HTMLButtonElement;
  private labelEl = el("span", "nbl-review-label");
  private noteEl = el("span", "nbl-review-note");
  private keyEl = el("kbd", "nbl-kbd");

  constructor(className: string, title: string, onPick: () => void) {
    this.element = el("button", `nbl-review-side ${className}`);
    this.element.type = "button";
    const head = el("span", "nbl-review-head", title);
    this.element.append(head, this.labelEl, this.noteEl, this.keyEl);
    this.element.addEventListener("click", onPick);
  }

  show(label: string, note: string, key: string | undefined): void {
    this.element.dataset.label = label;
    this.labelEl.textContent = label;
    this.noteEl.textContent = note;
    this.keyEl.textContent = key ?? "";
    this.keyEl.hidden = !key;
  }
}

export function mount(ctx: TaskContext): TaskView {
  const model = ctx.model;
  const labels = model.get("labels");
  const keyOf = (action: string) => model.get("keymap").find((b: Binding) => b.action === action)?.key;
  const display = new ItemDisplay(ctx.stage);
  const panel = el("div", "nbl-review");
  const current = new Side("nbl-review-current", "current label", () => ctx.act(binding("keep")));
  const suggested = new Side("nbl-review-suggested", "model suggests", () => ctx.act(binding("take")));
  const rankEl = el("div", "nbl-review-rank");
  panel.append(current.element, suggested.element, rankEl);
  const { buttons, destroy: dropButtons } = labelButtons(ctx, model);
  ctx.controls.append(panel, buttons.element);

  function binding(action: string): Binding {
    return { key: keyOf(action) ?? "", action, help: action };
  }

  function act(b: Binding, item: Item): void {
    const info = reviewInfo(item);
    if (!info) {
      ctx.notice("this item has nothing to review");
      return;
    }
    if (b.action === "label") {
      const label = labels[b.arg ?? -1];
      if (label !== undefined) ctx.commit(item, label);
    } else if (b.action === "keep") {
      ctx.commit(item, currentLabel(item, info));
    } else if (b.action === "take") {
      ctx.commit(item, info.suggested, { suggested: true });
    }
  }

  return {
    show(item) {
      display.show(item);
      const info = reviewInfo(item);
      panel.hidden = !info;
      if (!info) {
        buttons.press(new Set());
        buttons.suggest(null);
        return;
      }
      const now = currentLabel(item, info);
      const scored = info.stale && now !== info.given ? `was ${info.given} when scored` : "";
      current.show(now, scored, keyOf("keep"));
      suggested.show(info.suggested, percent(info.confidence), keyOf("take"));
      panel.dataset.agree = String(now === info.suggested);
      rankEl.textContent = info.rank === null ? "" : `suspect #${info.rank}`;
      buttons.press(new Set([now]));
      buttons.suggest(info.suggested);
    },
    act,
    destroy() {
      dropButtons();
      panel.remove();
    },
  };
}
