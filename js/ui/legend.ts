/** The always-visible list of keys and what they do. */
import { legendEntries } from "../keys";
import { el } from "./dom";

export function legend(multi: boolean): HTMLElement {
  const root = el("div", "nbl-legend");
  for (const { key, action } of legendEntries(multi)) {
    const row = el("span", "nbl-legend-row");
    row.dataset.key = key;
    row.append(el("kbd", "nbl-kbd", key), document.createTextNode(` ${action}`));
    root.append(row);
  }
  return root;
}
