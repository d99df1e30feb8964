/**
 * Text boxes of the audio task: a region's text and the clip's transcript. Keys typed in them
 * are text, never shortcuts: they stop here, and Escape (or Enter in the one-line box) hands
 * the keys back to the labeler.
 */
import { el } from "../ui/dom";

export class TextField {
  readonly element: HTMLInputElement | HTMLTextAreaElement;

  constructor(
    kind: "line" | "area",
    className: string,
    placeholder: string,
    private onText: (text: string) => void,
    private giveBack: (submit: boolean) => void,
  ) {
    this.element = kind === "line" ? el("input", className) : el("textarea", className);
    if (this.element instanceof HTMLInputElement) this.element.type = "text";
    else this.element.rows = 2;
    this.element.placeholder = placeholder;
    this.element.spellcheck = false;
    this.element.addEventListener("input", this.onInput);
    (this.element as HTMLElement).addEventListener("keydown", this.onKey);
  }

  /** Show `text` without firing `onText`. */
  set(text: string): void {
    if (this.element.value !== text) this.element.value = text;
  }

  focus(): void {
    this.element.focus();
    const end = this.element.value.length;
    this.element.setSelectionRange(end, end);
  }

  get focused(): boolean {
    return this.element.ownerDocument.activeElement === this.element;
  }

  destroy(): void {
    this.element.removeEventListener("input", this.onInput);
    (this.element as HTMLElement).removeEventListener("keydown", this.onKey);
  }

  private onInput = (): void => this.onText(this.element.value);

  private onKey = (event: KeyboardEvent): void => {
    // Typing "1", "s" or space here must not label, skip or play: stop the key at the box.
    event.stopPropagation();
    const submit = event.key === "Enter" && (event.ctrlKey || event.metaKey);
    const line = event.key === "Enter" && this.element instanceof HTMLInputElement;
    if (event.key === "Escape" || line || submit) {
      event.preventDefault();
      this.onText(this.element.value);
      this.giveBack(submit);
    }
  };
}
