/**
 * Draws a text and its spans as text nodes (never HTML), one element per paragraph, so an edit
 * redraws only the paragraphs it touches. The selection is a CSS highlight: no DOM change.
 */
import type { SpanDoc } from "./doc";
import { pending, type Span } from "./span";

const HIGHLIGHT = "nbl-spans-selection";
/** Label colours cycle through this many classes (`.nbl-c0`...). */
const COLOURS = 8;
/** Overlapping spans are drawn at up to this many depths; deeper ones share the last. */
const LEVELS = 6;
/** Characters drawn with their spans before the first paint; the rest follows in slices. */
const FIRST_CHARS = 6000;
const SLICE_CHARS = 20000;

interface Para {
  start: number;
  end: number;
  el: HTMLElement;
  /** Text nodes with their unit offsets, in order. */
  nodes: Array<{ node: Text; start: number }>;
  /** Whether its spans are drawn (a long text's later paragraphs show plain text for a moment). */
  filled: boolean;
}

export class SpanView {
  readonly element = document.createElement("div");
  private paras: Para[] = [];
  private starts = new WeakMap<Text, number>();
  private marked: Element[] = [];
  private range: Range | null = null;
  private doc: SpanDoc | null = null;
  private later = 0; // timer drawing the rest of a long text

  constructor(private labels: readonly string[]) {
    this.element.className = "nbl-spans-doc nbl-text";
  }

  /**
   * Draw `doc` from scratch: its first paragraphs with their spans now, the rest of a long
   * text as plain text now and with spans in slices after the first paint.
   */
  render(doc: SpanDoc): void {
    clearTimeout(this.later);
    this.doc = doc;
    this.paras = [];
    const text = doc.text;
    let start = 0;
    while (start < text.length || this.paras.length === 0) {
      const nl = text.indexOf("\n", start);
      const end = nl < 0 ? text.length : nl + 1;
      this.paras.push({ start, end, el: document.createElement("div"), nodes: [], filled: false });
      start = end;
    }
    const byPara: Span[][] = this.paras.map(() => []);
    for (const span of doc.spans) {
      for (let p = this.paraAt(span.start); p < this.paras.length && this.paras[p].start < span.end; p++) {
        byPara[p].push(span);
      }
    }
    let next = 0;
    for (let drawn = 0; next < this.paras.length && drawn < FIRST_CHARS; next++) {
      this.fill(this.paras[next], byPara[next]);
      drawn += this.paras[next].end - this.paras[next].start;
    }
    for (let p = next; p < this.paras.length; p++) this.plain(this.paras[p]);
    this.element.replaceChildren(...this.paras.map((p) => p.el));
    this.depth(doc);
    this.select();
    const slice = (from: number) => {
      if (this.doc !== doc) return;
      let p = from;
      for (let drawn = 0; p < this.paras.length && drawn < SLICE_CHARS; p++) {
        const para = this.paras[p];
        if (!para.filled) this.fill(para, byPara[p]);
        drawn += para.end - para.start;
      }
      if (doc.selection?.kind === "span") this.select();
      if (p < this.paras.length) this.later = window.setTimeout(() => slice(p), 0);
    };
    // After the first frame: a timer queued now could run before it and delay the paint.
    if (next < this.paras.length) {
      requestAnimationFrame(() => {
        if (this.doc === doc) this.later = window.setTimeout(() => slice(next), 0);
      });
    }
  }

  /** A paragraph as one text node, its spans not drawn yet. */
  private plain(para: Para): void {
    const doc = this.doc as SpanDoc;
    const node = document.createTextNode(doc.text.slice(para.start, para.end));
    para.el.className = "nbl-spans-para";
    para.nodes = [{ node, start: para.start }];
    this.starts.set(node, para.start);
    para.el.replaceChildren(node);
  }

  /** Redraw the paragraphs that `dirty` unit ranges touch. */
  update(dirty: Array<[number, number]>): void {
    const doc = this.doc;
    if (!doc) return;
    const redo = new Set<number>();
    for (const [a, b] of dirty) {
      for (let p = this.paraAt(a); p < this.paras.length && this.paras[p].start < Math.max(b, a + 1); p++)
        redo.add(p);
    }
    for (const p of redo) {
      // Refilled in place: the paragraph keeps its element, so its size stays known.
      const para = this.paras[p];
      this.fill(
        para,
        doc.spans.filter((s) => s.start < para.end && para.start < s.end),
      );
    }
    this.depth(doc);
    this.select();
  }

  /** Show the doc's selection: a highlight over selected tokens, a ring around a selected span. */
  select(): void {
    const doc = this.doc;
    for (const el of this.marked) el.classList.remove("nbl-span-sel");
    this.marked = [];
    const registry = highlights();
    if (this.range) registry?.delete(this.range);
    this.range = null;
    const sel = doc?.selection;
    this.element.dataset.selection = sel ? (sel.kind === "span" ? "span" : "tokens") : "none";
    const range = doc?.range();
    if (!doc || !sel || !range) return;
    if (sel.kind === "span") {
      // Only the span's own paragraphs are searched: a 5,000-span text has 15,000 elements.
      const last = this.paraAt(Math.max(sel.span.start, sel.span.end - 1));
      for (let p = this.paraAt(sel.span.start); p <= last; p++) {
        this.marked.push(...this.paras[p].el.querySelectorAll(`[data-span="${sel.span.id}"]`));
      }
      for (const el of this.marked) el.classList.add("nbl-span-sel");
    }
    this.range = this.domRange(range[0], range[1]);
    if (this.range && sel.kind === "tokens") registry?.add(this.range);
    this.element.dataset.selStart = String(doc.offsets.toCodePoints(range[0]));
    this.element.dataset.selEnd = String(doc.offsets.toCodePoints(range[1]));
  }

