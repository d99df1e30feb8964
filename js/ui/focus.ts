/**
 * Whether keys reach the widget, made visible: it takes the focus when nothing else wants it,
 * shows "click to label — keys inactive" over itself when the focus is elsewhere, and a click
 * anywhere on it gives the keys back.
 */
import { el } from "./dom";

/** Elements whose focus a render must not steal: editors, inputs, other labelers. */
const BUSY =
  "input, textarea, select, [contenteditable=''], [contenteditable='true'], .cm-editor, .CodeMirror";

/** Whether a widget rendering now may take the focus from `active` (the focused element). */
export function mayTakeFocus(active: Element | null, root: HTMLElement): boolean {
  if (!active || active === document.body || active === document.documentElement) return true;
  if (root.contains(active)) return false; // already ours
  if (active.closest(".nblabel")) return false; // another labeler is in use
  return !active.closest(BUSY); // a notebook in command mode, a toolbar button: fine
}

export class FocusGuard {
  /** Covers the widget while keys go elsewhere; a click on it only gives the keys back. */
  readonly hint = el("div", "nbl-inactive");
  private focused = false;
  private onScreen = true;
  private cleanups: Array<() => void> = [];

  constructor(
    private root: HTMLElement,
    private onChange: (active: boolean) => void,
  ) {
    this.hint.append(el("span", "nbl-inactive-text", "click to label — keys inactive"));
    this.listen(root, "focusin", () => this.set(true));
    this.listen(root, "focusout", (event) => {
      const next = (event as FocusEvent).relatedTarget;
      if (!(next instanceof Node && root.contains(next))) this.set(false);
    });
    this.listen(this.hint, "mousedown", (event) => {
      event.preventDefault(); // the click activates; it must not select text or press a button
      root.focus({ preventScroll: true });
    });
    this.listen(document, "visibilitychange", () => this.set(this.focused));
    if (typeof IntersectionObserver !== "undefined") {
      const observer = new IntersectionObserver((entries) => {
        this.onScreen = entries.some((entry) => entry.isIntersecting);
        this.set(this.focused);
      });
      observer.observe(root);
      this.cleanups.push(() => observer.disconnect());
    }
    this.set(root.contains(document.activeElement));
  }

  /** Take the focus if no editor, input or other widget has it (called once, on render). */
  claim(): void {
    if (mayTakeFocus(document.activeElement, this.root)) this.root.focus({ preventScroll: true });
  }

  /** Keys reach the widget, and it is on screen: the item's clock runs. */
  get active(): boolean {
    return this.focused && this.onScreen && document.visibilityState !== "hidden";
  }

  private set(focused: boolean): void {
    this.focused = focused;
    this.root.dataset.focused = String(focused);
    this.onChange(this.active);
  }

  private listen(target: EventTarget, type: string, fn: (event: Event) => void): void {
    target.addEventListener(type, fn);
    this.cleanups.push(() => target.removeEventListener(type, fn));
  }

  destroy(): void {
    for (const cleanup of this.cleanups) cleanup();
  }
}
