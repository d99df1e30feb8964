import { describe, expect, it } from "vitest";
import type { ItemHeader } from "../../js/protocol";
import { AHEAD, BEHIND, CHUNK, ItemWindow } from "../../js/transport/window";

function header(pos: number): ItemHeader {
  return { pos, id: `t${pos}`, type: "text", text: `text ${pos}`, label: null };
}

function recorder() {
  const asks: Array<[number, number]> = [];
  const win = new ItemWindow((start, count) => asks.push([start, count]));
  return { asks, win };
}

describe("ItemWindow", () => {
  it("asks for the current item first, then the rest of the window in chunks", () => {
    const { asks, win } = recorder();
    win.total = 1000;
    win.ensure(0);
    expect(asks[0]).toEqual([0, 1]);
    const covered = asks.reduce((n, [, count]) => n + count, 0);
    expect(covered).toBe(AHEAD);
    expect(Math.max(...asks.map(([, c]) => c))).toBeLessThanOrEqual(CHUNK);
  });
  it("never asks twice for an item in flight or already held", () => {
    const { asks, win } = recorder();
    win.total = 1000;
    win.ensure(0);
    const first = asks.length;
    win.ensure(1);
    expect(asks.length).toBe(first + 1); // only the one new item at the far edge
    expect(asks.at(-1)).toEqual([AHEAD, 1]);
    win.add([header(5)], []);
    expect(win.get(5)?.text).toBe("text 5");
  });
  it("stops at the end of the queue", () => {
    const { asks, win } = recorder();
    win.total = 3;
    win.ensure(0);
    const wanted = asks.flatMap(([s, c]) => Array.from({ length: c }, (_, i) => s + i));
    expect(wanted.sort()).toEqual([0, 1, 2]);
  });
  it("keeps the item behind for going back and evicts far items", () => {
    const { win } = recorder();
    win.total = 10_000;
    win.add([header(0), header(500)], []);
    win.ensure(500);
    expect(win.get(0)).toBeUndefined();
    expect(win.get(500)).toBeDefined();
    expect(BEHIND).toBeGreaterThan(0);
  });
});

describe("ItemWindow.reorder", () => {
  it("drops positions from the reorder point and refetches them under the new version", () => {
    const { asks, win } = recorder();
    win.total = 100;
    win.add([header(0), header(1), header(5)], []);
    win.reorder(1, 2, 100);
    expect(win.get(1)?.id).toBe("t1");
    expect(win.get(5)).toBeUndefined();
    win.ensure(1);
    expect(asks.flatMap(([s, c]) => Array.from({ length: c }, (_, i) => s + i))).toContain(5);
  });
  it("ignores items sent before the reorder", () => {
    const { win } = recorder();
    win.total = 100;
    win.reorder(2, 0, 100);
    win.add([header(3)], [], 1);
    expect(win.get(3)).toBeUndefined();
    win.add([header(3)], [], 2);
    expect(win.get(3)).toBeDefined();
  });
});

describe("ItemWindow.forget", () => {
  it("drops the changed items wherever they are held, so ensure fetches them anew", () => {
    const { asks, win } = recorder();
    win.total = 100;
    win.add([header(0), header(1), header(2)], []);
    expect(win.forget(["t1", "t2", "t99"], (id) => id === "t2")).toEqual([1]);
    expect(win.get(1)).toBeUndefined();
    expect(win.get(2)?.id).toBe("t2"); // a label of ours on its way: kept
    win.ensure(0);
    expect(asks.flatMap(([s, c]) => Array.from({ length: c }, (_, i) => s + i))).toContain(1);
  });
});

describe("ItemWindow guards", () => {
  it("keeps the item on screen through a reorder that reaches it", () => {
    const { win } = recorder();
    win.total = 100;
    win.add([header(3), header(4)], []);
    const shown = win.get(3);
    win.reorder(1, 2, 100, shown);
    expect(win.get(3)).toBe(shown);
    expect(win.get(4)).toBeUndefined();
  });
  it("does not let a reply overwrite a label still on its way", () => {
    const { win } = recorder();
    win.total = 10;
    win.add([header(2)], []);
    const item = win.get(2);
    if (item) item.label = "mine";
    win.add([{ ...header(2), label: "theirs" }], [], 0, (id) => id === "t2");
    expect(win.get(2)?.label).toBe("mine");
    win.add([{ ...header(2), label: "theirs" }], [], 0, () => false);
    expect(win.get(2)?.label).toBe("theirs");
  });
});
