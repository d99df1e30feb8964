/**
 * The waveform: min/max peaks on a canvas, regions and the playhead as elements over it, and
 * the mouse (click seeks; drag makes a region; drag a region moves it, its edges resize it).
 */
import { el } from "../ui/dom";
import { columns, type Peaks, resolution } from "./peaks";
import { type ClipValue, MIN_REGION_S, type Region } from "./regions";

export interface WaveformEvents {
  seek(t: number): void;
  create(a: number, b: number): void;
  select(region: Region): void;
  /** A region was moved or resized by the mouse. */
  changed(region: Region): void;
  /** The view was scrolled (wheel). */
  scrolled(dt: number): void;
}

type Drag =
  | { kind: "new"; t0: number; x0: number; moved: boolean }
  | { kind: "move"; region: Region; t0: number; start: number; x0: number; moved: boolean }
  | { kind: "resize"; region: Region; edge: "start" | "end" };

/** A spectrogram of [from, to): `rows` x `columns` bytes, high frequencies in the first row. */
export interface Spectrogram {
  from: number;
  to: number;
  rows: number;
  columns: number;
  data: Uint8Array;
}

const HEIGHT = 120;
const CLICK_PX = 3;
/** How near an edge (in pixels) a press resizes rather than moves or draws. */
const EDGE_PX = 6;

export class Waveform {
  readonly element = el("div", "nbl-audio-wave");
  readonly canvas = el("canvas", "nbl-audio-canvas");
  private layer = el("div", "nbl-audio-regions");
  private playhead = el("div", "nbl-audio-playhead");
  private mark = el("div", "nbl-audio-mark");
  view = { from: 0, to: 1 };
  private overview: Peaks | null = null;
  private detail: Peaks | null = null;
  private spectrum: Spectrogram | null = null;
  /** Show the spectrogram (when one covering the view has arrived) instead of the peaks. */
  spectral = false;
  private value: ClipValue | null = null;
  private drag: Drag | null = null;

  constructor(
    private labels: readonly string[],
    private on: WaveformEvents,
  ) {
    this.canvas.height = HEIGHT;
    this.mark.hidden = true;
    this.element.append(this.canvas, this.layer, this.mark, this.playhead);
    this.element.addEventListener("pointerdown", this.onDown);
    this.element.addEventListener("pointermove", this.onMove);
    this.element.addEventListener("pointerup", this.onUp);
    this.element.addEventListener("wheel", this.onWheel, { passive: false });
  }

  /** A new clip: its overview, the whole clip in view. */
  load(overview: Peaks, duration: number): void {
    this.overview = overview;
    this.detail = null;
    this.spectrum = null;
    this.view = { from: 0, to: duration };
  }

  /** Width in CSS pixels (a default before layout, e.g. in a hidden tab). */
  width(): number {
    return Math.max(1, Math.round(this.canvas.clientWidth || this.element.clientWidth || 800));
  }

  /** Whether the overview is too coarse for the view: detail peaks should be asked for. */
  needsDetail(): boolean {
    if (!this.overview) return false;
    const perPixel = (this.view.to - this.view.from) / this.width();
    const have =
      this.detail && this.covers(this.detail) ? resolution(this.detail) : resolution(this.overview);
    return have > perPixel * 1.5;
  }

  setSpectrogram(s: Spectrogram): void {
    this.spectrum = s;
    this.draw();
  }

  setDetail(p: Peaks): void {
    this.detail = p;
    this.draw();
  }

