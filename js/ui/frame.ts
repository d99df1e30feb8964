/**
 * The labeler's page around the item: where each part sits in the root, and the status and
 * legend lines that follow the traits. Apart from the controller because it is set up once
 * and never runs on a key press.
 */
import type { AnyModel } from "@anywidget/types";
import type { Model } from "../model";
import { el } from "./dom";
import type { Legend } from "./legend";
import type { StatusBar } from "./status";

/** Fill the root: the instructions (hidden when there are none), then `parts` in order. */
export function layout(root: HTMLElement, model: AnyModel<Model>, parts: HTMLElement[]): void {
  const instructions = el("div", "nbl-instructions", model.get("instructions"));
  instructions.hidden = !model.get("instructions");
  root.replaceChildren(instructions, ...parts);
}

/** Keep the status bar and the legend in step with the traits; their cleanups go to `cleanups`. */
export function followTraits(
  model: AnyModel<Model>,
  status: StatusBar,
  legend: Legend,
  cleanups: Array<() => void>,
): void {
  /** Run `update` now and whenever one of the traits changes. */
  const watch = (traits: Array<keyof Model>, update: () => void): void => {
    for (const trait of traits) {
      model.on(`change:${trait}`, update);
      cleanups.push(() => model.off(`change:${trait}`, update));
    }
    update();
  };
  watch(["done", "total"], () =>
    status.done(model.get("done"), model.get("total"), model.get("_done_word") || "labeled"),
  );
  watch(["model_status"], () => status.model(model.get("model_status")));
  watch(["keymap"], () => legend.show(model.get("keymap")));
  watch(["skipped"], () => status.skipped(model.get("skipped") ?? 0));
  watch(["view_filter"], () => status.filter(model.get("view_filter") ?? ""));
}
