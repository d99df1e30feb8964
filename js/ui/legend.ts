/** The always-visible list of keys and what they do, redrawn when the keymap changes. */
import { legendEntries } from "../keys";
import type { Binding } from "../model";
import { el } from "./dom";

/** Actions whose row shows only while they can act (accept: only with a suggestion on screen). */
const CONDITIONAL = new Set(["accept"]);

export class Legend {
  readonly element = el("div", "nbl-legend");
  private shown = new Set<string>();

  show(keymap: readonly Binding[]): void {
    this.element.replaceChildren(
      ...legendEntries(keymap).map(({ key, action, name }) => {
        const row = el("span", "nbl-legend-row");
        row.dataset.action = name;
        row.hidden = CONDITIONAL.has(name) && !this.shown.has(name);
        row.append(el("kbd", "nbl-kbd", key), document.createTextNode(` ${action}`));
        return row;
      }),
    );
  }

  /** Show or hide a conditional action's row (it keeps its place, so nothing moves). */
  toggle(name: string, on: boolean): void {
    if (on === this.shown.has(name)) return; // called on every item: touch the DOM only on change
    if (on) this.shown.add(name);
    else this.shown.delete(name);
    const row = this.element.querySelector<HTMLElement>(`[data-action="${name}"]`);
    if (row) row.hidden = !on;
  }
}