  /** Paint the peaks of the view: detail when it covers the view, else the overview. */
  draw(): void {
    const overview = this.overview;
    if (!overview) return;
    const width = this.width();
    const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
    const w = Math.round(width * ratio);
    if (this.canvas.width !== w) this.canvas.width = w;
    this.canvas.height = HEIGHT * ratio;
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return;
    const spectrum = this.spectrum;
    if (this.spectral && spectrum && this.covers(spectrum)) {
      ctx.drawImage(spectrumImage(spectrum), 0, 0, w, HEIGHT * ratio);
      this.element.dataset.painted = String(performance.now());
      this.element.dataset.view = "spectrogram";
      this.regions(this.value);
      return;
    }
    this.element.dataset.view = "waveform";
    const source = this.detail && this.covers(this.detail) ? this.detail : overview;
    const cols = columns(source, this.view.from, this.view.to, w);
    const mid = (HEIGHT * ratio) / 2;
    const scale = mid / 128;
    ctx.clearRect(0, 0, w, HEIGHT * ratio);
    ctx.fillStyle = getComputedStyle(this.element).getPropertyValue("--nbl-wave").trim() || "#1976d2";
    for (let x = 0; x < w; x++) {
      const lo = cols[2 * x];
      const hi = cols[2 * x + 1];
      const top = mid - hi * scale;
      ctx.fillRect(x, top, 1, Math.max(1, (hi - lo) * scale));
    }
    this.element.dataset.painted = String(performance.now());
    this.element.dataset.detail = String(source === this.detail);
    this.regions(this.value);
  }

  /** Draw the regions (and the `[` mark) of `value` over the waveform. */
  regions(value: ClipValue | null): void {
    this.value = value;
    const nodes: HTMLElement[] = [];
    for (const r of value?.regions ?? []) {
      if (r.end < this.view.from || r.start > this.view.to) continue;
      const node = el(
        "div",
        `nbl-audio-region ${r.label >= 0 ? `nbl-c${r.label % 8}` : "nbl-audio-unlabeled"}`,
      );
      node.dataset.region = String(r.id);
      node.dataset.label = this.labels[r.label] ?? "";
      node.dataset.source = r.source;
      node.dataset.accepted = String(r.accepted);
      node.dataset.start = String(r.start);
      node.dataset.end = String(r.end);
      if (r === value?.selected) node.classList.add("nbl-audio-region-sel");
      node.style.left = `${this.pct(r.start)}%`;
      node.style.width = `${Math.max(0, this.pct(r.end) - this.pct(r.start))}%`;
      const start = el("div", "nbl-audio-handle");
      start.dataset.edge = "start";
      const end = el("div", "nbl-audio-handle");
      end.dataset.edge = "end";
      const name = el("span", "nbl-audio-region-name", this.labels[r.label] ?? "?");
      node.append(start, name, end);
      nodes.push(node);
    }
    this.layer.replaceChildren(...nodes);
    const markIn = value?.markIn ?? null;
    this.mark.hidden = markIn === null;
    if (markIn !== null) this.mark.style.left = `${this.pct(markIn)}%`;
  }

  setPlayhead(t: number): void {
    this.playhead.style.left = `${this.pct(t)}%`;
    this.playhead.dataset.time = t.toFixed(3);
  }

  /** Seconds at a client x coordinate. */
  timeAt(clientX: number): number {
    const box = this.element.getBoundingClientRect();
    const f = box.width > 0 ? (clientX - box.left) / box.width : 0;
    return this.view.from + Math.min(1, Math.max(0, f)) * (this.view.to - this.view.from);
  }

  destroy(): void {
    this.element.removeEventListener("pointerdown", this.onDown);
    this.element.removeEventListener("pointermove", this.onMove);
    this.element.removeEventListener("pointerup", this.onUp);
    this.element.removeEventListener("wheel", this.onWheel);
  }

  private covers(p: { from: number; to: number }): boolean {
    const eps = (this.view.to - this.view.from) * 1e-3;
    return p.from <= this.view.from + eps && p.to >= this.view.to - eps;
  }

  private pct(t: number): number {
    return ((t - this.view.from) / (this.view.to - this.view.from || 1)) * 100;
  }

  private regionOf(target: EventTarget | null): Region | null {
    const node = target instanceof Element ? target.closest<HTMLElement>("[data-region]") : null;
    return this.value?.regions.find((r) => String(r.id) === node?.dataset.region) ?? null;
  }

