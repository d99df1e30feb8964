/**
 * One text's spans and selection, without a DOM: moving by token, extending, tagging, removing,
 * pre-annotations. Offsets here are UTF-16 units; `Offsets` converts at the wire.
 */
import type { Json } from "../model";
import type { Offsets } from "./offsets";
import { relevel, sortSpans } from "./order";
import { pending, type Result, type Selection, type Span } from "./span";
import { type Stop, spanStop, stopAfter, stopBefore, tokenStop } from "./stops";
import type { Tokens } from "./tokens";

let nextId = 1;

/** The id the next span will get: spans made after this call have ids at least this. */
export function nextSpanId(): number {
  return nextId;
}

export class SpanDoc {
  spans: Span[] = []; // sorted by (start, -end, label, id)
  selection: Selection = null;
  docLabels = new Set<string>();

  constructor(
    readonly text: string,
    readonly tokens: Tokens,
    readonly offsets: Offsets,
    readonly labels: readonly string[],
    readonly overlap: boolean,
  ) {}

  /** Load spans as Python sends them (code point offsets, label names). */
  load(spans: unknown, docLabels: unknown = []): void {
    this.spans = [];
    for (const raw of Array.isArray(spans) ? spans : []) {
      const s = raw as Record<string, unknown>;
      const label = this.labels.indexOf(String(s.label));
      if (label < 0 || typeof s.start !== "number" || typeof s.end !== "number") continue;
      this.spans.push({
        id: nextId++,
        start: this.offsets.toUnits(s.start),
        end: this.offsets.toUnits(s.end),
        label,
        source: s.source === "model" ? "model" : "human",
        ...(typeof s.score === "number" ? { score: s.score } : {}),
        ...(s.source === "model" ? { accepted: s.accepted === true } : {}),
        level: 0,
      });
    }
    this.docLabels = new Set(Array.isArray(docLabels) ? docLabels.map(String) : []);
    sortSpans(this.spans);
    relevel(this.spans, this.overlap);
    this.selection = null;
  }

  /** The value Python stores: code point offsets, label names, the covered text. */
  value(docOrder: readonly string[]): Json {
    const spans = this.spans.map((s) => {
      const out: { [key: string]: Json } = {
        start: this.offsets.toCodePoints(s.start),
        end: this.offsets.toCodePoints(s.end),
        label: this.labels[s.label],
        text: this.text.slice(s.start, s.end),
        source: s.source,
      };
      if (s.score !== undefined) out.score = s.score;
      if (s.source === "model") out.accepted = s.accepted === true;
      return out;
    });
    return { spans, labels: docOrder.filter((l) => this.docLabels.has(l)) };
  }

  /** The selection's unit range, or null. */
  range(): [number, number] | null {
    const sel = this.selection;
    if (!sel) return null;
    if (sel.kind === "span") return [sel.span.start, sel.span.end];
    const { starts, ends } = this.tokens;
    return [starts[Math.min(sel.anchor, sel.focus)], ends[Math.max(sel.anchor, sel.focus)]];
  }

  selectTokens(first: number, last: number): void {
    this.selection = { kind: "tokens", anchor: first, focus: last, origin: null };
  }

  selectSpan(span: Span): void {
    this.selection = { kind: "span", span };
  }

  /** Arrow keys: the next (or previous) token or span; a span is selected whole. */
  move(dir: 1 | -1): void {
    const sel = this.selection;
    let from: Stop;
    if (!sel)
      from = dir > 0 ? { start: -1, end: 0, rank: 0, tie: 0 } : { start: Infinity, end: 0, rank: 0, tie: 0 };
    else if (sel.kind === "span") from = spanStop(sel.span);
    else if (sel.anchor === sel.focus) from = tokenStop(this, sel.anchor);
    else {
      const [a, b] = this.range() as [number, number];
      // A multi-token selection collapses past its edge, as in a text editor.
      from =
        dir > 0 ? { start: b - 0.5, end: 0, rank: 0, tie: 0 } : { start: a - 0.5, end: 0, rank: 0, tie: 0 };
    }
    const stop = dir > 0 ? stopAfter(this, from) : stopBefore(this, from);
    if (!stop) return;
    if (stop.span) this.selectSpan(stop.span);
    else {
      const i = this.tokens.after(stop.start);
      this.selectTokens(i, i);
    }
  }

  /** Shift+arrows: grow or shrink the selection by one token; a selected span becomes its tokens. */
  extend(dir: 1 | -1): void {
    const sel = this.selection;
    const n = this.tokens.length;
    if (n === 0) return;
    if (!sel) {
      this.move(dir);
      return;
    }
    if (sel.kind === "span") {
      const first = this.tokens.after(sel.span.start);
      const last = Math.max(first, this.tokens.before(sel.span.end));
      const focus = Math.min(n - 1, Math.max(0, dir > 0 ? last + 1 : first - 1));
      const anchor = dir > 0 ? first : last;
      this.selection = { kind: "tokens", anchor, focus, origin: sel.span };
      return;
    }
    sel.focus = Math.min(n - 1, Math.max(0, sel.focus + dir));
  }

