/** What classification and review share: an item shown as text or image, and label buttons. */
import type { AnyModel } from "@anywidget/types";
import { labelKey } from "../keys";
import { DecodedImage } from "../media";
import type { Model } from "../model";
import type { TaskContext } from "../task";
import type { Item } from "../transport/window";
import { LabelButtons } from "./buttons";
import { el } from "./dom";

/** Decode an image item's bytes as soon as it arrives in the window (a task's `prepare`). */
export function prepareImage(header: Item, buffer: DataView | undefined): DecodedImage | undefined {
  if (header.type !== "image" || !buffer) return undefined;
  return new DecodedImage(buffer, typeof header.mime === "string" ? header.mime : "image/png");
}

/** Shows an item in the stage: its decoded image, or its text as text (never as HTML). */
export class ItemDisplay {
  private text = el("div", "nbl-text");
  private frame = el("div", "nbl-image-frame");

  constructor(private stage: HTMLElement) {}

  show(item: Item): void {
    if (item.media instanceof DecodedImage) {
      this.frame.replaceChildren(item.media.img);
      this.stage.replaceChildren(this.frame);
    } else {
      this.text.textContent = typeof item.text === "string" ? item.text : "";
      this.stage.replaceChildren(this.text);
    }
  }
}

/** One button per label, with its key and count kept in step with the model; clicks act as keys. */
export function labelButtons(
  ctx: TaskContext,
  model: AnyModel<Model>,
): { buttons: LabelButtons; destroy(): void } {
  const labels = model.get("labels");
  const keys = () => labels.map((_, i) => labelKey(model.get("keymap"), i));
  const buttons = new LabelButtons(labels, keys(), (index) =>
    ctx.act({ key: keys()[index], action: "label", help: labels[index], arg: index }),
  );
  const onCounts = () => buttons.counts(model.get("counts"));
  const onKeys = () => buttons.keys(keys());
  model.on("change:counts", onCounts);
  model.on("change:keymap", onKeys);
  onCounts();
  return {
    buttons,
    destroy() {
      model.off("change:counts", onCounts);
      model.off("change:keymap", onKeys);
      buttons.element.remove();
    },
  };
}
