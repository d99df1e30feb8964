/**
 * The audio task's label buttons: a row for region labels and one for clip labels, each button
 * with its key and count; a click acts as the key. Apart from the task because they only follow
 * the model (keys, counts): which labels are chosen is the task's to mark, with `press`.
 */
import type { AnyModel } from "@anywidget/types";
import { labelKey } from "../keys";
import type { Model } from "../model";
import type { TaskContext } from "../task";
import { LabelButtons } from "../ui/buttons";

export function audioButtons(
  ctx: TaskContext,
  model: AnyModel<Model>,
  regionLabels: string[],
  clipLabels: string[],
): { regionButtons: LabelButtons; clipButtons: LabelButtons; destroy(): void } {
  const all = model.get("labels");
  const keys = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => labelKey(model.get("keymap"), from + i));
  const press = (i: number) => ctx.act({ key: keys(i, 1)[0], action: "label", help: all[i], arg: i });
  const regionButtons = new LabelButtons(regionLabels, keys(0, regionLabels.length), press);
  const clipButtons = new LabelButtons(clipLabels, keys(regionLabels.length, clipLabels.length), (i) =>
    press(regionLabels.length + i),
  );
  clipButtons.element.classList.add("nbl-audio-clip-labels");
  regionButtons.element.hidden = regionLabels.length === 0;
  clipButtons.element.hidden = clipLabels.length === 0;
  ctx.controls.append(regionButtons.element, clipButtons.element);
  const onCounts = () => {
    regionButtons.counts(model.get("counts"));
    clipButtons.counts(model.get("counts"));
  };
  model.on("change:counts", onCounts);
  onCounts();
  return {
    regionButtons,
    clipButtons,
    destroy() {
      model.off("change:counts", onCounts);
      regionButtons.element.remove();
      clipButtons.element.remove();
    },
  };
}
