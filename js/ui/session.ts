/** What the session says and offers beyond one item: the filter menu, and the end of the queue. */
import type { Model } from "../model";
import type { FilterName } from "../protocol";
import type { MenuOption } from "./prompt";

type Traits = Pick<Model, "labels" | "keymap" | "skipped" | "view_filter" | "total" | "done" | "_done_word">;

/** The filters on offer, each with its key; "model disagrees" only while a model suggests. */
export function filterOptions(
  model: { get<K extends keyof Traits>(name: K): Traits[K] },
  go: (name: FilterName, label?: string) => () => void,
): MenuOption[] {
  const options: MenuOption[] = [
    { key: "a", text: "all items", run: go("all") },
    { key: "u", text: "unlabeled", run: go("unlabeled") },
    { key: "s", text: `skipped (${model.get("skipped") ?? 0})`, run: go("skipped") },
    ...model
      .get("labels")
      .slice(0, 9)
      .map((label, i) => ({ key: String(i + 1), text: `labeled ${label}`, run: go("label", label) })),
  ];
  if (model.get("keymap").some((b) => b.action === "accept"))
    options.push({ key: "d", text: "the model disagrees with the label", run: go("disagree") });
  return options;
}

/** What the end of the queue means: everything labeled, items left behind, or a filter's end. */
export function endText(model: { get<K extends keyof Traits>(name: K): Traits[K] }): string {
  const filter = model.get("view_filter");
  if (filter) return `End of the items shown (filter: ${filter}). f changes the filter, ← goes back.`;
  const left = model.get("total") - model.get("done");
  const word = model.get("_done_word") || "labeled";
  if (left <= 0) return `All items are ${word}. ← goes back.`;
  const skipped = model.get("skipped") ?? 0;
  return `End of the queue: ${left} still un${word}${skipped ? `, ${skipped} skipped (n finds them)` : ""}. ← goes back.`;
}
