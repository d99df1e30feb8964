/**
 * Undo for one text's unsaved span edits: `u` / Ctrl+Z takes back the last tag, removal or
 * review before Enter saves the text, and only then the last saved text.
 *
 * An edit touches a few spans of possibly thousands, so each step keeps only what changed:
 * the spans added, and the removed or altered ones with their fields from before. The state
 * before an edit sits in one reused typed array, so editing a long text allocates next to
 * nothing that outlives the key press (whole copies made garbage collection pause tagging).
 */
import type { Result, Span, SpanDoc } from "./doc";

/** How many edits of one text can be taken back. */
export const DEPTH = 100;

/** Numbers kept per span before an edit. */
const WIDTH = 6;
const SOURCE_MODEL = 1;
const ACCEPTED = 2;

type Fields = Pick<Span, "start" | "end" | "label" | "source" | "score" | "accepted" | "level">;

interface Step {
  added: Span[];
  /** Spans the edit removed or altered, with their fields before it. */
  before: Array<[Span, Fields]>;
  docLabels: Set<string> | null;
}

export class EditHistory {
  private steps: Step[] = [];
  private list: Span[] = [];
  private state = new Float64Array(0);
  /** Position + 1 of each span id in `list` (ids are small integers): no map per edit. */
  private slot: Int32Array = new Int32Array(0);
  private labels = new Set<string>();

  get size(): number {
    return this.steps.length;
  }

  /** Note the text's spans before an edit; `after` then keeps what the edit changed. */
  before(doc: SpanDoc): void {
    this.list = doc.spans.slice();
    if (this.state.length < this.list.length * WIDTH)
      this.state = new Float64Array(this.list.length * WIDTH * 2);
    const top = this.list.reduce((m, s) => Math.max(m, s.id), 0);
    if (this.slot.length <= top) this.slot = grown(this.slot, top);
    for (const [i, s] of this.list.entries()) {
      write(this.state, i, s);
      this.slot[s.id] = i + 1;
    }
    this.labels = new Set(doc.docLabels);
  }

  /** After the edit: keep a step if it changed anything. */
  after(doc: SpanDoc): void {
    const step: Step = { added: [], before: [], docLabels: null };
    const seen = new Uint8Array(this.list.length);
    for (const s of doc.spans) {
      const i = s.id < this.slot.length ? this.slot[s.id] - 1 : -1;
      if (i < 0 || this.list[i] !== s) step.added.push(s);
      else {
        seen[i] = 1;
        if (!same(this.state, i, s)) step.before.push([s, read(this.state, i)]);
      }
    }
    for (const [i, s] of this.list.entries()) {
      this.slot[s.id] = 0;
      if (!seen[i]) step.before.push([s, read(this.state, i)]);
    }
    if (!sameSet(this.labels, doc.docLabels)) step.docLabels = this.labels;
    this.list = [];
    if (step.added.length + step.before.length === 0 && !step.docLabels) return;
    this.steps.push(step);
    if (this.steps.length > DEPTH) this.steps.shift();
  }

  /** Put back the spans before the last edit; null when there is nothing to take back. */
  undo(doc: SpanDoc): Result | null {
    const step = this.steps.pop();
    if (!step) return null;
    const dirty: Array<[number, number]> = step.added.map((s) => [s.start, s.end]);
    const added = new Set(step.added);
    const present = new Set(doc.spans);
    const spans = doc.spans.filter((s) => !added.has(s));
    for (const [span, fields] of step.before) {
      dirty.push([span.start, span.end]);
      restore(span, fields);
      dirty.push([span.start, span.end]);
      if (!present.has(span)) spans.push(span);
    }
    doc.spans = spans;
    if (step.docLabels) doc.docLabels = step.docLabels;
    dirty.push(...doc.settle());
    const back = step.before[0]?.[0];
    doc.selection = back && doc.spans.includes(back) ? { kind: "span", span: back } : null;
    return { ok: true, dirty };
  }
}

function grown(slot: Int32Array, top: number): Int32Array {
  const bigger = new Int32Array(Math.max(top + 1, slot.length * 2));
  bigger.set(slot);
  return bigger;
}

function write(state: Float64Array, i: number, s: Span): void {
  const at = i * WIDTH;
  state[at] = s.start;
  state[at + 1] = s.end;
  state[at + 2] = s.label;
  state[at + 3] = s.level;
  state[at + 4] = (s.source === "model" ? SOURCE_MODEL : 0) | (s.accepted === true ? ACCEPTED : 0);
  state[at + 5] = s.score ?? Number.NaN;
}

function same(state: Float64Array, i: number, s: Span): boolean {
  const at = i * WIDTH;
  const flags = (s.source === "model" ? SOURCE_MODEL : 0) | (s.accepted === true ? ACCEPTED : 0);
  const score = s.score ?? Number.NaN;
  return (
    state[at] === s.start &&
    state[at + 1] === s.end &&
    state[at + 2] === s.label &&
    state[at + 3] === s.level &&
    state[at + 4] === flags &&
    (state[at + 5] === score || (Number.isNaN(state[at + 5]) && Number.isNaN(score)))
  );
}

function read(state: Float64Array, i: number): Fields {
  const at = i * WIDTH;
  const model = (state[at + 4] & SOURCE_MODEL) !== 0;
  const fields: Fields = {
    start: state[at],
    end: state[at + 1],
    label: state[at + 2],
    level: state[at + 3],
    source: model ? "model" : "human",
  };
  if (!Number.isNaN(state[at + 5])) fields.score = state[at + 5];
  if (model) fields.accepted = (state[at + 4] & ACCEPTED) !== 0;
  return fields;
}

function restore(span: Span, fields: Fields): void {
  delete span.score;
  delete span.accepted;
  Object.assign(span, fields);
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
