import { describe, expect, it } from "vitest";
import { Outbox } from "../../js/transport/outbox";

describe("Outbox", () => {
  it("numbers entries in order and settles them by seq", () => {
    const box = new Outbox();
    const a = box.push(0, "label", "x");
    const b = box.push(1, "label", "y");
    expect(b).toBe(a + 1);
    expect(box.size).toBe(2);
    expect(box.isPending(1)).toBe(true);
    expect(box.settle(a)).toEqual({ seq: a, pos: 0, kind: "label", value: "x" });
    expect(box.size).toBe(1);
    expect(box.isPending(0)).toBe(false);
  });
  it("ignores acks that belong to another view", () => {
    const box = new Outbox();
    box.push(0, "label", "x");
    expect(box.settle(-5)).toBeUndefined();
    expect(box.size).toBe(1);
  });
  it("gives two views disjoint seq ranges", () => {
    const seqs = new Set<number>();
    for (let i = 0; i < 20; i++) seqs.add(new Outbox().push(0, "label", "x"));
    expect(seqs.size).toBe(20);
  });
});
