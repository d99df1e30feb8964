/**
 * Python counts code points, JavaScript counts UTF-16 units: every character outside the Basic
 * Multilingual Plane (emoji, rare CJK) shifts the offsets after it. This converts at the boundary.
 */

export class Offsets {
  /** UTF-16 index of each astral character, ascending; empty for most texts (the fast path). */
  private astral: number[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          this.astral.push(i);
          i++;
        }
      }
    }
  }

  /** A Python (code point) offset as a UTF-16 offset. */
  toUnits(cp: number): number {
    if (this.astral.length === 0) return cp;
    // The k-th astral char sits at code point astral[k] - k; each one before `cp` adds a unit.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }

  /** A UTF-16 offset as a Python offset; one that splits a surrogate pair throws. */
  toCodePoints(units: number): number {
    if (this.astral.length === 0) return units;
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] < units) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && this.astral[lo - 1] === units - 1) {
      throw new RangeError(`UTF-16 offset ${units} splits a surrogate pair`);
    }
    return units - lo;
  }
}
