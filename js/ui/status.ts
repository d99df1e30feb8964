/**
 * Progress, pace, save state, model status and notices: what the user needs to trust that
 * nothing is lost. Fixed-height lines, so text coming and going never moves anything.
 */
import { el } from "./dom";
import { clockText, Pace, roughText } from "./pace";

/** How long a notice stays. */
const NOTICE_MS = 2500;

export class StatusBar {
  readonly element = el("div", "nbl-statusbar");
  private bar = el("progress", "nbl-progress-bar");
  private progress = el("span", "nbl-progress");
  private skippedEl = el("span", "nbl-skipped");
  private paceEl = el("span", "nbl-pace");
  private position = el("span", "nbl-position");
  private filterEl = el("span", "nbl-filter");
  private elapsed = el("span", "nbl-elapsed");
  private itemState = el("span", "nbl-item-state");
  private status = el("span", "nbl-status");
  private modelEl = el("div", "nbl-line nbl-model");
  private noticeEl = el("div", "nbl-line nbl-notice");
  private error = el("div", "nbl-error");
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private pace = new Pace();
  private doneCount = 0;
  private totalCount = 0;

  constructor() {
    this.error.hidden = true;
    const line = (...children: HTMLElement[]) => {
      const div = el("div", "nbl-line");
      div.append(...children);
      return div;
    };
    this.element.append(
      line(this.bar, this.progress, this.skippedEl, this.paceEl),
      line(this.position, this.filterEl, this.elapsed, this.itemState, this.status),
      this.modelEl,
      this.noticeEl,
      this.error,
    );
    this.pending(0);
    this.skipped(0);
    this.filter("");
  }

  done(done: number, total: number, word = "labeled"): void {
    this.doneCount = done;
    this.totalCount = total;
    this.progress.dataset.done = String(done);
    this.progress.dataset.total = String(total);
    this.progress.textContent = `${done} / ${total} ${word}`;
    this.bar.max = Math.max(1, total);
    this.bar.value = done;
  }

  skipped(count: number): void {
    this.skippedEl.dataset.count = String(count);
    this.skippedEl.textContent = count ? `${count} skipped` : "";
  }

  /** A label left: the pace counts it (cheap; the text follows at the next tick). */
  labeled(now: number): void {
    this.pace.record(now);
  }

  /** Once a second: the pace, the time left, and the current item's time. */
  tick(now: number, itemSeconds: number | null): void {
    const rate = this.pace.perMinute(now);
    const left = this.pace.secondsLeft(this.totalCount - this.doneCount, now);
    this.paceEl.textContent =
      rate === null
        ? ""
        : `${rate.toFixed(rate < 10 ? 1 : 0)}/min${left === null ? "" : ` · ≈ ${roughText(left)} left`}`;
    this.elapsed.textContent = itemSeconds === null ? "" : `${clockText(itemSeconds)} on this item`;
  }

  /** Where the user is; `id` null means the item is not here yet, or (`atEnd`) there is none. */
  at(pos: number, total: number, id: string | number | null, atEnd: boolean): void {
    if (id !== null) this.position.textContent = `position ${pos + 1} of ${total} · id ${id}`;
    else if (atEnd) this.position.textContent = total ? "end of queue" : "no items here";
    else this.position.textContent = `position ${pos + 1} of ${total} · loading…`;
  }

  filter(name: string): void {
    this.filterEl.dataset.filter = name;
    this.filterEl.textContent = name ? `filter: ${name}` : "";
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

  /** The model's one line; its place stays when it is empty. */
  model(text: string): void {
    this.modelEl.dataset.empty = String(!text);
    this.modelEl.textContent = text;
    this.modelEl.title = text; // one fixed line: a narrow cell cuts it, hovering shows it whole
  }

  fail(message: string | null): void {
    this.error.hidden = message === null;
    this.error.textContent = message ?? "";
  }

  destroy(): void {
    clearTimeout(this.noticeTimer);
  }
}
