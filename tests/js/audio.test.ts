import { describe, expect, it } from "vitest";
import { columns, pan, zoom } from "../../js/audio/peaks";
import { AudioMedia, Player } from "../../js/audio/player";
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

describe("player", () => {
  function setup() {
    const asked: number[] = [];
    const player = new Player(
      (from) => asked.push(from),
      () => undefined,
    );
    const lead = { from: 0, to: 8, url: "blob:lead" };
    player.load(new AudioMedia(60, { from: 0, to: 60, data: new Int8Array(2) }, lead));
    return { player, asked, el: player.element };
  }

  it("plays the lead at once and asks for the slice that holds a later playhead", () => {
    const { player, asked, el } = setup();
    expect(el.src).toContain("blob:lead");
    player.seek(20);
    expect(asked).toEqual([20]);
    expect(player.time()).toBe(20); // where it will play from, while the slice travels
    player.toggle(); // play: waits for the slice
    expect(player.paused).toBe(false);
    player.add({ from: 20, to: 50, url: "blob:s20" });
    expect(el.src).toContain("blob:s20");
    expect(el.paused).toBe(false);
    expect(player.time()).toBe(20);
    el.currentTime = 1.5;
    expect(player.time()).toBe(21.5); // seconds of the file, not of the slice
    player.seek(5); // back into the lead: no request
    expect(el.src).toContain("blob:lead");
    expect(player.time()).toBe(5);
    expect(asked).toEqual([20]);
  });

  it("plays on into the next slice at the end of one, asking for it once", () => {
    const { player, asked, el } = setup();
    player.play();
    el.currentTime = 8;
    el.dispatchEvent(new Event("ended"));
    expect(asked).toEqual([8]);
    expect(player.paused).toBe(false);
    player.add({ from: 8, to: 38, url: "blob:s8" });
    expect(el.src).toContain("blob:s8");
    expect(el.paused).toBe(false);
  });

  it("stops a replay at the region's end", () => {
    const { player, el } = setup();
    player.replay(1, 2);
    expect(player.paused).toBe(false);
    el.currentTime = 2.01;
    player.tick();
    expect(player.paused).toBe(true);
  });
});
