/**
 * Undo for one text's unsaved span edits: `u` / Ctrl+Z takes back the last tag, removal or
 * review before Enter saves the text, and only then the last saved text.
 */
import type { Result, Span, SpanDoc } from "./doc";

/** How many edits of one text can be taken back. */
export const DEPTH = 100;

interface Snapshot {
  spans: Span[];
  docLabels: Set<string>;
}

export class EditHistory {
  private past: Snapshot[] = [];

  get size(): number {
    return this.past.length;
  }

  /** Remember the text's spans before an edit; `keep(false)` forgets it if nothing changed. */
  before(doc: SpanDoc): void {
    this.past.push({ spans: doc.spans.map((s) => ({ ...s })), docLabels: new Set(doc.docLabels) });
    if (this.past.length > DEPTH) this.past.shift();
  }

  /** After the edit: keep the snapshot only if the edit changed something. */
  keep(changed: boolean): void {
    if (!changed) this.past.pop();
  }

  /** Put back the spans before the last edit; null when there is nothing to take back. */
  undo(doc: SpanDoc): Result | null {
    const last = this.past.pop();
    if (!last) return null;
    const now = new Map(doc.spans.map((s) => [s.id, key(s)]));
    const then = new Map(last.spans.map((s) => [s.id, key(s)]));
    const dirty: Array<[number, number]> = [];
    for (const s of doc.spans) if (then.get(s.id) !== key(s)) dirty.push([s.start, s.end]);
    const restored = last.spans.filter((s) => now.get(s.id) !== key(s));
    for (const s of restored) dirty.push([s.start, s.end]);
    doc.spans = last.spans;
    doc.docLabels = last.docLabels;
    doc.selection = restored.length > 0 ? { kind: "span", span: restored[0] } : null;
    return { ok: true, dirty };
  }
}

/** Everything drawn about a span: two spans with the same key look the same. */
function key(s: Span): string {
  return `${s.start}:${s.end}:${s.label}:${s.source}:${s.accepted === true}:${s.level}`;
}
