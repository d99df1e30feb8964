import { describe, expect, it } from "vitest";
import { bindingFor, display } from "../../js/keys";
import type { Binding } from "../../js/model";
import { SpanDoc } from "../../js/spans/doc";
import { EditHistory } from "../../js/spans/history";
import { Offsets } from "../../js/spans/offsets";
import { Tokens } from "../../js/spans/tokens";

/** Python's code point offsets of `text`'s tokens (words and single symbols), as a DataView. */
function tokenBuffer(text: string): DataView {
  const cps = Array.from(text);
  const pairs: number[] = [];
  let i = 0;
  while (i < cps.length) {
    if (/\s/u.test(cps[i])) {
      i++;
      continue;
    }
    let j = i + 1;
    if (/[\p{L}\p{N}]/u.test(cps[i])) while (j < cps.length && /[\p{L}\p{N}\p{M}]/u.test(cps[j])) j++;
    pairs.push(i, j);
    i = j;
  }
  const view = new DataView(new ArrayBuffer(pairs.length * 4));
  pairs.forEach((v, k) => {
    view.setUint32(4 * k, v, true);
  });
  return view;
}

function makeDoc(text: string, overlap = false, labels = ["food", "service", "price"]): SpanDoc {
  const offsets = new Offsets(text);
  return new SpanDoc(text, Tokens.fromBuffer(tokenBuffer(text), offsets), offsets, labels, overlap);
}

/** What the selection covers, as text. */
function selected(doc: SpanDoc): string | null {
  const r = doc.range();
  return r ? doc.text.slice(r[0], r[1]) : null;
}

describe("Offsets", () => {
  it("is the identity for text without astral characters", () => {
    const o = new Offsets("café — naïve");
    expect(o.toUnits(5)).toBe(5);
    expect(o.toCodePoints(5)).toBe(5);
  });

  it("shifts offsets after each emoji by one unit, both ways", () => {
    const text = "a😀b👍🏽c";
    const o = new Offsets(text);
    // code points: a 😀 b 👍 🏽 c  -> units: a(0) 😀(1,2) b(3) 👍(4,5) 🏽(6,7) c(8)
    expect([0, 1, 2, 3, 4, 5, 6].map((cp) => o.toUnits(cp))).toEqual([0, 1, 3, 4, 6, 8, 9]);
    expect([0, 1, 3, 4, 6, 8, 9].map((u) => o.toCodePoints(u))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(text.slice(o.toUnits(3), o.toUnits(5))).toBe("👍🏽");
  });

  it("refuses a UTF-16 offset inside a surrogate pair", () => {
    expect(() => new Offsets("a😀b").toCodePoints(2)).toThrow(/splits a surrogate pair/);
  });

  it("round-trips every code point offset of mixed scripts", () => {
    const text = "東京𠮷野家 שלום 😀 e\u0301";
    const o = new Offsets(text);
    const n = Array.from(text).length;
    for (let cp = 0; cp <= n; cp++) expect(o.toCodePoints(o.toUnits(cp))).toBe(cp);
    expect(o.toUnits(n)).toBe(text.length);
  });
});

describe("Tokens.snap", () => {
  const text = "The pizza, great";
  const tokens = Tokens.fromBuffer(tokenBuffer(text), new Offsets(text));

  it("snaps a drag inside words out to whole tokens", () => {
    expect(tokens.snap(5, 12)).toEqual([1, 3]); // "izza, gr" -> pizza , great
  });
  it("drops the spaces at the edges of a drag", () => {
    expect(tokens.snap(3, 10)).toEqual([1, 2]); // " pizza," -> pizza ,
  });
  it("returns null for a drag over spaces only", () => {
    expect(tokens.snap(10, 11)).toBeNull();
  });
  it("picks the token under a click, or the nearest one", () => {
    expect(tokens.snap(6, 6)).toEqual([1, 1]);
    expect(tokens.snap(10, 10)).toEqual([2, 2]);
  });
});

describe("SpanDoc keyboard selection and tagging", () => {
  it("moves by token, extends with shift, tags, retags and removes", () => {
    const doc = makeDoc("The pizza was cheap and the waiter friendly");
    doc.move(1);
    expect(selected(doc)).toBe("The");
    doc.move(1);
    expect(selected(doc)).toBe("pizza");
    expect(doc.tag(0).ok).toBe(true);
    expect(doc.selection?.kind).toBe("span");
    expect(doc.tag(2).ok).toBe(true); // a label key on a selected span changes its label
    expect(doc.spans.map((s) => s.label)).toEqual([2]);
    doc.move(1);
    doc.move(1);
    doc.extend(1);
    expect(selected(doc)).toBe("cheap and");
    doc.extend(-1);
    expect(selected(doc)).toBe("cheap");
    doc.tag(2);
    doc.move(-1);
    doc.move(-1);
    expect(selected(doc)).toBe("pizza"); // moving onto a span selects it whole
    expect(doc.remove().ok).toBe(true);
    expect(doc.value(["positive"])).toEqual({
      spans: [{ start: 14, end: 19, label: "price", text: "cheap", source: "human" }],
      labels: [],
    });
  });

  it("skips the tokens inside a span when spans cannot overlap", () => {
    const doc = makeDoc("one two three four");
    doc.selectTokens(1, 2);
    doc.tag(0);
    doc.move(1);
    expect(selected(doc)).toBe("four");
    doc.move(-1);
    expect(selected(doc)).toBe("two three");
  });

  it("refuses an overlap with a reason naming the span in the way", () => {
    const doc = makeDoc("one two three four");
    doc.selectTokens(1, 2);
    doc.tag(0);
    doc.selectTokens(2, 3);
    const result = doc.tag(1);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.why).toMatch(/overlaps food "two three"/);
    expect(doc.spans).toHaveLength(1);
  });

  it("nests spans when overlap is allowed, on different levels", () => {
    const doc = makeDoc("New York City Hall", true, ["loc", "org"]);
    doc.selectTokens(0, 3);
    doc.tag(1);
    doc.move(1); // into the span: its first token
    expect(selected(doc)).toBe("New");
    doc.extend(1);
    doc.extend(1);
    expect(doc.tag(0).ok).toBe(true);
    expect(doc.spans.map((s) => [doc.text.slice(s.start, s.end), s.level])).toEqual([
      ["New York City Hall", 0],
      ["New York City", 1],
    ]);
  });

  it("shift on a selected span resizes it when tagged again", () => {
    const doc = makeDoc("one two three four");
    doc.selectTokens(1, 1);
    doc.tag(0);
    doc.extend(1);
    expect(selected(doc)).toBe("two three");
    doc.tag(0);
    expect(doc.spans.map((s) => doc.text.slice(s.start, s.end))).toEqual(["two three"]);
  });

  it("sends code point offsets for text after an emoji", () => {
    const doc = makeDoc("😀😀 pizza 👍🏽 great");
    doc.move(1);
    doc.move(1);
    doc.move(1);
    expect(selected(doc)).toBe("pizza");
    doc.tag(0);
    const value = doc.value([]) as { spans: Array<Record<string, unknown>> };
    expect(value.spans[0]).toMatchObject({ start: 3, end: 8, text: "pizza" });
  });
});

