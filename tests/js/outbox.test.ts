import { describe, expect, it } from "vitest";
import { Outbox } from "../../js/transport/outbox";

describe("Outbox", () => {
  it("numbers entries in order and settles them by seq", () => {
    const box = new Outbox();
    const a = box.push({ pos: 0, id: "a" }, "label", "x");
    const b = box.push({ pos: 1, id: 7 }, "label", "y");
    expect(b).toBe(a + 1);
    expect(box.size).toBe(2);
    expect(box.isPending(7)).toBe(true);
    expect(box.settle(a)).toEqual({ seq: a, pos: 0, id: "a", kind: "label", value: "x" });
    expect(box.size).toBe(1);
    expect(box.isPending("a")).toBe(false);
  });
  it("ignores acks that belong to another view", () => {
    const box = new Outbox();
    box.push({ pos: 0, id: "a" }, "label", "x");
    expect(box.settle(-5)).toBeUndefined();
    expect(box.size).toBe(1);
  });
  it("gives two views disjoint seq ranges", () => {
    const seqs = new Set<number>();
    for (let i = 0; i < 20; i++) seqs.add(new Outbox().push({ pos: 0, id: "a" }, "label", "x"));
    expect(seqs.size).toBe(20);
  });
});
