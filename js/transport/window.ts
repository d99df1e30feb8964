/** The prefetched window of items around the current position, and when to ask for more. */
import type { Media } from "../media";
import type { ItemHeader } from "../protocol";

export interface Item extends ItemHeader {
  /** What the task prepared from the item's bytes (a decoded image, audio peaks...). */
  media?: Media;
}

/** Turns an arriving item's bytes into media, at once, so showing it later waits for nothing. */
export type Prepare = (header: ItemHeader, buffer: DataView | undefined) => Media | undefined;

/** Items kept ahead of the current one: moving forward never waits for the kernel. */
export const AHEAD = 40;
/** Items kept behind it, for going back. */
export const BEHIND = 20;
/** Items asked for per `need` message. */
export const CHUNK = 32;

export class ItemWindow {
  private items = new Map<number, Item>();
  private requested = new Set<number>();
  total = 0;
  version = 0;

  constructor(
    private need: (start: number, count: number) => void,
    private prepare: Prepare = () => undefined,
  ) {}

  get(pos: number): Item | undefined {
    return this.items.get(pos);
  }

  /** Ask for whatever is missing in [pos - BEHIND, pos + AHEAD), in contiguous chunks. */
  ensure(pos: number): void {
    const lo = Math.max(0, pos - BEHIND);
    const hi = Math.min(this.total, pos + AHEAD);
    let start = -1;
    const flush = (end: number) => {
      for (let s = start; s < end; s += CHUNK) this.need(s, Math.min(CHUNK, end - s));
      start = -1;
    };
    // The current item first, so a jump shows it before its neighbours arrive.
    for (const p of [pos, ...range(lo, hi)]) {
      const missing = p < this.total && !this.items.has(p) && !this.requested.has(p);
      if (missing) {
        this.requested.add(p);
        if (start < 0) start = p;
        if (p === pos) flush(p + 1);
      } else if (start >= 0) {
        flush(p);
      }
    }
    if (start >= 0) flush(hi);
    this.evict(pos);
  }

  /**
   * Store arriving items, preparing their media right away. `keepLabel(id)` says which items have a
   * label of ours on its way: a reply meant for another view must not overwrite it.
   */
  add(
    headers: ItemHeader[],
    buffers: DataView[],
    version = this.version,
    keepLabel: (id: ItemHeader["id"]) => boolean = () => false,
  ): void {
    if (version !== this.version) return; // sent before a reorder: positions mean other items now
    for (const header of headers) {
      this.requested.delete(header.pos);
      const old = this.items.get(header.pos);
      old?.media?.release();
      const item: Item = { ...header };
      if (old && old.id === header.id && keepLabel(header.id)) item.label = old.label;
      item.media = this.prepare(header, header.buffer === undefined ? undefined : buffers[header.buffer]);
      this.items.set(header.pos, item);
    }
  }

  /**
   * The queue changed from `start` on: forget those positions so they are fetched anew, all
   * but `keep`, the item on screen, which must not change under the user's eyes.
   */
  reorder(version: number, start: number, total: number, keep?: Item): void {
    this.version = version;
    this.total = total;
    for (const [p, item] of this.items) {
      if (p >= start && item !== keep) {
        item.media?.release();
        this.items.delete(p);
      }
    }
    this.requested.clear();
  }

  /**
   * These items changed in the kernel, not here (a decision from Python, an undone session):
   * forget the loaded copies, all but those with a label of ours on its way, so `ensure`
   * fetches them anew. Returns the positions forgotten.
   */
  forget(ids: ItemHeader["id"][], keepLabel: (id: ItemHeader["id"]) => boolean = () => false): number[] {
    const changed = new Set(ids);
    const forgotten: number[] = [];
    for (const [p, item] of this.items) {
      if (changed.has(item.id) && !keepLabel(item.id)) {
        item.media?.release();
        this.items.delete(p);
        forgotten.push(p);
      }
    }
    return forgotten;
  }

  /** Forget items far from the current position, so 100k-item queues stay light. */
  private evict(pos: number): void {
    for (const [p, item] of this.items) {
      if (p < pos - 2 * BEHIND || p >= pos + 2 * AHEAD) {
        item.media?.release();
        this.items.delete(p);
      }
    }
  }

  clear(): void {
    for (const item of this.items.values()) item.media?.release();
    this.items.clear();
    this.requested.clear();
  }
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: Math.max(0, hi - lo) }, (_, i) => lo + i);
}
