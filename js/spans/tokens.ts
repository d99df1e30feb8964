/** Token offsets from the kernel (code points) in UTF-16 units, and snapping a range to them. */
import type { Offsets } from "./offsets";

export class Tokens {
  /** Start and end of token i in UTF-16 units, ascending, never overlapping. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;

  constructor(starts: Int32Array, ends: Int32Array) {
    this.starts = starts;
    this.ends = ends;
  }

  /** Decode little-endian uint32 `(start, end)` code point pairs and convert them to UTF-16. */
  static fromBuffer(view: DataView | undefined, offsets: Offsets): Tokens {
    const n = view ? Math.floor(view.byteLength / 8) : 0;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      starts[i] = offsets.toUnits((view as DataView).getUint32(8 * i, true));
      ends[i] = offsets.toUnits((view as DataView).getUint32(8 * i + 4, true));
    }
    return new Tokens(starts, ends);
  }

  get length(): number {
    return this.starts.length;
  }

  /** The first token ending after `unit` (the one holding it, or the next); `length` if none. */
  after(unit: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] <= unit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The last token starting before `unit` (the one holding unit - 1, or the one before); -1 if none. */
  before(unit: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < unit) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * The tokens a selection of units `[from, to)` touches, as `[first, last]`; null when it
   * touches none (only spaces). A click (`from === to`) picks the token under it, or the nearest.
   */
  snap(from: number, to: number): [number, number] | null {
    if (this.length === 0) return null;
    const a = Math.min(from, to);
    const b = Math.max(from, to);
    if (a === b) {
      const i = this.after(a);
      const j = this.before(a + 1);
      if (i < this.length && this.starts[i] <= a) return [i, i];
      if (j >= 0 && this.ends[j] >= a) return [j, j];
      const near = i < this.length ? i : j;
      return [near, near];
    }
    const first = this.after(a);
    const last = this.before(b);
    return first <= last ? [first, last] : null;
  }
}
