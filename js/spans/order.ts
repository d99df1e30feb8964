/**
 * The order a text's spans are kept in and the levels they are drawn at. Apart from `doc.ts`
 * because it is the one rule every edit ends with, and it reads nothing but the spans.
 */
import type { Span } from "./span";

/** Sort by (start, -end, label, id): the order `SpanDoc.spans` is kept in. */
export function sortSpans(spans: Span[]): void {
  spans.sort((a, b) => a.start - b.start || b.end - a.end || a.label - b.label || a.id - b.id);
}

/** Give overlapping spans different levels (lowest free one); return ranges whose level changed. */
export function relevel(spans: readonly Span[], overlap: boolean): Array<[number, number]> {
  const changed: Array<[number, number]> = [];
  const busyUntil: number[] = [];
  for (const span of spans) {
    let level = 0;
    if (overlap) {
      while (level < busyUntil.length && busyUntil[level] > span.start) level++;
      busyUntil[level] = span.end;
    }
    if (span.level !== level) changed.push([span.start, span.end]);
    span.level = level;
  }
  return changed;
}