  private depth(doc: SpanDoc): void {
    let deepest = 0;
    for (const s of doc.spans) deepest = Math.max(deepest, s.level);
    const depth = String(Math.min(LEVELS, deepest + 1));
    // Only on change: the attribute restyles every line of the text.
    if (this.element.dataset.depth !== depth) this.element.dataset.depth = depth;
  }

  /** Scroll the doc box so the selection shows. */
  reveal(): void {
    const rect = this.range?.getBoundingClientRect();
    const box = this.element.getBoundingClientRect();
    if (!rect || this.element.scrollHeight <= this.element.clientHeight) return;
    if (rect.top < box.top) this.element.scrollTop -= box.top - rect.top + 8;
    else if (rect.bottom > box.bottom) this.element.scrollTop += rect.bottom - box.bottom + 8;
  }

  /** The unit offset of a DOM position inside the text (a selection's end), or null outside it. */
  offsetOf(node: Node, offset: number): number | null {
    if (node.nodeType === Node.TEXT_NODE) {
      const start = this.starts.get(node as Text);
      return start === undefined ? null : start + offset;
    }
    if (!this.element.contains(node)) return null;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    const child = node.childNodes[offset];
    let last: Text | null = null;
    for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
      if (child && (child === t || child.contains(t) || child.compareDocumentPosition(t) & 4)) {
        return this.starts.get(t) ?? null;
      }
      last = t;
    }
    return last ? (this.starts.get(last) ?? 0) + last.length : null;
  }

  destroy(): void {
    clearTimeout(this.later);
    this.doc = null;
    if (this.range) highlights()?.delete(this.range);
    this.range = null;
  }

  private paraAt(unit: number): number {
    let lo = 0;
    let hi = this.paras.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.paras[mid].end <= unit) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, this.paras.length - 1);
  }

  /** Fill a paragraph: plain text between spans, nested elements where spans cover it. */
  private fill(para: Para, spans: Span[]): void {
    const doc = this.doc as SpanDoc;
    para.el.className = "nbl-spans-para";
    para.nodes = [];
    para.filled = true;
    const cuts = new Set<number>([para.start, para.end]);
    for (const s of spans) {
      cuts.add(Math.max(para.start, s.start));
      cuts.add(Math.min(para.end, s.end));
    }
    const edges = [...cuts].sort((a, b) => a - b);
    const selected = doc.selection?.kind === "span" ? doc.selection.span : null;
    const children: Node[] = [];
    for (let k = 0; k + 1 < edges.length; k++) {
      const a = edges[k];
      const b = edges[k + 1];
      const node = document.createTextNode(doc.text.slice(a, b));
      para.nodes.push({ node, start: a });
      this.starts.set(node, a);
      let inner: Node = node;
      const covering = spans.filter((s) => s.start <= a && b <= s.end).sort((x, y) => y.level - x.level);
      for (const s of covering) {
        const el = document.createElement("span");
        el.className =
          `nbl-span nbl-c${s.label % COLOURS} nbl-lv${Math.min(s.level, LEVELS - 1)}` +
          (pending(s) ? " nbl-pre" : s.source === "model" ? " nbl-accepted" : "") +
          (s === selected ? " nbl-span-sel" : "");
        el.dataset.span = String(s.id);
        if (b === s.end) el.dataset.tag = this.labels[s.label];
        el.append(inner);
        inner = el;
      }
      children.push(inner);
    }
    para.el.replaceChildren(...children);
  }

  private domRange(a: number, b: number): Range | null {
    const start = this.locate(a, false);
    const end = this.locate(b, true);
    if (!start || !end) return null;
    const range = document.createRange();
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    return range;
  }

  /** The text node and offset of a unit; at a node boundary, the end of the left node if `left`. */
  private locate(unit: number, left: boolean): { node: Text; offset: number } | null {
    const para = this.paras[this.paraAt(left ? Math.max(0, unit - 1) : unit)];
    if (!para) return null;
    for (const { node, start } of para.nodes) {
      const end = start + node.length;
      if (left ? unit > start && unit <= end : unit >= start && unit < end)
        return { node, offset: unit - start };
    }
    const last = para.nodes.at(-1);
    return last ? { node: last.node, offset: last.node.length } : null;
  }
}

/** The page's shared highlight for nblabel selections (every widget adds its own range). */
function highlights(): Highlight | null {
  if (typeof CSS === "undefined" || !("highlights" in CSS) || typeof Highlight === "undefined") return null;
  let h = CSS.highlights.get(HIGHLIGHT);
  if (!h) {
    h = new Highlight();
    CSS.highlights.set(HIGHLIGHT, h);
  }
  return h;
}
