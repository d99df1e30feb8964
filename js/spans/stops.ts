/**
 * The order the arrow keys walk a text in: spans before the tokens they start with, and the
 * tokens a span hides skipped. Apart from `doc.ts` because it only reads the document: the
 * next or previous stop from a place, never an edit.
 */
import type { Span } from "./span";
import type { Tokens } from "./tokens";

/** One place in the order the arrow keys walk: spans before the tokens they start with. */
export interface Stop {
  start: number;
  end: number;
  rank: number; // 0 span, 1 token
  tie: number; // span label and id, so same-range spans are separate stops
  span?: Span;
}

/** What the walk reads of a document (a `SpanDoc`). */
export interface Walked {
  readonly spans: readonly Span[];
  readonly tokens: Tokens;
  readonly overlap: boolean;
}

export function tokenStop(doc: Walked, i: number): Stop {
  return { start: doc.tokens.starts[i], end: doc.tokens.ends[i], rank: 1, tie: 0 };
}

/** Tokens the arrows skip: inside a span (no overlap) or exactly a span's range (overlap). */
function hidden(doc: Walked, i: number): boolean {
  const a = doc.tokens.starts[i];
  const b = doc.tokens.ends[i];
  return doc.spans.some((s) => (doc.overlap ? s.start === a && s.end === b : s.start <= a && b <= s.end));
}

export function stopAfter(doc: Walked, from: Stop): Stop | null {
  const span = doc.spans.find((s) => compare(spanStop(s), from) > 0);
  let i = doc.tokens.after(Math.floor(from.start));
  while (i < doc.tokens.length && (compare(tokenStop(doc, i), from) <= 0 || hidden(doc, i))) i++;
  const token = i < doc.tokens.length ? tokenStop(doc, i) : null;
  return pick(span ? spanStop(span) : null, token, (a, b) => compare(a, b) < 0);
}

export function stopBefore(doc: Walked, from: Stop): Stop | null {
  const spans = doc.spans.filter((s) => compare(spanStop(s), from) < 0);
  const span = spans.length ? spans.reduce((a, b) => (compare(spanStop(a), spanStop(b)) > 0 ? a : b)) : null;
  let i = Math.min(doc.tokens.length - 1, doc.tokens.before(Math.ceil(from.start) + 1));
  while (i >= 0 && (compare(tokenStop(doc, i), from) >= 0 || hidden(doc, i))) i--;
  const token = i >= 0 ? tokenStop(doc, i) : null;
  return pick(span ? spanStop(span) : null, token, (a, b) => compare(a, b) > 0);
}

export function spanStop(s: Span): Stop {
  return { start: s.start, end: s.end, rank: 0, tie: s.label * 1e9 + s.id, span: s };
}

function compare(a: Stop, b: Stop): number {
  return a.start - b.start || b.end - a.end || a.rank - b.rank || a.tie - b.tie;
}

function pick(a: Stop | null, b: Stop | null, better: (a: Stop, b: Stop) => boolean): Stop | null {
  if (!a) return b;
  if (!b) return a;
  return better(a, b) ? a : b;
}
