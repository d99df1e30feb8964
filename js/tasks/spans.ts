/** Spans: select text by mouse or keys (snapped to tokens), tag with a label's key, Enter saves. */
import type { AnyModel } from "@anywidget/types";
import { labelKey } from "../keys";
import type { Media } from "../media";
import type { Binding, Model } from "../model";
import type { ItemHeader, ItemId } from "../protocol";
import { SpanDoc } from "../spans/doc";
import { EditHistory } from "../spans/history";
import { Offsets } from "../spans/offsets";
import { SpanView } from "../spans/render";
import type { Result } from "../spans/span";
import { Tokens } from "../spans/tokens";
import type { TaskContext, TaskView } from "../task";
import type { Item } from "../transport/window";
import { LabelButtons } from "../ui/buttons";
import { el } from "../ui/dom";

/** Synced traits this task adds (widgets/spans.py). */
interface SpansTraits {
  overlap: boolean;
  doc_labels: string[];
}

/** A text's offset table and tokens, made as the item arrives so showing it waits for nothing. */
export class PreparedText implements Media {
  constructor(
    readonly offsets: Offsets,
    readonly tokens: Tokens,
  ) {}
  release(): void {}
}

export function prepare(header: ItemHeader, buffer: DataView | undefined): PreparedText | undefined {
  if (header.type !== "spans") return undefined;
  const offsets = new Offsets(typeof header.text === "string" ? header.text : "");
  return new PreparedText(offsets, Tokens.fromBuffer(buffer, offsets));
}

