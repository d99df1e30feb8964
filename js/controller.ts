/** The labeling session in the browser: position, optimistic labels, undo, all without waiting. */
import type { AnyModel } from "@anywidget/types";
import { type Action, actionFor } from "./keys";
import type { LabelValue, Model } from "./model";
import { Channel, type ItemId } from "./protocol";
import { Outbox } from "./transport/outbox";
import { type Item, ItemWindow } from "./transport/window";
import { LabelButtons } from "./ui/buttons";
import { el } from "./ui/dom";
import { legend } from "./ui/legend";
import { StatusBar } from "./ui/status";
import { imageView } from "./views/image";
import { textView } from "./views/text";
import type { View } from "./views/view";

/** How often the browser asks a live kernel (active learning) for news. */
const POLL_MS = 1000;
/** A poll unanswered this long (kernel busy or restarted) no longer blocks the next one. */
const POLL_GIVE_UP_MS = 15_000;

export class Controller {
  private channel: Channel;
  private window: ItemWindow;
  private outbox = new Outbox();
  private pos = -1; // -1 until the kernel says where to start
  private shownAt = performance.now();
  private chosen = new Set<string>(); // multi-label selection before Enter
  private undoStack: Array<{ pos: number; id: ItemId; seq: number }> = []; // newest last
  private itemEl = el("div", "nbl-item");
  private view: View;
  private buttons: LabelButtons;
  private status = new StatusBar();
  private doneEl = el("div", "nbl-done", "All items are labeled. ← goes back.");
  private suggestionEl = el("div", "nbl-suggestion");
  private failed = 0; // labels the kernel refused
  private pollSentAt = 0; // when the unanswered poll left, 0 if none
  private cleanups: Array<() => void> = [];

  constructor(
    private model: AnyModel<Model>,
    readonly root: HTMLElement,
  ) {
    this.channel = new Channel(model);
    this.window = new ItemWindow((start, count) => this.channel.need(start, count, this.pos));
    const labels = model.get("labels");
    const keys = model.get("label_keys");
    const multi = model.get("multi");
    const stage = el("div", "nbl-stage");
    this.view = model.get("_view") === "image" ? imageView(stage) : textView(stage);
    this.itemEl.append(stage);
    this.suggestionEl.hidden = true;
    this.buttons = new LabelButtons(labels, keys, (i) => this.act({ type: "label", index: i }));
    const instructions = el("div", "nbl-instructions", model.get("instructions"));
    instructions.hidden = !model.get("instructions");
    const legendEl = legend(multi);
    this.doneEl.hidden = true;
    root.replaceChildren(
      instructions,
      this.itemEl,
      this.doneEl,
      this.suggestionEl,
      this.buttons.element,
      legendEl,
      this.status.element,
    );
    this.cleanups.push(
      this.channel.listen({
        state: (msg) => {
          this.window.total = msg.total;
          this.window.version = msg.version;
          if (this.pos < 0) this.goto(msg.start);
        },
        items: (msg, buffers) => {
          const waiting = this.window.get(this.pos) === undefined;
          this.window.add(msg.items, buffers, msg.version, (id) => this.outbox.isPending(id));
          // Re-render only an item that was missing: re-rendering resets its timer and choice.
          if (waiting && this.window.get(this.pos)) this.renderCurrent();
        },
        reorder: (msg) => {
          this.window.reorder(msg.version, msg.start, msg.total, this.window.get(this.pos));
          if (this.pos >= 0) this.window.ensure(this.pos);
        },
        pong: () => {
          this.pollSentAt = 0;
        },
        ack: (msg) => this.onAck(msg.seq, msg.pos, msg.value),
        error: (msg) => {
          const entry = msg.seq !== undefined ? this.outbox.settle(msg.seq) : undefined;
          if (entry) {
            this.failed += 1;
            // A refused label must not be undone later: that would undo an older one.
            this.undoStack = this.undoStack.filter((done) => done.seq !== entry.seq);
            const item = this.window.get(entry.pos);
            if (item?.id === entry.id && item.label === entry.value) item.label = null;
          }
          const where = msg.item_id !== undefined ? `item ${msg.item_id}: ` : "";
          this.status.fail(`${where}${msg.message}`);
          this.status.pending(this.outbox.size, this.failed);
        },
      }),
    );
    const onKey = (event: KeyboardEvent) => this.onKey(event);
    root.addEventListener("keydown", onKey);
    this.cleanups.push(() => root.removeEventListener("keydown", onKey));
    const onDone = () => this.status.done(model.get("done"), model.get("total"));
    const onCounts = () => this.buttons.counts(model.get("counts"));
    model.on("change:done", onDone);
    model.on("change:counts", onCounts);
    this.cleanups.push(
      () => model.off("change:done", onDone),
      () => model.off("change:counts", onCounts),
    );
    const onModel = () => {
      this.status.model(model.get("model_status"));
      // The accept key means something only while a model is attached.
      const accept = legendEl.querySelector<HTMLElement>('[data-key="a"]');
      if (accept) accept.hidden = !model.get("_live");
    };
    model.on("change:model_status", onModel);
    model.on("change:_live", onModel);
    this.cleanups.push(
      () => model.off("change:model_status", onModel),
      () => model.off("change:_live", onModel),
    );
    onDone();
    onCounts();
    onModel();
    const timer = setInterval(() => this.poll(), POLL_MS);
    this.cleanups.push(() => clearInterval(timer));
    this.channel.hello();
  }

