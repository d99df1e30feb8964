/**
 * Undo for one text's unsaved span edits: `u` / Ctrl+Z takes back the last tag, removal or
 * review before Enter saves the text, and only then the last saved text.
 *
 * A text may hold thousands of spans and an edit touches a few, so a step keeps only what
 * changed: the spans added, the spans removed, and the fields of the spans an edit may alter
 * in place (the selected one; with accept-all, every pending one). Levels are not kept:
 * `settle` recomputes them from the restored spans. Reading every span on each key would
 * cost milliseconds on a long text (its spans have several shapes).
 */
import type { SpanDoc } from "./doc";
import { nextSpanId } from "./doc";
import { pending, type Result, type Span } from "./span";

/** How many edits of one text can be taken back. */
export const DEPTH = 100;

type Fields = Pick<Span, "label" | "source" | "score" | "accepted">;

interface Step {
  added: Span[];
  removed: Span[];
  altered: Array<[Span, Fields]>;
  docLabels: Set<string> | null;
}

export class EditHistory {
  private steps: Step[] = [];
  private list: Span[] = [];
  private firstNew = 0;
  private fields: Array<[Span, Fields]> = [];
  private labels = new Set<string>();

  get size(): number {
    return this.steps.length;
  }

  /** Note the spans before an edit; `all` when it may alter every pending span (accept-all). */
  before(doc: SpanDoc, all = false): void {
    this.list = doc.spans.slice();
    this.firstNew = nextSpanId();
    const sel = doc.selection;
    const candidates = all ? doc.spans.filter(pending) : sel?.kind === "span" ? [sel.span] : [];
    this.fields = candidates.map((s) => [s, fieldsOf(s)]);
    this.labels = new Set(doc.docLabels);
  }

  /** After the edit: keep a step if it changed anything. */
  after(doc: SpanDoc): void {
    const step: Step = { added: [], removed: [], altered: [], docLabels: null };
    const now = doc.spans;
    if (now.length !== this.list.length || now.some((s, i) => s !== this.list[i])) {
      // New spans have new ids; a Set is built only when some span went away.
      step.added = now.filter((s) => s.id >= this.firstNew);
      if (this.list.length + step.added.length !== now.length) {
        const is = new Set(now);
        step.removed = this.list.filter((s) => !is.has(s));
      }
    }
    step.altered = this.fields.filter(([s, f]) => !sameFields(s, f));
    if (!sameSet(this.labels, doc.docLabels)) step.docLabels = this.labels;
    this.list = [];
    this.fields = [];
    if (step.added.length + step.removed.length + step.altered.length === 0 && !step.docLabels) return;
    this.steps.push(step);
    if (this.steps.length > DEPTH) this.steps.shift();
  }

  /** Put back the spans before the last edit; null when there is nothing to take back. */
  undo(doc: SpanDoc): Result | null {
    const step = this.steps.pop();
    if (!step) return null;
    const added = new Set(step.added);
    doc.spans = [...doc.spans.filter((s) => !added.has(s)), ...step.removed];
    for (const [span, fields] of step.altered) {
      delete span.score;
      delete span.accepted;
      Object.assign(span, fields);
    }
    if (step.docLabels) doc.docLabels = step.docLabels;
    const touched = [...step.added, ...step.removed, ...step.altered.map(([s]) => s)];
    const dirty: Array<[number, number]> = touched.map((s) => [s.start, s.end]);
    dirty.push(...doc.settle());
    const back = step.altered[0]?.[0] ?? step.removed[0];
    doc.selection = back ? { kind: "span", span: back } : null;
    return { ok: true, dirty };
  }
}

function fieldsOf(s: Span): Fields {
  const fields: Fields = { label: s.label, source: s.source };
  if (s.score !== undefined) fields.score = s.score;
  if (s.accepted !== undefined) fields.accepted = s.accepted;
  return fields;
}

function sameFields(s: Span, f: Fields): boolean {
  return s.label === f.label && s.source === f.source && s.score === f.score && s.accepted === f.accepted;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
