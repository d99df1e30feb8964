import type { AnyModel } from "@anywidget/types";
import { beforeEach, describe, expect, it } from "vitest";
import { Controller, FIRST_WINDOW } from "../../js/controller";
import type { Binding, Model } from "../../js/model";
import { loadTask } from "../../js/task";
import * as review from "../../js/tasks/review";
import { FakeModel, keymap } from "./fake-model";

const REVIEW_KEYS: Binding[] = [
  { key: "k", action: "keep", help: "keep the current label" },
  { key: "Enter", action: "take", help: "take the suggestion" },
];

/** Suspects t0..: given "pos" (or the label in `labels`), the model suggests "neg" at 90%. */
function suspects(from: number, to: number, labels: Record<number, string> = {}, stale = false) {
  return Array.from({ length: to - from }, (_, i) => ({
    pos: from + i,
    id: `t${from + i}`,
    type: "text",
    text: `<b>text ${from + i}</b>`,
    label: labels[from + i] ?? null,
    review: { given: "pos", suggested: "neg", confidence: 0.9, rank: from + i + 1, stale, decided: false },
  }));
}

function setup(items = suspects(0, 5), total = 5) {
  const model = new FakeModel({
    _view: "review",
    total,
    labels: ["neg", "pos", "neutral"],
    keymap: keymap(["1", "2", "3"], REVIEW_KEYS),
  });
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  new Controller(model as unknown as AnyModel<Model>, root, review);
  model.reply({ kind: "state", version: 0, total, start: 0, items: items.slice(0, FIRST_WINDOW) });
  const $ = (selector: string) => root.querySelector<HTMLElement>(selector);
  const press = (key: string) => root.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
  const itemId = () => $(".nbl-item")?.dataset.itemId;
  return { model, root, $, press, itemId };
}

describe("review task", () => {
  beforeEach(() => document.body.replaceChildren());

  it("is the module the controller loads for _view 'review'", async () => {
    expect((await loadTask("review")).mount).toBe(review.mount);
  });

  it("shows the current label and the suggestion side by side with the confidence", () => {
    const { $ } = setup();
    expect($(".nbl-review-current .nbl-review-label")?.textContent).toBe("pos");
    expect($(".nbl-review-suggested .nbl-review-label")?.textContent).toBe("neg");
    expect($(".nbl-review-suggested .nbl-review-note")?.textContent).toBe("90%");
    expect($(".nbl-review-current .nbl-kbd")?.textContent).toBe("k");
    expect($(".nbl-review-suggested .nbl-kbd")?.textContent).toBe("Enter");
    expect($(".nbl-review-rank")?.textContent).toBe("suspect #1");
    expect($(".nbl-text")?.textContent).toBe("<b>text 0</b>"); // text, never HTML
    expect($('button.nbl-label-btn[data-label="pos"]')?.getAttribute("aria-pressed")).toBe("true");
    expect($('button.nbl-label-btn[data-label="neg"]')?.dataset.suggested).toBe("true");
  });

  it("shows the store's label when it changed since the suspects were scored", () => {
    const { $ } = setup(suspects(0, 5, { 0: "neutral" }, true));
    expect($(".nbl-review-current .nbl-review-label")?.textContent).toBe("neutral");
    expect($(".nbl-review-current .nbl-review-note")?.textContent).toBe("was pos when scored");
  });

  it("k keeps the current label, Enter takes the suggestion, a label key picks another", () => {
    const { model, press, itemId } = setup(suspects(0, 5, { 1: "neutral" }));
    press("k");
    expect(model.last("label")).toMatchObject({ id: "t0", value: "pos", suggested: false });
    expect(itemId()).toBe("t1");
    press("k");
    expect(model.last("label")).toMatchObject({ id: "t1", value: "neutral" });
    press("Enter");
    expect(model.last("label")).toMatchObject({ id: "t2", value: "neg", suggested: true });
    press("3");
    expect(model.last("label")).toMatchObject({ id: "t3", value: "neutral" });
    expect(itemId()).toBe("t4");
  });

  it("clicking a side acts like its key", () => {
    const { model, $, itemId } = setup();
    $(".nbl-review-suggested")?.click();
    expect(model.last("label")).toMatchObject({ id: "t0", value: "neg" });
    $(".nbl-review-current")?.click();
    expect(model.last("label")).toMatchObject({ id: "t1", value: "pos" });
    expect(itemId()).toBe("t2");
  });

  it("after a decision and going back, the decided label is the current one", () => {
    const { model, press, $ } = setup();
    press("Enter");
    const sent = model.last("label");
    model.reply({ kind: "ack", seq: sent?.seq, pos: 0, id: "t0", value: "neg" });
    press("ArrowLeft");
    expect($(".nbl-review-current .nbl-review-label")?.textContent).toBe("neg");
    expect($(".nbl-review")?.dataset.agree).toBe("true");
    expect($(".nbl-item")?.dataset.saved).toBe("saved");
  });

  it("an unreadable item hides the comparison and its keys explain themselves", () => {
    const broken = [{ pos: 0, id: "t0", type: "error", message: "gone", label: null }];
    const { model, press, $ } = setup(broken as never, 1);
    expect($(".nbl-review")?.hidden).toBe(true);
    press("k");
    expect(model.last("label")).toBeUndefined();
  });
});

describe("review helpers", () => {
  it("formats the confidence and reads only well-formed review fields", () => {
    expect(review.percent(0.876)).toBe("88%");
    expect(review.percent(null)).toBe("");
    const item = suspects(0, 1)[0];
    expect(review.reviewInfo({ ...item, review: { given: 1 } } as never)).toBeUndefined();
    expect(review.reviewInfo(item as never)?.confidence).toBe(0.9);
  });
});
