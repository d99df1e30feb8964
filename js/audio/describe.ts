/** The audio task's lines of text: where the playhead is, and what the selection is. Pure. */
import type { ClipValue } from "./regions";

/** m:ss.s */
export function clock(t: number): string {
  const m = Math.floor(t / 60);
  const s = t - 60 * m;
  return `${m}:${s < 10 ? "0" : ""}${s.toFixed(1)}`;
}

/** "0:03.2 / 1:00.0 · 1.25×", plus the zoomed range when not all of the clip is in view. */
export function infoLine(
  t: number,
  duration: number,
  rate: number,
  view: { from: number; to: number },
): string {
  const zoomed = view.to - view.from < duration - 1e-6;
  const range = zoomed ? ` · zoom ${clock(view.from)}–${clock(view.to)}` : "";
  return `${clock(t)} / ${clock(duration)} · ${rate}×${range}`;
}

/** The selected region, the open `[` mark, or how many regions there are. */
export function hintLine(value: ClipValue, labels: readonly string[]): string {
  const s = value.selected;
  if (s) {
    const review =
      s.source !== "model" ? "" : s.accepted ? " (accepted)" : " (detected: a accepts, x rejects)";
    return `${labels[s.label] ?? "unlabeled"} ${s.start.toFixed(2)}–${s.end.toFixed(2)} s${review}`;
  }
  if (value.markIn !== null) return `from ${value.markIn.toFixed(2)} s: ] marks the end`;
  const pending = value.regions.filter((r) => r.source === "model" && !r.accepted).length;
  const detected = pending ? `, ${pending} detected to review` : "";
  return `${value.regions.length} regions${detected} · drag or [ ] to mark one`;
}