  /** A label key: tag the selected tokens, or relabel (or accept) the selected span. */
  tag(label: number): Result {
    const sel = this.selection;
    if (!sel) return { ok: false, why: "select some text first: drag over it, click a word or press →" };
    if (sel.kind === "span") {
      const span = sel.span;
      if (span.label === label) {
        if (!pending(span)) return { ok: true, dirty: [] };
        span.accepted = true;
        return { ok: true, dirty: [[span.start, span.end]] };
      }
      if (this.find(span.start, span.end, label))
        return { ok: false, why: "that span already has this label" };
      span.label = label;
      span.source = "human";
      delete span.score;
      delete span.accepted;
      sortSpans(this.spans);
      return { ok: true, dirty: [[span.start, span.end], ...relevel(this.spans, this.overlap)] };
    }
    const [start, end] = this.range() as [number, number];
    const keep = (s: Span) => s !== sel.origin;
    if (this.find(start, end, label, keep)) return { ok: false, why: "that span already has this label" };
    const dirty: Array<[number, number]> = [];
    if (!this.overlap) {
      const hit = this.spans.filter((s) => keep(s) && s.start < end && start < s.end);
      const blocking = hit.find((s) => !pending(s));
      if (blocking) {
        const what = `${this.labels[blocking.label]} "${this.text.slice(blocking.start, blocking.end)}"`;
        return { ok: false, why: `overlaps ${what}: spans may not overlap here (overlap=True allows it)` };
      }
      for (const s of hit) dirty.push(...this.drop(s)); // unreviewed pre-annotations give way
    }
    if (sel.origin) dirty.push(...this.drop(sel.origin));
    const span: Span = { id: nextId++, start, end, label, source: "human", level: 0 };
    this.spans.push(span);
    sortSpans(this.spans);
    this.selectSpan(span);
    return { ok: true, dirty: [[start, end], ...dirty, ...relevel(this.spans, this.overlap)] };
  }

  /** Delete/Backspace: remove the selected span (or the innermost one under the selection). */
  remove(): Result {
    const sel = this.selection;
    const range = this.range();
    if (!sel || !range) return { ok: false, why: "select a span to remove it" };
    const span =
      sel.kind === "span"
        ? sel.span
        : this.spans
            .filter((s) => s.start <= range[0] && range[1] <= s.end)
            .sort((a, b) => b.level - a.level)[0];
    if (!span) return { ok: false, why: "no span here to remove" };
    const dirty = this.drop(span);
    const first = this.tokens.after(span.start);
    this.selectTokens(first, Math.max(first, this.tokens.before(span.end)));
    return { ok: true, dirty };
  }

  /** Accept (or reject) the selected pre-annotation and select the next; else select the next. */
  review(accept: boolean): Result {
    const sel = this.selection;
    if (sel?.kind === "span" && pending(sel.span)) {
      const span = sel.span;
      const dirty = accept ? [[span.start, span.end] as [number, number]] : this.drop(span);
      if (accept) span.accepted = true;
      const next = this.nextPending(span.start);
      if (next) this.selectSpan(next);
      else if (!accept) this.selection = null;
      return { ok: true, dirty };
    }
    const range = this.range();
    const next = this.nextPending(range ? range[0] : -1) ?? this.nextPending(-1);
    if (!next) return { ok: false, why: "no pre-annotations left to review" };
    this.selectSpan(next);
    return { ok: true, dirty: [] };
  }

  /** Accept or reject every pre-annotation not yet reviewed. */
  reviewAll(accept: boolean): Result {
    const open = this.spans.filter(pending);
    if (open.length === 0) return { ok: false, why: "no pre-annotations left to review" };
    const dirty: Array<[number, number]> = [];
    for (const span of open) {
      if (accept) {
        span.accepted = true;
        dirty.push([span.start, span.end]);
      } else dirty.push(...this.drop(span));
    }
    if (this.selection?.kind === "span" && !this.spans.includes(this.selection.span)) this.selection = null;
    return { ok: true, dirty };
  }

  /** Put the spans in order and on their levels after an outside change (an undo). */
  settle(): Array<[number, number]> {
    sortSpans(this.spans);
    return relevel(this.spans, this.overlap);
  }

  /** The first unreviewed pre-annotation starting after `unit`. */
  private nextPending(unit: number): Span | undefined {
    return this.spans.find((s) => pending(s) && s.start > unit);
  }

  private find(start: number, end: number, label: number, keep: (s: Span) => boolean = () => true) {
    return this.spans.find((s) => keep(s) && s.start === start && s.end === end && s.label === label);
  }

  private drop(span: Span): Array<[number, number]> {
    this.spans = this.spans.filter((s) => s !== span);
    return [[span.start, span.end], ...relevel(this.spans, this.overlap)];
  }
}