  /** The region edge within a few pixels of `clientX` (the selected region's first), if any. */
  private edgeAt(clientX: number): { region: Region; edge: "start" | "end" } | null {
    const v = this.value;
    if (!v) return null;
    const box = this.element.getBoundingClientRect();
    const px = (t: number) => box.left + (this.pct(t) / 100) * box.width;
    const near = (region: Region) => {
      const ds = Math.abs(px(region.start) - clientX);
      const de = Math.abs(px(region.end) - clientX);
      const edge: "start" | "end" = ds < de ? "start" : "end";
      return Math.min(ds, de) <= EDGE_PX ? { region, edge, d: Math.min(ds, de) } : null;
    };
    const selected = v.selected ? near(v.selected) : null;
    if (selected) return selected;
    const hits = v.regions.map(near).filter((h) => h !== null);
    return hits.sort((x, y) => x.d - y.d)[0] ?? null;
  }

  private onDown = (event: PointerEvent): void => {
    if (event.button !== 0 || !this.value) return;
    event.preventDefault(); // no text selection; the root keeps the focus for keys
    this.element.setPointerCapture?.(event.pointerId);
    const t = this.timeAt(event.clientX);
    const edge = this.edgeAt(event.clientX);
    const region = this.regionOf(event.target);
    if (edge) {
      this.drag = { kind: "resize", region: edge.region, edge: edge.edge };
      this.on.select(edge.region);
    } else if (region) {
      this.drag = { kind: "move", region, t0: t, start: region.start, x0: event.clientX, moved: false };
    } else {
      this.drag = { kind: "new", t0: t, x0: event.clientX, moved: false };
    }
  };

  private onMove = (event: PointerEvent): void => {
    const d = this.drag;
    if (!d || !this.value) return;
    const t = this.timeAt(event.clientX);
    if (d.kind === "resize") {
      if (this.value.resize(d.region, d.edge, t)) this.regions(this.value);
    } else if (d.kind === "move") {
      d.moved ||= Math.abs(event.clientX - d.x0) > CLICK_PX;
      if (d.moved) {
        this.value.move(d.region, d.start + (t - d.t0) - d.region.start);
        this.regions(this.value);
      }
    } else {
      d.moved ||= Math.abs(event.clientX - d.x0) > CLICK_PX;
    }
  };

  private onUp = (event: PointerEvent): void => {
    const d = this.drag;
    this.drag = null;
    if (!d || !this.value) return;
    const t = this.timeAt(event.clientX);
    if (d.kind === "resize") this.on.changed(d.region);
    else if (d.kind === "move") {
      if (d.moved) this.on.changed(d.region);
      else this.on.select(d.region);
    } else if (d.moved && Math.abs(t - d.t0) >= MIN_REGION_S) this.on.create(d.t0, t);
    else this.on.seek(d.t0);
  };

  private onWheel = (event: WheelEvent): void => {
    const span = this.view.to - this.view.from;
    const delta = Math.abs(event.deltaX) > Math.abs(event.deltaY) ? event.deltaX : event.deltaY;
    if (!this.value || span >= this.value.duration - 1e-6 || delta === 0) return; // nothing to scroll
    event.preventDefault();
    this.on.scrolled((Math.sign(delta) * span) / 10);
  };
}

/** The spectrogram as a canvas at its own size (colours from dark blue to yellow), to scale. */
function spectrumImage(s: Spectrogram): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = s.columns;
  canvas.height = s.rows;
  const ctx = canvas.getContext("2d");
  if (!ctx) return canvas;
  const image = ctx.createImageData(s.columns, s.rows);
  for (let i = 0; i < s.data.length; i++) {
    const v = s.data[i] / 255;
    image.data[4 * i] = Math.round(255 * Math.min(1, 1.8 * v));
    image.data[4 * i + 1] = Math.round(255 * v * v);
    image.data[4 * i + 2] = Math.round(255 * (0.35 + 0.4 * v - 0.75 * v * v + 0.3 * v * v * v));
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}
