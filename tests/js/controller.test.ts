import type { AnyModel } from "@anywidget/types";
import { beforeEach, describe, expect, it } from "vitest";
import { Controller, FIRST_WINDOW } from "../../js/controller";
import type { Model } from "../../js/model";
import { loadTask } from "../../js/task";
import * as classify from "../../js/tasks/classify";
import { FakeModel, keymap } from "./fake-model";

function texts(from: number, to: number, labels: Record<number, unknown> = {}) {
  return Array.from({ length: to - from }, (_, i) => ({
    pos: from + i,
    id: `t${from + i}`,
    type: "text",
    text: `text ${from + i}`,
    label: labels[from + i] ?? null,
  }));
}

function setup(traits: Record<string, unknown> = {}, total = 5, start = 0) {
  const model = new FakeModel({ total, ...traits });
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  const controller = new Controller(model as unknown as AnyModel<Model>, root, classify);
  model.reply({ kind: "state", version: 0, total, start, items: texts(0, Math.min(total, FIRST_WINDOW)) });
  const $ = (selector: string) => root.querySelector<HTMLElement>(selector);
  const press = (key: string, init: KeyboardEventInit = {}) =>
    root.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, ...init }));
  const itemId = () => $(".nbl-item")?.dataset.itemId;
  return { model, root, controller, $, press, itemId };
}