describe("SpanDoc pre-annotations", () => {
  const pre = [
    { start: 4, end: 9, label: "food", source: "model", score: 0.9, accepted: false },
    { start: 27, end: 33, label: "service", source: "model", accepted: false },
  ];

  it("accepts one, rejects the next, and keeps their source and score", () => {
    const doc = makeDoc("The pizza was cold and the waiter rude");
    doc.load(pre);
    expect(doc.review(true).ok).toBe(true); // nothing selected: selects the first
    expect(selected(doc)).toBe("pizza");
    doc.review(true); // accept it, select the next
    expect(selected(doc)).toBe("waiter");
    doc.review(false);
    expect(doc.value([])).toEqual({
      spans: [
        { start: 4, end: 9, label: "food", text: "pizza", source: "model", score: 0.9, accepted: true },
      ],
      labels: [],
    });
  });

  it("accepts or rejects all at once", () => {
    const doc = makeDoc("The pizza was cold and the waiter rude");
    doc.load(pre);
    doc.reviewAll(true);
    expect(doc.spans.every((s) => s.accepted)).toBe(true);
    doc.load(pre);
    doc.reviewAll(false);
    expect(doc.spans).toHaveLength(0);
  });

  it("lets a new span replace an unreviewed pre-annotation it overlaps", () => {
    const doc = makeDoc("The pizza was cold and the waiter rude");
    doc.load(pre);
    doc.selectTokens(1, 3); // pizza was cold
    expect(doc.tag(0).ok).toBe(true);
    expect(doc.spans.map((s) => doc.text.slice(s.start, s.end))).toEqual(["pizza was cold", "waiter"]);
  });
});

