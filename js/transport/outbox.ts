/** Labels on their way to the kernel, in order; each is pending until the kernel acks it. */
import type { LabelValue } from "../model";
import type { ItemId } from "../protocol";

export interface Pending {
  seq: number;
  pos: number;
  id: ItemId;
  kind: "label" | "undo" | "skip";
  value: LabelValue;
}

export class Outbox {
  private pending = new Map<number, Pending>();
  private seq: number;

  constructor() {
    // Several views of one widget share the kernel's replies: distinct seq ranges keep acks apart.
    this.seq = Math.floor(Math.random() * 2 ** 30) * 1024;
  }

  /** Record an entry and return its sequence number. */
  push(item: { pos: number; id: ItemId }, kind: Pending["kind"], value: LabelValue): number {
    const seq = ++this.seq;
    this.pending.set(seq, { seq, pos: item.pos, id: item.id, kind, value });
    return seq;
  }

  /** Settle an entry (acked or failed); undefined when it was another view's. */
  settle(seq: number): Pending | undefined {
    const entry = this.pending.get(seq);
    this.pending.delete(seq);
    return entry;
  }

  get size(): number {
    return this.pending.size;
  }

  isPending(id: ItemId): boolean {
    for (const entry of this.pending.values()) if (entry.id === id) return true;
    return false;
  }
}
