/** One button per label, showing its key and current count; clicking acts like the key. */
import { el } from "./dom";

export class LabelButtons {
  readonly element = el("div", "nbl-buttons");
  private buttons: HTMLButtonElement[] = [];
  private keyNodes: HTMLElement[] = [];
  private countNodes: HTMLElement[] = [];

  constructor(labels: string[], keys: string[], onPick: (index: number) => void) {
    labels.forEach((label, i) => {
      const button = el("button", "nbl-label-btn");
      button.type = "button";
      button.dataset.label = label;
      button.setAttribute("aria-pressed", "false");
      const key = el("kbd", "nbl-kbd");
      const count = el("span", "nbl-count", "0");
      button.append(key, el("span", "nbl-label-name", label), count);
      button.addEventListener("click", () => onPick(i));
      this.buttons.push(button);
      this.keyNodes.push(key);
      this.countNodes.push(count);
    });
    this.keys(keys);
    this.element.append(...this.buttons);
  }

  /** Show each label's key; a key that reads the same as its label is shown once, by the label. */
  keys(keys: string[]): void {
    this.buttons.forEach((button, i) => {
      const same = keys[i] === button.dataset.label;
      this.keyNodes[i].textContent = keys[i] ?? "";
      this.keyNodes[i].hidden = same;
      button.title = `key ${keys[i]}`;
    });
  }

  /** Mark which labels the current item has (or has chosen, before Enter). */
  press(chosen: ReadonlySet<string>): void {
    for (const button of this.buttons) {
      button.setAttribute("aria-pressed", String(chosen.has(button.dataset.label ?? "")));
    }
  }

  /** Outline the label the model suggests, if any. */
  suggest(label: string | null): void {
    for (const button of this.buttons) {
      if (button.dataset.label === label) button.dataset.suggested = "true";
      else delete button.dataset.suggested;
    }
  }

  counts(counts: Record<string, number>): void {
    this.buttons.forEach((button, i) => {
      this.countNodes[i].textContent = String(counts[button.dataset.label ?? ""] ?? 0);
    });
  }
}
