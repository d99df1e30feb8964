/** Min/max peaks (int8 pairs, as items/_audio.py sends them) and the columns a view draws. Pure. */

/** Peaks covering [from, to) seconds: `data` is min, max, min, max... one pair per bin. */
export interface Peaks {
  from: number;
  to: number;
  data: Int8Array;
}

export function bins(p: Peaks): number {
  return p.data.length >> 1;
}

/** Seconds per bin: how fine the peaks are. */
export function resolution(p: Peaks): number {
  return (p.to - p.from) / Math.max(1, bins(p));
}

/**
 * One (min, max) pair per pixel column for the view [from, to) on `width` columns, from the
 * bins of `p` that fall in each column (the nearest bin when a column is narrower than a bin).
 * Columns outside `p` are (0, 0).
 */
export function columns(p: Peaks, from: number, to: number, width: number): Int8Array {
  const out = new Int8Array(2 * width);
  const n = bins(p);
  if (n === 0 || to <= from || width <= 0) return out;
  const perBin = (p.to - p.from) / n;
  const perCol = (to - from) / width;
  for (let x = 0; x < width; x++) {
    const t0 = from + x * perCol;
    const t1 = t0 + perCol;
    if (t1 <= p.from || t0 >= p.to) continue;
    let a = Math.floor((t0 - p.from) / perBin);
    let b = Math.ceil((t1 - p.from) / perBin);
    a = Math.max(0, Math.min(n - 1, a));
    b = Math.max(a + 1, Math.min(n, b));
    let lo = 127;
    let hi = -127;
    for (let i = a; i < b; i++) {
      const mn = p.data[2 * i];
      const mx = p.data[2 * i + 1];
      if (mn < lo) lo = mn;
      if (mx > hi) hi = mx;
    }
    out[2 * x] = lo;
    out[2 * x + 1] = hi;
  }
  return out;
}

/** A view [from, to) zoomed by `factor` around `at`, kept inside [0, duration]. */
export function zoom(
  view: { from: number; to: number },
  factor: number,
  at: number,
  duration: number,
  minSpan = 0.05,
): { from: number; to: number } {
  const span = Math.min(duration, Math.max(minSpan, (view.to - view.from) / factor));
  const rel = view.to > view.from ? (at - view.from) / (view.to - view.from) : 0.5;
  const from = at - span * Math.min(1, Math.max(0, rel));
  return pan({ from, to: from + span }, 0, duration);
}

/** A view moved by `dt` seconds, kept inside [0, duration] at its span. */
export function pan(
  view: { from: number; to: number },
  dt: number,
  duration: number,
): { from: number; to: number } {
  const span = Math.min(duration, view.to - view.from);
  const from = Math.min(duration - span, Math.max(0, view.from + dt));
  return { from, to: from + span };
}