describe("Controller", () => {
  beforeEach(() => document.body.replaceChildren());

  it("asks for the first window with hello and paints the start item from the reply", () => {
    const { model, itemId, $ } = setup({}, 5, 2);
    expect(model.sent[0]).toEqual({ kind: "hello", count: FIRST_WINDOW });
    expect(itemId()).toBe("t2");
    expect($(".nbl-text")?.textContent).toBe("text 2");
  });

  it("labels optimistically, moves on at once and marks the label saved only on ack", () => {
    const { model, press, itemId, $ } = setup();
    press("2");
    expect(itemId()).toBe("t1");
    const label = model.last("label");
    expect(label).toMatchObject({ kind: "label", pos: 0, id: "t0", value: "l1", suggested: false });
    expect($(".nbl-status")?.dataset.pending).toBe("1");
    model.reply({ kind: "ack", seq: label?.seq, pos: 0, id: "t0", value: "l1" });
    expect($(".nbl-status")?.dataset.pending).toBe("0");
    press("ArrowLeft");
    expect($(".nbl-item")?.dataset.saved).toBe("saved");
    expect($('button[data-label="l1"]')?.getAttribute("aria-pressed")).toBe("true");
  });

  it("shows what the store still holds when a label is refused, and clears the count on success", () => {
    const { model, press, $ } = setup();
    model.reply({ kind: "state", version: 0, total: 5, start: 0, items: texts(0, 5, { 0: "l0" }) });
    press("2"); // relabel t0 (stored l0) as l1
    const seq = model.last("label")?.seq;
    model.reply({ kind: "error", seq, pos: 0, item_id: "t0", message: "no", current: "l0" });
    expect($(".nbl-status")?.dataset.failed).toBe("1");
    press("ArrowLeft");
    expect($('button[data-label="l0"]')?.getAttribute("aria-pressed")).toBe("true");
    expect($(".nbl-item")?.dataset.saved).toBe("saved"); // not "not labeled yet"
    press("2");
    model.reply({ kind: "ack", seq: model.last("label")?.seq, pos: 0, id: "t0", value: "l1" });
    expect($(".nbl-status")?.dataset.failed).toBe("0");
  });

  it("keeps the item on screen through a reorder and refetches the rest", () => {
    const { model, press, itemId } = setup({}, 20);
    press("1");
    const before = model.sent.length;
    model.reply({ kind: "reorder", version: 1, start: 4, total: 20 });
    expect(itemId()).toBe("t1");
    const asked = model.sent.slice(before).filter((m) => m.kind === "need");
    expect(asked.length).toBeGreaterThan(0);
    expect(Math.min(...asked.map((m) => Number(m.start)))).toBe(4);
  });

  it("refetches items changed in the kernel and repaints the one on screen", () => {
    const { model, itemId, $ } = setup({}, 5);
    const before = model.sent.length;
    model.reply({ kind: "refresh", ids: ["t0", "t3"] });
    const asked = model.sent.slice(before).filter((m) => m.kind === "need");
    expect(asked.map((m) => m.start).sort()).toEqual([0, 3]);
    model.reply({ kind: "items", version: 0, items: texts(0, 1, { 0: "l1" }) });
    expect(itemId()).toBe("t0");
    expect($('button[data-label="l1"]')?.getAttribute("aria-pressed")).toBe("true");
  });

  it("undoes the newest label of this view, going back to it", () => {
    const { model, press, itemId } = setup();
    press("1");
    press("2");
    press("u");
    expect(model.last("undo")).toMatchObject({ pos: 1, id: "t1" });
    expect(itemId()).toBe("t1");
    model.reply({ kind: "ack", seq: model.last("undo")?.seq, pos: 1, id: "t1", value: null });
    expect(document.querySelector(".nbl-item")?.getAttribute("data-saved")).toBe("unlabeled");
  });

  it("asks the kernel which label to undo when this view has none (after a restart)", () => {
    const { model, press, itemId } = setup();
    press("u");
    const undo = model.last("undo");
    expect(undo).toEqual({ kind: "undo", seq: undo?.seq });
    model.reply({ kind: "ack", seq: undo?.seq, pos: 3, id: "t3", value: null });
    expect(itemId()).toBe("t3");
  });

  it("multi-label: keys toggle, Enter with nothing chosen says why and sends nothing", () => {
    const { model, press, itemId, $ } = setup({
      multi: true,
      keymap: keymap(["1", "2"], [{ key: "Enter", action: "confirm", help: "confirm labels" }]),
    });
    press("Enter");
    expect(model.last("label")).toBeUndefined();
    expect($(".nbl-notice")?.textContent).toContain("at least one label");
    press("2");
    press("1");
    press("2");
    expect(itemId()).toBe("t0");
    press("Enter");
    expect(model.last("label")?.value).toEqual(["l0"]);
    expect(itemId()).toBe("t1");
  });

  it("accept without a suggestion says so instead of doing nothing", () => {
    const accept = { key: "a", action: "accept", help: "accept suggestion" };
    const { model, press, $ } = setup({ keymap: keymap(["1", "2"], [accept]) });
    press("a");
    expect(model.last("label")).toBeUndefined();
    expect($(".nbl-notice")?.textContent).toBe("no suggestion for this item yet");
    expect($(".nbl-legend")?.textContent).toContain("accept suggestion");
  });

  it("says loading, not end of queue, while the next item is on its way", () => {
    const model = new FakeModel({ total: 50 });
    const root = document.createElement("div");
    new Controller(model as unknown as AnyModel<Model>, root, classify);
    model.reply({ kind: "state", version: 0, total: 50, start: 10, items: [] });
    expect(root.querySelector(".nbl-position")?.textContent).toContain("loading");
    expect(root.querySelector<HTMLElement>(".nbl-done")?.hidden).toBe(true);
  });

  it("does not relabel on a held key, and stops keys from reaching JupyterLab", () => {
    const { model, press, root } = setup();
    let leaked = 0;
    document.body.addEventListener("keydown", () => leaked++);
    press("1", { repeat: true });
    expect(model.last("label")).toBeUndefined();
    root.dispatchEvent(new KeyboardEvent("keydown", { key: "1", bubbles: true }));
    expect(leaked).toBe(0);
  });
});

describe("loadTask", () => {
  it("finds a bundled task by name and rejects an unknown one by name", async () => {
    expect(typeof (await loadTask("classify")).mount).toBe("function");
    await expect(loadTask("spans-that-do-not-exist")).rejects.toThrow(
      /no task named "spans-that-do-not-exist"/,
    );
    await expect(loadTask("../controller")).rejects.toThrow(/no task named/);
  });
});
