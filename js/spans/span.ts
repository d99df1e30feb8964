/**
 * What a span is, what a selection is, and what an edit returns: the shapes the document, its
 * undo history and its drawing share. Apart from `doc.ts` so the history and the drawing read
 * spans without depending on how the document edits them.
 */

export interface Span {
  /** Stable within a view: how the DOM finds the span's pieces. */
  id: number;
  start: number;
  end: number;
  /** Index into the span labels. */
  label: number;
  source: "human" | "model";
  score?: number;
  /** A pre-annotation the user accepted (true) or has not reviewed (false). */
  accepted?: boolean;
  /** Drawing depth: overlapping spans get different levels so every one stays visible. */
  level: number;
}

export type Selection =
  | { kind: "tokens"; anchor: number; focus: number; origin: Span | null }
  | { kind: "span"; span: Span }
  | null;

/** What an edit changed: unit ranges to redraw, or why it was refused. */
export type Result = { ok: true; dirty: Array<[number, number]> } | { ok: false; why: string };

export function pending(span: Span): boolean {
  return span.source === "model" && span.accepted !== true;
}
