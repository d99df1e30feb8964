/** Progress, save state and errors: what the user needs to trust that nothing is lost. */
import { el } from "./dom";

/** How long a notice stays. */
const NOTICE_MS = 2500;

export class StatusBar {
  readonly element = el("div", "nbl-statusbar");
  private progress = el("span", "nbl-progress");
  private position = el("span", "nbl-position");
  private itemState = el("span", "nbl-item-state");
  private status = el("span", "nbl-status");
  private modelEl = el("span", "nbl-model");
  private error = el("div", "nbl-error");
  private noticeEl = el("span", "nbl-notice");
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.error.hidden = true;
    this.element.append(
      this.progress,
      this.position,
      this.itemState,
      this.status,
      this.modelEl,
      this.noticeEl,
      this.error,
    );
    this.pending(0);
  }

  done(done: number, total: number): void {
    this.progress.dataset.done = String(done);
    this.progress.dataset.total = String(total);
    this.progress.textContent = `${done} / ${total} labeled`;
  }

  /** Where the user is; `id` null means the item is not here yet, or (`atEnd`) there is none. */
  at(pos: number, total: number, id: string | number | null, atEnd: boolean): void {
    if (id !== null) this.position.textContent = `item ${pos + 1} of ${total} · id ${id}`;
    else this.position.textContent = atEnd ? "end of queue" : `item ${pos + 1} of ${total} · loading…`;
  }

  /** A short message about a key that did nothing; it fades on its own and blocks nothing. */
  notice(text: string): void {
    this.noticeEl.textContent = text;
    this.noticeEl.dataset.visible = "true";
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.noticeEl.dataset.visible = "false";
    }, NOTICE_MS);
  }

  /** The current item's own save state. */
  item(state: "unlabeled" | "saving" | "saved"): void {
    this.itemState.dataset.state = state;
    this.itemState.textContent = state === "unlabeled" ? "not labeled yet" : `this item: ${state}`;
  }

  /** Labels not yet acknowledged, and labels the kernel refused (never shown as saved). */
  pending(count: number, failed = 0): void {
    this.status.dataset.pending = String(count);
    this.status.dataset.failed = String(failed);
    const saving = count === 0 ? "" : `${count} saving…`;
    const refused = failed === 0 ? "" : `⚠ ${failed} not saved`;
    this.status.textContent = [saving, refused].filter(Boolean).join(" · ") || "✓ all saved";
  }

  model(text: string): void {
    this.modelEl.hidden = !text;
    this.modelEl.textContent = text;
  }

  fail(message: string | null): void {
    this.error.hidden = message === null;
    this.error.textContent = message ?? "";
  }
}