export function mount(ctx: TaskContext): TaskView {
  const model = ctx.model as unknown as AnyModel<Model & SpansTraits>;
  const all = model.get("labels");
  const docLabels = model.get("doc_labels") ?? [];
  const spanLabels = all.slice(0, all.length - docLabels.length);
  const view = new SpanView(spanLabels);
  const hint = el("div", "nbl-spans-hint");
  const keys = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => labelKey(model.get("keymap"), from + i));
  const press = (index: number) =>
    ctx.act({ key: keys(index, 1)[0], action: "label", help: all[index], arg: index });
  const spanButtons = new LabelButtons(spanLabels, keys(0, spanLabels.length), press);
  const docButtons = new LabelButtons(docLabels, keys(spanLabels.length, docLabels.length), (i) =>
    press(spanLabels.length + i),
  );
  docButtons.element.classList.add("nbl-doc-labels");
  docButtons.element.hidden = docLabels.length === 0;
  ctx.controls.append(hint, spanButtons.element, docButtons.element);
  const onCounts = () => {
    spanButtons.counts(model.get("counts"));
    docButtons.counts(model.get("counts"));
  };
  model.on("change:counts", onCounts);
  onCounts();

  let doc: SpanDoc | null = null;
  let shown: Item | null = null;
  const drafts = new Map<ItemId, SpanDoc>(); // edits not yet saved, kept when moving away
  const histories = new WeakMap<SpanDoc, EditHistory>(); // their undo, one per text
  const historyOf = (d: SpanDoc) => {
    const history = histories.get(d) ?? new EditHistory();
    histories.set(d, history);
    return history;
  };

  function say(text: string, refused = false): void {
    hint.textContent = text;
    hint.dataset.refused = String(refused);
  }

  function describe(): void {
    const range = doc?.range();
    if (!doc || !range) {
      say("drag over text or press → to select; a label's key tags it; Enter saves");
      return;
    }
    const sel = doc.selection;
    const what = JSON.stringify(doc.text.slice(range[0], range[1]));
    if (sel?.kind === "span") {
      const span = sel.span;
      const state =
        span.source === "model"
          ? span.accepted
            ? " (accepted)"
            : " (pre-annotation: a accepts, x rejects)"
          : "";
      say(`${spanLabels[span.label]} ${what}${state}`);
    } else say(`selected ${what}`);
  }

  function apply(result: Result | null): void {
    if (!doc) return;
    if (result && !result.ok) {
      view.select();
      say(result.why, true);
      ctx.notice(result.why);
      return;
    }
    if (result && result.dirty.length > 0) view.update(result.dirty);
    else view.select();
    if (!result) view.reveal(); // a move may leave the box; an edit stays where it is
    if (result && shown) drafts.set(shown.id, doc);
    describe();
  }

  function act(binding: Binding, item: Item): void {
    if (!doc || item !== shown) return;
    if (binding.action === "submit") {
      drafts.delete(item.id);
      ctx.commit(item, doc.value(docLabels));
      return;
    }
    const history = historyOf(doc);
    history.before(doc, binding.action === "accept_all");
    if (binding.action === "label" && (binding.arg ?? -1) >= spanLabels.length) {
      const label = all[binding.arg ?? -1];
      if (label === undefined) return;
      if (doc.docLabels.has(label)) doc.docLabels.delete(label);
      else doc.docLabels.add(label);
      history.after(doc);
      docButtons.press(doc.docLabels);
      apply({ ok: true, dirty: [] });
      return;
    }
    const result = edit(binding, doc);
    history.after(doc);
    apply(result);
  }

  /** `u` / Ctrl+Z: the last unsaved edit of the text on screen, if any (else the controller's). */
  function undo(item: Item): boolean {
    if (!doc || item !== shown) return false;
    const result = histories.get(doc)?.undo(doc);
    if (!result) return false;
    apply(result);
    docButtons.press(doc.docLabels);
    ctx.notice("undid the last edit of this text (Enter saves it)");
    return true;
  }

  /** A span edit or a move; moves return null (nothing to redraw but the selection). */
  function edit(binding: Binding, d: SpanDoc): Result | null {
    switch (binding.action) {
      case "label":
        return binding.arg === undefined || binding.arg < 0 ? null : d.tag(binding.arg);
      case "token_next":
      case "token_prev":
        d.move(binding.action === "token_next" ? 1 : -1);
        return null;
      case "extend_next":
      case "extend_prev":
        d.extend(binding.action === "extend_next" ? 1 : -1);
        return null;
      case "remove":
        return d.remove();
      case "accept_pre":
      case "reject_pre":
        return d.review(binding.action === "accept_pre");
      case "accept_all":
      case "reject_all":
        return d.reviewAll(binding.action === "accept_all");
      case "clear":
        d.selection = null;
        return null;
      default:
        return null;
    }
  }

  /** After a drag or click in the text: snap what the browser selected to tokens, or pick a span. */
  function onMouseUp(event: MouseEvent): void {
    if (!doc || !shown) return;
    const selection = document.getSelection();
    const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    if (!range) return;
    const a = view.offsetOf(range.startContainer, range.startOffset);
    const b = view.offsetOf(range.endContainer, range.endOffset);
    if (a === null || b === null) return;
    const target = event.target instanceof Element ? event.target.closest("[data-span]") : null;
    if (a === b && target instanceof HTMLElement) {
      const span = doc.spans.find((s) => String(s.id) === target.dataset.span);
      if (span) doc.selectSpan(span);
    } else {
      const tokens = doc.tokens.snap(a, b);
      if (!tokens) return;
      doc.selectTokens(tokens[0], tokens[1]);
    }
    selection?.removeAllRanges(); // our highlight shows the snapped selection instead
    apply(null);
  }
  view.element.addEventListener("mouseup", onMouseUp);

  return {
    show(item) {
      shown = item;
      const prepared = item.media;
      if (!(prepared instanceof PreparedText)) {
        doc = null;
        const message = el("div", "nbl-text", typeof item.text === "string" ? item.text : "");
        ctx.stage.replaceChildren(message);
        return;
      }
      const draft = drafts.get(item.id);
      if (draft && draft.text === prepared.offsets.text) doc = draft;
      else {
        doc = new SpanDoc(
          prepared.offsets.text,
          prepared.tokens,
          prepared.offsets,
          spanLabels,
          model.get("overlap"),
        );
        const value = item.label as { spans?: unknown; labels?: unknown } | null;
        if (value && typeof value === "object" && !Array.isArray(value)) doc.load(value.spans, value.labels);
        else doc.load(preSpans(item.pre), []);
      }
      view.render(doc);
      ctx.stage.replaceChildren(view.element);
      docButtons.press(doc.docLabels);
      describe();
    },
    act,
    undo,
    destroy() {
      model.off("change:counts", onCounts);
      view.element.removeEventListener("mouseup", onMouseUp);
      view.destroy();
      hint.remove();
      spanButtons.element.remove();
      docButtons.element.remove();
    },
  };
}

/** Pre-annotations arrive as columns (`start`, `end`, `label`, `score` lists): as spans to load. */
export function preSpans(pre: unknown): Array<Record<string, unknown>> {
  const cols = (pre ?? {}) as Record<string, unknown[] | undefined>;
  const starts = cols.start ?? [];
  return starts.map((start, i) => ({
    start,
    end: cols.end?.[i],
    label: cols.label?.[i],
    ...(typeof cols.score?.[i] === "number" ? { score: cols.score[i] } : {}),
    source: "model",
    accepted: false,
  }));
}
