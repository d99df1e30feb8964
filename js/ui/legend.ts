/** The always-visible list of keys and what they do, redrawn when the keymap changes. */
import { legendEntries } from "../keys";
import type { Binding } from "../model";
import { el } from "./dom";

export class Legend {
  readonly element = el("div", "nbl-legend");

  show(keymap: readonly Binding[]): void {
    this.element.replaceChildren(
      ...legendEntries(keymap).map(({ key, action }) => {
        const row = el("span", "nbl-legend-row");
        row.dataset.action = action;
        row.append(el("kbd", "nbl-kbd", key), document.createTextNode(` ${action}`));
        return row;
      }),
    );
  }
}
