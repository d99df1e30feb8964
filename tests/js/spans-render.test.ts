import { describe, expect, it } from "vitest";
import { SpanDoc } from "../../js/spans/doc";
import { Offsets } from "../../js/spans/offsets";
import { SpanView } from "../../js/spans/render";
import { Tokens } from "../../js/spans/tokens";

/** A doc whose tokens are the whitespace-separated words of `text` (UTF-16 units). */
function makeDoc(text: string, overlap = false): SpanDoc {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    starts.push(m.index ?? 0);
    ends.push((m.index ?? 0) + m[0].length);
  }
  const offsets = new Offsets(text);
  const tokens = new Tokens(Int32Array.from(starts), Int32Array.from(ends));
  return new SpanDoc(text, tokens, offsets, ["food", "service"], overlap);
}

describe("SpanView", () => {
  it("renders the text as text, markup included, with each span's label as a tag", () => {
    const text = "<b>pizza</b> and <script>x()</script>\nsecond line";
    const doc = makeDoc(text);
    doc.load([{ start: 0, end: 12, label: "food" }]);
    const view = new SpanView(["food", "service"]);
    view.render(doc);
    expect(view.element.textContent).toBe(text);
    expect(view.element.querySelector("script")).toBeNull();
    const tagged = view.element.querySelector(".nbl-span[data-tag]") as HTMLElement;
    expect(tagged.dataset.tag).toBe("food");
    expect(tagged.textContent).toBe("<b>pizza</b>");
    expect(view.element.querySelectorAll(".nbl-spans-para")).toHaveLength(2);
  });

  it("draws nested spans on different levels, every piece of each span present", () => {
    const doc = makeDoc("New York City Hall", true);
    doc.load([
      { start: 0, end: 18, label: "service" },
      { start: 0, end: 13, label: "food" },
    ]);
    const view = new SpanView(["food", "service"]);
    view.render(doc);
    const levels = [...view.element.querySelectorAll<HTMLElement>(".nbl-span[data-tag]")].map((e) => [
      e.dataset.tag,
      e.className.match(/nbl-lv(\d)/)?.[1],
    ]);
    expect(levels).toEqual([
      ["food", "1"],
      ["service", "0"],
    ]);
    expect(view.element.dataset.depth).toBe("2");
  });

  it("redraws only the paragraph an edit touches", () => {
    const doc = makeDoc("one two\nthree four\nfive six");
    const view = new SpanView(["food", "service"]);
    view.render(doc);
    const before = [...view.element.children].map((p) => p.firstChild);
    doc.selectTokens(2, 3);
    const result = doc.tag(0);
    expect(result.ok).toBe(true);
    if (result.ok) view.update(result.dirty);
    const now = [...view.element.children];
    expect(now).toHaveLength(3);
    expect(now[0].firstChild).toBe(before[0]);
    expect(now[1].firstChild).not.toBe(before[1]);
    expect(now[2].firstChild).toBe(before[2]);
    expect(now[1].querySelector(".nbl-span")?.textContent).toBe("three four");
    expect(view.element.dataset.selection).toBe("span");
  });

  it("maps DOM positions back to text offsets", () => {
    const doc = makeDoc("alpha beta gamma");
    doc.load([{ start: 6, end: 10, label: "food" }]);
    const view = new SpanView(["food", "service"]);
    view.render(doc);
    const inner = view.element.querySelector(".nbl-span")?.firstChild as Text;
    expect(view.offsetOf(inner, 2)).toBe(8);
    const para = view.element.firstChild as HTMLElement;
    expect(view.offsetOf(para, para.childNodes.length)).toBe(16);
  });

  it("draws a long text's later spans after the first paint, keeping its text whole at once", async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} with some pizza in it`);
    const text = lines.join("\n");
    const doc = makeDoc(text);
    const at = text.lastIndexOf("pizza");
    doc.load([
      { start: 7, end: 11, label: "food" },
      { start: at, end: at + 5, label: "food" },
    ]);
    const view = new SpanView(["food", "service"]);
    view.render(doc);
    expect(view.element.textContent).toBe(text);
    expect(view.element.querySelectorAll(".nbl-span")).toHaveLength(1); // the first one only
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(view.element.querySelectorAll(".nbl-span")).toHaveLength(2);
    expect(view.element.textContent).toBe(text);
    view.destroy();
  });
});
