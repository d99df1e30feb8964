/**
 * The kernel's news and what it does to the session: items arriving, reorders, new views,
 * acks and refusals, and the poll that asks a busy kernel for more. Apart from the controller
 * because none of it runs on a key press: the controller acts on keys, this on replies.
 */
import type { AnyModel } from "@anywidget/types";
import type { LabelValue, Model } from "./model";
import type { Channel, ItemId } from "./protocol";
import type { Outbox } from "./transport/outbox";
import type { Item, ItemWindow } from "./transport/window";
import type { FocusGuard } from "./ui/focus";
import type { StatusBar } from "./ui/status";

/** How often the browser asks a kernel with background work (active learning) for news. */
export const POLL_MS = 1000;
/** A poll unanswered this long (kernel busy or restarted) no longer blocks the next one. */
const POLL_GIVE_UP_MS = 15_000;

/** The session as the kernel's replies see it (the controller): what they read and change. */
export interface Session {
  /** The position on screen; -1 until the kernel says where to start. */
  readonly pos: number;
  readonly window: ItemWindow;
  readonly outbox: Outbox;
  /** Items whose last label the kernel refused. */
  readonly failed: Set<ItemId>;
  /** Take a label (by its seq), or every label, out of undo's reach. */
  forgetUndo(seq?: number): void;
  readonly status: StatusBar;
  readonly focus: FocusGuard;
  goto(pos: number, moved?: boolean): void;
  renderCurrent(): void;
  markSaved(item: Item): void;
}

export class Inbox {
  private pollSentAt = 0; // when the unanswered poll left, 0 if none

  constructor(
    private session: Session,
    private channel: Channel,
    private model: AnyModel<Model>,
  ) {}

  /** Handle the kernel's replies from now on; returns what stops that. */
  listen(): () => void {
    const s = this.session;
    return this.channel.listen({
      state: (msg, buffers) => {
        s.window.total = msg.total;
        s.window.version = msg.version;
        s.window.add(msg.items, buffers, msg.version, (id) => s.outbox.isPending(id));
        if (s.pos < 0) {
          s.goto(msg.start);
          s.focus.claim(); // on render, unless an editor or another widget has the focus
        }
      },
      items: (msg, buffers) => {
        const waiting = s.window.get(s.pos) === undefined;
        s.window.add(msg.items, buffers, msg.version, (id) => s.outbox.isPending(id));
        // Re-render only an item that was missing: re-rendering resets its timer and choice.
        if (waiting && s.window.get(s.pos)) s.renderCurrent();
      },
      reorder: (msg) => {
        s.window.reorder(msg.version, msg.start, msg.total, s.window.get(s.pos));
        if (s.pos >= 0) s.window.ensure(s.pos);
      },
      refresh: (msg) => {
        // The item on screen comes back too: the `items` handler renders it when it arrives.
        s.window.forget(msg.ids, (id) => s.outbox.isPending(id));
        if (s.pos >= 0) s.window.ensure(s.pos);
      },
      view: (msg, buffers) => {
        // Another subset of the queue: every position means another item now.
        s.window.clear();
        s.window.total = msg.total;
        s.window.version = msg.version;
        s.window.add(msg.items, buffers, msg.version, (id) => s.outbox.isPending(id));
        s.forgetUndo(); // its positions meant other items; the kernel finds what to undo
        s.goto(msg.start, true);
      },
      found: (msg) => s.goto(msg.pos),
      notice: (msg) => s.status.notice(msg.message),
      pong: () => {
        this.pollSentAt = 0;
      },
      ack: (msg) => this.onAck(msg.seq, msg.pos, msg.id, msg.value),
      error: (msg) => {
        const entry = msg.seq !== undefined ? s.outbox.settle(msg.seq) : undefined;
        if (entry?.kind === "undo" && entry.pos < 0) {
          // Nothing of ours left to undo (e.g. after a restart): a key that did nothing, not an error.
          s.status.notice(msg.message);
          s.status.pending(s.outbox.size, s.failed.size);
          return;
        }
        if (entry?.kind === "label") {
          s.failed.add(entry.id);
          // A refused label must not be undone later: that would undo an older one.
          s.forgetUndo(entry.seq);
          // Show what the store really holds for the item, not the refused value.
          const item = s.window.get(entry.pos);
          if (item?.id === entry.id && msg.current !== undefined) item.label = msg.current;
          if (entry.pos === s.pos) s.renderCurrent();
        }
        const where = msg.item_id !== undefined ? `item ${msg.item_id}: ` : "";
        s.status.fail(`${where}${msg.message}`);
        s.status.pending(s.outbox.size, s.failed.size);
      },
    });
  }

  private onAck(seq: number, pos: number, id: ItemId, value: LabelValue): void {
    const s = this.session;
    const entry = s.outbox.settle(seq);
    if (entry) s.failed.delete(id);
    const item = s.window.get(pos);
    // Another view's ack updates our copy too; our own newer pending label wins over it.
    if (item?.id === id && (entry || !s.outbox.isPending(id))) item.label = value;
    if (entry?.kind === "undo" && entry.pos < 0)
      s.goto(pos); // the kernel chose the item
    else if (entry?.kind === "undo" && pos === s.pos) s.renderCurrent();
    else if (item && pos === s.pos) s.markSaved(item);
    s.status.pending(s.outbox.size, s.failed.size);
  }

  /** While background work runs in the kernel, ask for its news; never more than one poll in flight. */
  poll(): void {
    if (!this.model.get("background") || this.session.pos < 0) return;
    const now = performance.now();
    if (this.pollSentAt && now - this.pollSentAt < POLL_GIVE_UP_MS) return;
    this.pollSentAt = now;
    this.channel.poll(this.session.pos);
  }
}
