import { describe, expect, it } from "vitest";
import { columns, pan, zoom } from "../../js/audio/peaks";
import { ClipValue } from "../../js/audio/regions";
import { prepare } from "../../js/tasks/audio";

const SPEAKERS = ["alice", "bob"];

describe("peaks to columns", () => {
  const peaks = { from: 0, to: 4, data: Int8Array.from([-10, 10, -20, 20, -30, 30, -40, 40]) };

  it("takes the min and max of the bins under each column", () => {
    expect(Array.from(columns(peaks, 0, 4, 2))).toEqual([-20, 20, -40, 40]);
  });

  it("repeats the nearest bin when columns are narrower than bins", () => {
    expect(Array.from(columns(peaks, 1, 2, 4))).toEqual([-20, 20, -20, 20, -20, 20, -20, 20]);
  });

  it("leaves columns outside the peaks flat", () => {
    const detail = { from: 2, to: 4, data: Int8Array.from([-5, 5, -6, 6]) };
    expect(Array.from(columns(detail, 0, 4, 4))).toEqual([0, 0, 0, 0, -5, 5, -6, 6]);
  });

  it("zooms around the playhead and pans inside the clip", () => {
    expect(zoom({ from: 0, to: 60 }, 2, 30, 60)).toEqual({ from: 15, to: 45 });
    expect(zoom({ from: 0, to: 60 }, 4, 1, 60)).toEqual({ from: 0.75, to: 15.75 });
    expect(zoom({ from: 10, to: 20 }, 0.1, 15, 60)).toEqual({ from: 0, to: 60 });
    expect(pan({ from: 50, to: 58 }, 5, 60)).toEqual({ from: 52, to: 60 });
  });
});

describe("clip value", () => {
  it("marks a region with [ and ], labels it with a key, and lets go of it", () => {
    const v = new ClipValue(10, SPEAKERS);
    expect(v.key("mark_out", 2)).toMatch(/press \[ first/);
    expect(v.key("mark_in", 1.25)).toBeNull();
    expect(v.key("mark_out", 1.25)).toMatch(/region is empty/);
    expect(v.key("mark_out", 3.5)).toBeNull();
    expect(v.selected).toMatchObject({ start: 1.25, end: 3.5, label: -1 });
    expect(v.labelRegion(1, 5)).toBeNull();
    expect(v.selected).toBeNull();
    expect(v.value([])).toEqual({
      labels: [],
      regions: [{ start: 1.25, end: 3.5, label: "bob", text: "", source: "human" }],
      transcript: "",
    });
  });

  it("resizes the selected region with [ and ] and refuses an inside-out one", () => {
    const v = new ClipValue(10, SPEAKERS);
    v.selected = v.add(2, 4, 0);
    expect(v.key("mark_out", 6)).toBeNull();
    expect(v.key("mark_in", 7)).toMatch(/start must stay before the end/);
    expect(v.regions[0]).toMatchObject({ start: 2, end: 6 });
  });

  it("clamps regions to the clip, keeps overlaps, moves at constant length", () => {
    const v = new ClipValue(5, SPEAKERS);
    const a = v.add(4, 9, 0);
    const b = v.add(-1, 4.5, 1);
    expect([a.start, a.end, b.start, b.end]).toEqual([4, 5, 0, 4.5]);
    v.move(b, 3);
    expect([b.start, b.end]).toEqual([0.5, 5]);
    expect(v.regions.map((r) => r.label)).toEqual([1, 0]);
  });

  it("walks regions with Tab from the playhead and wraps", () => {
    const v = new ClipValue(10, SPEAKERS);
    const [a, b, c] = [v.add(1, 2, 0), v.add(4, 5, 0), v.add(7, 8, 1)];
    expect(v.neighbour(1, 3)).toBe(b);
    expect(v.neighbour(-1, 3)).toBe(a);
    expect(v.neighbour(-1, 0.5)).toBe(c);
    v.selected = c;
    expect(v.neighbour(1, 0)).toBe(a);
  });

  it("reviews pre-annotations: accept keeps them as the model's, reject removes them", () => {
    const v = new ClipValue(10, ["speech"]);
    const pre = [
      { start: 1, end: 2, label: "speech", source: "model", accepted: false, score: 0.9 },
      { start: 3, end: 4, label: "speech", source: "model", accepted: false },
      { start: 5, end: 6, label: "speech", source: "model", accepted: false },
    ];
    v.load(null, pre, "model transcript");
    expect(v.transcript).toBe("model transcript");
    expect(v.key("accept_pre", 0)).toBeNull();
    expect(v.key("reject_pre", 0)).toBeNull(); // the first unreviewed one: 3-4 s
    expect(v.key("accept_all", 0)).toBeNull();
    expect(v.key("reject_pre", 0)).toBe("no detected region left to review");
    expect(v.value([])).toMatchObject({
      regions: [
        { start: 1, end: 2, source: "model", accepted: true, score: 0.9 },
        { start: 5, end: 6, source: "model", accepted: true },
      ],
    });
  });

  it("loads a stored value over the pre-annotations", () => {
    const v = new ClipValue(10, SPEAKERS);
    const stored = {
      labels: ["noisy"],
      regions: [{ start: 1, end: 2, label: "bob", text: "hi" }],
      transcript: "x",
    };
    v.load(stored, [{ start: 5, end: 6, label: "alice" }], "ignored");
    expect(v.regions.map((r) => [r.label, r.text])).toEqual([[1, "hi"]]);
    expect(v.value(["noisy", "clean"])).toMatchObject({ labels: ["noisy"], transcript: "x" });
  });
});

describe("prepare", () => {
  it("reads the peaks and the lead from a buffer window inside a larger ArrayBuffer", () => {
    const bytes = new Uint8Array(32);
    bytes.set([0x81, 0x7f, 0xf6, 0x0a], 8); // -127, 127, -10, 10
    bytes.set([82, 73, 70, 70], 12); // "RIFF": the lead starts after the peaks
    const view = new DataView(bytes.buffer, 8, 20);
    const header = { pos: 0, id: "a", type: "audio", label: null, duration: 2, peak_bytes: 4, lead: [0, 2] };
    const media = prepare(header, view);
    expect(Array.from(media?.overview.data ?? [])).toEqual([-127, 127, -10, 10]);
    expect(media?.lead).toMatchObject({ from: 0, to: 2 });
    expect(media?.lead.url.startsWith("blob:")).toBe(true);
    media?.release();
    expect(prepare({ ...header, type: "error" }, view)).toBeUndefined();
  });
});
