/** Labels per minute over the last few minutes, and the time left at that pace. */

/** How far back the pace looks: recent enough to follow a change of speed, long enough to be calm. */
export const PACE_WINDOW_MS = 5 * 60_000;
/** Fewer labels than this, or a shorter stretch, gives no pace yet (it would be noise). */
const MIN_LABELS = 3;
const MIN_SPAN_MS = 10_000;

export class Pace {
  private stamps: number[] = [];

  /** A label was given at `now` (ms): O(1), safe in the key path. */
  record(now: number): void {
    this.stamps.push(now);
  }

  /** Labels per minute over the window, or null while there is too little to say. */
  perMinute(now: number): number | null {
    const since = now - PACE_WINDOW_MS;
    let drop = 0;
    while (drop < this.stamps.length && this.stamps[drop] < since) drop++;
    if (drop) this.stamps.splice(0, drop);
    const span = now - (this.stamps[0] ?? now);
    if (this.stamps.length < MIN_LABELS || span < MIN_SPAN_MS) return null;
    return (this.stamps.length / span) * 60_000;
  }

  /** Seconds to label `remaining` items at the current pace, or null without a pace. */
  secondsLeft(remaining: number, now: number): number | null {
    const rate = this.perMinute(now);
    return rate === null || rate <= 0 ? null : (remaining / rate) * 60;
  }
}

/** "0:07", "4:32" under an hour, then "1 h 05 min". */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s >= 3600)
    return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** A rough duration for an estimate: "< 1 min", "12 min", "2 h 10 min". */
export function roughText(seconds: number): string {
  if (seconds < 60) return "< 1 min";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
