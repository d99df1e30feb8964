/** Small overlays that take keys for a moment: the go-to prompt and the filter menu. */
import { el } from "./dom";

export interface MenuOption {
  key: string;
  text: string;
  run: () => void;
}

/** One overlay at a time over the item; Escape or a choice closes it and gives keys back. */
export class Prompt {
  readonly element = el("div", "nbl-overlay nbl-prompt");

  constructor(private root: HTMLElement) {
    this.element.hidden = true;
    this.element.addEventListener("keydown", (event) => {
      event.stopPropagation(); // the overlay's keys are its own, never a label
      if (event.key === "Escape") this.close();
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  /** Ask for an item id or position; `submit` gets the text. */
  ask(title: string, placeholder: string, submit: (text: string) => void): void {
    const form = el("form", "nbl-prompt-form");
    const input = el("input", "nbl-prompt-input");
    input.type = "text";
    input.placeholder = placeholder;
    input.setAttribute("aria-label", title);
    form.append(el("label", "nbl-prompt-title", title), input);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      this.close();
      if (text) submit(text);
    });
    this.show(form);
    input.focus();
  }

  /** Offer choices, each picked by its key (or a click). */
  choose(title: string, options: MenuOption[]): void {
    const list = el("div", "nbl-menu");
    list.tabIndex = -1;
    for (const option of options) {
      const button = el("button", "nbl-menu-item");
      button.type = "button";
      button.dataset.key = option.key;
      button.append(el("kbd", "nbl-kbd", option.key), document.createTextNode(` ${option.text}`));
      button.addEventListener("click", () => this.pick(option));
      list.append(button);
    }
    list.addEventListener("keydown", (event) => {
      const option = options.find((o) => o.key === event.key);
      if (option) {
        event.preventDefault();
        this.pick(option);
      }
    });
    this.show(el("div", "nbl-prompt-title", title), list);
    list.focus();
  }

  close(): void {
    if (!this.open) return;
    this.element.hidden = true;
    this.element.replaceChildren();
    this.root.focus({ preventScroll: true });
  }

  private pick(option: MenuOption): void {
    this.close();
    option.run();
  }

  private show(...children: HTMLElement[]): void {
    this.element.replaceChildren(...children);
    this.element.hidden = false;
  }
}
