/** The `?` overlay: every key, what it does, and what it writes to the store. */
import { display } from "../keys";
import type { Binding } from "../model";
import { el } from "./dom";

export interface HelpRow {
  keys: string;
  does: string;
  saves: string;
}

/** One row per action (label actions one each), keys joined; "nothing" when a key stores nothing. */
export function helpRows(keymap: readonly Binding[]): HelpRow[] {
  const rows = new Map<string, HelpRow>();
  for (const binding of keymap) {
    const id = binding.action === "label" ? `label:${binding.arg}` : binding.action;
    const row = rows.get(id);
    if (row) row.keys += ` · ${display(binding.key)}`;
    else
      rows.set(id, {
        keys: display(binding.key),
        does: describe(binding),
        saves: binding.saves ?? "nothing",
      });
  }
  return [...rows.values()];
}

function describe(binding: Binding): string {
  return binding.action === "label" ? `label ${binding.help}` : binding.help;
}

export class HelpOverlay {
  readonly element = el("div", "nbl-overlay nbl-help");

  constructor() {
    this.element.hidden = true;
    this.element.setAttribute("role", "dialog");
    this.element.setAttribute("aria-label", "nblabel keys");
    this.element.addEventListener("mousedown", () => this.close());
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  toggle(keymap: readonly Binding[]): void {
    if (this.open) {
      this.close();
      return;
    }
    const table = el("table", "nbl-help-table");
    const head = el("tr", "nbl-help-head");
    for (const title of ["key", "does", "saves to the store"]) head.append(el("th", "", title));
    table.append(head);
    for (const row of helpRows(keymap)) {
      const tr = el("tr", "nbl-help-row");
      tr.append(el("td", "", ""), el("td", "", row.does), el("td", "nbl-help-saves", row.saves));
      tr.firstElementChild?.append(el("kbd", "nbl-kbd", row.keys));
      table.append(tr);
    }
    const footer = el(
      "div",
      "nbl-help-foot",
      "Moving, going to an item and filtering store nothing. Any key closes this.",
    );
    this.element.replaceChildren(el("div", "nbl-help-title", "Keys"), table, footer);
    this.element.hidden = false;
  }

  close(): void {
    this.element.hidden = true;
  }
}