  private onKey(event: KeyboardEvent): void {
    const action = actionFor(event, this.model.get("label_keys"));
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    // A held key repeats: fine for moving, never for labeling one item after another.
    if (event.repeat && action.type !== "back" && action.type !== "forward") return;
    this.act(action);
  }

  act(action: Action): void {
    if (this.pos < 0) return;
    const item = this.window.get(this.pos);
    switch (action.type) {
      case "label": {
        if (!item) return;
        const label = this.model.get("labels")[action.index];
        if (this.model.get("multi")) {
          if (this.chosen.has(label)) this.chosen.delete(label);
          else this.chosen.add(label);
          this.buttons.press(this.chosen);
          return;
        }
        this.commit(item, label);
        return;
      }
      case "accept":
        if (item?.suggestion && !this.model.get("multi")) this.commit(item, item.suggestion.label, true);
        return;
      case "confirm":
        if (item && this.model.get("multi")) this.commit(item, [...this.chosen]);
        return;
      case "back":
        this.goto(Math.max(0, this.pos - 1));
        return;
      case "forward":
      case "skip":
        this.goto(Math.min(this.window.total, this.pos + 1));
        return;
      case "undo": {
        const last = this.undoStack.pop();
        if (last === undefined) return;
        const seq = this.outbox.push(last, "undo", null);
        this.channel.undo(seq, last);
        this.status.pending(this.outbox.size, this.failed);
        this.goto(last.pos);
        return;
      }
    }
  }

  /** Record a label locally, queue it for the kernel, and move on at once. */
  private commit(item: Item, value: LabelValue, suggested = false): void {
    const seconds = (performance.now() - this.shownAt) / 1000;
    item.label = value;
    const seq = this.outbox.push(item, "label", value);
    this.undoStack.push({ pos: item.pos, id: item.id, seq });
    this.goto(item.pos + 1);
    this.channel.label(seq, item, value, seconds, { suggestion: item.suggestion, suggested });
    this.status.pending(this.outbox.size, this.failed);
  }

  private onAck(seq: number, pos: number, value: LabelValue): void {
    const entry = this.outbox.settle(seq);
    const item = this.window.get(pos);
    // Another view's ack updates our copy too; our own newer pending label wins over it.
    if (item && (entry || !this.outbox.isPending(item.id))) item.label = value;
    if (entry?.kind === "undo" && pos === this.pos) this.renderCurrent();
    else if (item && pos === this.pos) this.markSaved(item);
    this.status.pending(this.outbox.size, this.failed);
  }

  private goto(pos: number): void {
    if (pos !== this.pos) this.status.fail(null); // an error names its item; it stays behind
    this.pos = pos;
    this.renderCurrent();
    this.window.ensure(pos);
  }

  /** Show the item at the current position: a synchronous DOM swap from the window. */
  private renderCurrent(): void {
    const total = this.window.total;
    const atEnd = this.pos >= total;
    this.doneEl.hidden = !atEnd;
    this.itemEl.hidden = atEnd;
    const item = atEnd ? undefined : this.window.get(this.pos);
    if (!item) {
      delete this.itemEl.dataset.itemId;
      this.itemEl.dataset.loading = String(!atEnd);
      this.status.at(this.pos, total, null);
      return;
    }
    delete this.itemEl.dataset.loading;
    this.view.show(item);
    this.itemEl.dataset.itemId = String(item.id);
    this.itemEl.dataset.pos = String(item.pos);
    this.itemEl.dataset.kind = item.type;
    if (item.type === "error") this.status.fail(`item ${item.id}: ${item.message}`);
    this.chosen = new Set(item.label === null ? [] : Array.isArray(item.label) ? item.label : [item.label]);
    this.buttons.press(this.chosen);
    this.showSuggestion(item);
    this.status.at(this.pos, total, item.id);
    this.markSaved(item);
    this.shownAt = performance.now();
  }

  /** Whether the current item's label is in the store yet: "saved", "saving" or unlabeled. */
  private markSaved(item: Item): void {
    const state = item.label === null ? "unlabeled" : this.outbox.isPending(item.id) ? "saving" : "saved";
    this.itemEl.dataset.saved = state;
    this.status.item(state);
  }

  private showSuggestion(item: Item): void {
    const s = item.suggestion;
    this.suggestionEl.hidden = !s;
    this.buttons.suggest(s?.label ?? null);
    if (s) {
      this.suggestionEl.dataset.label = s.label;
      this.suggestionEl.textContent = `model suggests ${s.label} (${Math.round(s.confidence * 100)}%) · press a to accept`;
    }
  }

  /** While background work runs in the kernel, ask for its news; never more than one poll in flight. */
  private poll(): void {
    if (!this.model.get("_live") || this.pos < 0) return;
    const now = performance.now();
    if (this.pollSentAt && now - this.pollSentAt < POLL_GIVE_UP_MS) return;
    this.pollSentAt = now;
    this.channel.poll(this.pos);
  }

  destroy(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.view.destroy();
    this.window.clear();
  }
}