describe("EditHistory", () => {
  /** Run one edit the way the spans task does: note the spans, edit, keep what changed. */
  function edited(history: EditHistory, doc: SpanDoc, edit: () => unknown) {
    history.before(doc);
    edit();
    history.after(doc);
  }
  const texts = (doc: SpanDoc) =>
    doc.spans.map((s) => `${doc.labels[s.label]}:${doc.text.slice(s.start, s.end)}`);

  it("takes back tags, retags, removals and reviews one at a time, newest first", () => {
    const doc = makeDoc("The pizza was cold and the waiter rude");
    doc.load([{ start: 27, end: 33, label: "service", source: "model", score: 0.9, accepted: false }]);
    const history = new EditHistory();
    doc.selectTokens(1, 1);
    edited(history, doc, () => doc.tag(0)); // food:pizza
    edited(history, doc, () => doc.tag(2)); // retag: price:pizza
    doc.selectTokens(3, 3);
    edited(history, doc, () => doc.tag(1)); // service:cold
    edited(history, doc, () => doc.reviewAll(false)); // reject the pre-annotation
    edited(history, doc, () => doc.remove()); // service:cold removed
    expect(texts(doc)).toEqual(["price:pizza"]);
    expect(history.size).toBe(5);
    history.undo(doc);
    expect(texts(doc)).toEqual(["price:pizza", "service:cold"]);
    expect(selected(doc)).toBe("cold"); // the span that came back is selected
    history.undo(doc);
    expect(texts(doc)).toEqual(["price:pizza", "service:cold", "service:waiter"]);
    expect(doc.spans[2]).toMatchObject({ source: "model", score: 0.9, accepted: false });
    history.undo(doc);
    history.undo(doc);
    expect(texts(doc)).toEqual(["food:pizza", "service:waiter"]);
    history.undo(doc);
    expect(texts(doc)).toEqual(["service:waiter"]);
    expect(history.undo(doc)).toBeNull(); // nothing left: the saved-label undo takes over
  });

  it("takes back accepting every pre-annotation at once", () => {
    const doc = makeDoc("The pizza was cold and the waiter rude");
    doc.load([
      { start: 4, end: 9, label: "food", source: "model", score: 0.8, accepted: false },
      { start: 27, end: 33, label: "service", source: "model", accepted: false },
    ]);
    const history = new EditHistory();
    history.before(doc, true);
    doc.reviewAll(true);
    history.after(doc);
    expect(doc.spans.every((s) => s.accepted)).toBe(true);
    history.undo(doc);
    expect(doc.spans.map((s) => [s.accepted, s.score])).toEqual([
      [false, 0.8],
      [false, undefined],
    ]);
  });

  it("records nothing for moves and refused edits, and redraws only what changed", () => {
    const doc = makeDoc("The pizza was cold and the waiter rude");
    const history = new EditHistory();
    doc.selectTokens(1, 1);
    edited(history, doc, () => doc.tag(0));
    edited(history, doc, () => doc.tag(0)); // same label again: nothing changed
    doc.selectTokens(1, 2);
    edited(history, doc, () => doc.tag(1)); // overlaps pizza: refused
    doc.selectTokens(6, 6);
    edited(history, doc, () => doc.tag(1));
    expect(history.size).toBe(2);
    const result = history.undo(doc);
    expect(result).toEqual({ ok: true, dirty: [[27, 33]] }); // "waiter" only, not "pizza"
  });
});

describe("keys for span selection", () => {
  const map: Binding[] = [
    { key: "ArrowRight", action: "token_next", help: "" },
    { key: "Shift+ArrowRight", action: "extend_next", help: "" },
    { key: "PageDown", action: "forward", help: "" },
  ];
  it("tells Shift+arrow from the arrow, and falls back when Shift+key is unbound", () => {
    expect(bindingFor({ key: "ArrowRight", shiftKey: true }, map)?.action).toBe("extend_next");
    expect(bindingFor({ key: "ArrowRight" }, map)?.action).toBe("token_next");
    expect(bindingFor({ key: "PageDown", shiftKey: true }, map)?.action).toBe("forward");
    expect(display("Shift+ArrowRight")).toBe("Shift+→");
  });
});

describe("pre-annotations on the wire", () => {
  it("turn columns into unreviewed model spans, score only when given", async () => {
    const { preSpans } = await import("../../js/tasks/spans");
    expect(preSpans({ start: [0, 4], end: [3, 9], label: ["food", "price"], score: [0.5, null] })).toEqual([
      { start: 0, end: 3, label: "food", score: 0.5, source: "model", accepted: false },
      { start: 4, end: 9, label: "price", source: "model", accepted: false },
    ]);
    expect(preSpans(undefined)).toEqual([]);
  });
});
