/** An audio clip's editable value: regions in seconds of the file, clip labels, a transcript. Pure. */
import type { Json } from "../model";

export interface Region {
  /** Local handle for the DOM and selection; never stored. */
  id: number;
  start: number;
  end: number;
  /** Index into the region labels; -1 until a label key labels it. */
  label: number;
  text: string;
  source: "human" | "model";
  accepted: boolean;
  score?: number;
}

/** Shortest region kept from a drag or a move: shorter ones are clicks. */
export const MIN_REGION_S = 0.02;

/** Round to 0.1 ms: what a pixel can mean, and what Python keeps. */
export function roundS(t: number): number {
  return Math.round(t * 10_000) / 10_000;
}

export class ClipValue {
  regions: Region[] = [];
  clipLabels = new Set<string>();
  transcript = "";
  selected: Region | null = null;
  /** Where `[` marked the start of a region to come, in seconds; null when none. */
  markIn: number | null = null;
  private nextId = 1;

  constructor(
    readonly duration: number,
    readonly labels: readonly string[],
  ) {}

  /** Load a stored value (or pre-annotations, for an unlabeled clip); unknown parts are ignored. */
  load(value: unknown, pre: unknown, transcript: unknown): void {
    const v = isObject(value) ? value : null;
    const regions = v ? v.regions : pre;
    this.regions = [];
    for (const r of Array.isArray(regions) ? regions : []) {
      if (!isObject(r) || typeof r.start !== "number" || typeof r.end !== "number") continue;
      const label = this.labels.indexOf(String(r.label));
      const region = this.add(r.start, r.end, label, r.source === "model" ? "model" : "human");
      region.text = typeof r.text === "string" ? r.text : "";
      region.accepted = r.accepted === true;
      if (typeof r.score === "number") region.score = r.score;
    }
    this.clipLabels = new Set(v && Array.isArray(v.labels) ? v.labels.map(String) : []);
    const text = v ? v.transcript : transcript;
    this.transcript = typeof text === "string" ? text : "";
    this.selected = null;
    this.markIn = null;
  }

  clamp(t: number): number {
    return Math.min(this.duration, Math.max(0, t));
  }

  /** A new region over [a, b] (either order), clamped to the clip; it is not selected. */
  add(a: number, b: number, label = -1, source: Region["source"] = "human"): Region {
    const start = roundS(this.clamp(Math.min(a, b)));
    const end = roundS(this.clamp(Math.max(a, b)));
    const region: Region = { id: this.nextId++, start, end, label, text: "", source, accepted: false };
    this.regions.push(region);
    this.sort();
    return region;
  }

  /** Move a region by `dt` seconds, kept inside the clip at its length. */
  move(region: Region, dt: number): void {
    const length = region.end - region.start;
    const start = Math.min(this.duration - length, Math.max(0, region.start + dt));
    region.start = roundS(start);
    region.end = roundS(start + length);
    this.sort();
  }

  /** Move one edge to `t`; refused (false) when the region would be shorter than MIN_REGION_S. */
  resize(region: Region, edge: "start" | "end", t: number): boolean {
    const at = roundS(this.clamp(t));
    if (edge === "start" ? region.end - at < MIN_REGION_S : at - region.start < MIN_REGION_S) return false;
    region[edge] = at;
    this.sort();
    return true;
  }

  remove(region: Region): void {
    this.regions = this.regions.filter((r) => r !== region);
    if (this.selected === region) this.selected = null;
  }

  /** The next (`step` 1) or previous (-1) region from the selection, or from time `t`. */
  neighbour(step: 1 | -1, t: number): Region | null {
    const list = this.regions;
    if (list.length === 0) return null;
    const at = this.selected ? list.indexOf(this.selected) : -1;
    if (at >= 0) return list[(at + step + list.length) % list.length];
    const after = list.findIndex((r) => r.start >= t);
    if (step === 1) return list[Math.max(after, 0)];
    const before = (after < 0 ? list.length : after) - 1; // the last one starting before t
    return list[before < 0 ? list.length - 1 : before];
  }

  /** The region a review key acts on: the selected pre-annotation, or the first unreviewed one. */
  reviewTarget(): Region | null {
    const s = this.selected;
    if (s?.source === "model" && !s.accepted) return s; // an accepted one is deleted with Delete
    return this.regions.find((r) => r.source === "model" && !r.accepted) ?? null;
  }

  /**
   * What an editing key does at playhead `t`; returns why it did nothing, or null. `[` and `]`
   * mark a new region, or move the selected region's start and end (resizing by keys).
   */
  key(action: string, t: number): string | null {
    const s = this.selected;
    switch (action) {
      case "mark_in":
        if (s && !this.resize(s, "start", t)) return "the start must stay before the end";
        if (!s) this.markIn = this.clamp(t);
        return null;
      case "mark_out":
        if (s) return this.resize(s, "end", t) ? null : "the end must stay after the start";
        if (this.markIn === null) return "press [ first to mark where the region starts";
        if (Math.abs(t - this.markIn) < MIN_REGION_S)
          return "move the playhead on before ] (the region is empty)";
        this.selected = this.add(this.markIn, t);
        this.markIn = null;
        return null;
      case "remove":
        if (!s) return "select a region to delete";
        this.remove(s);
        return null;
      case "accept_pre":
      case "reject_pre": {
        const r = this.reviewTarget();
        if (!r) return "no detected region left to review";
        if (action === "accept_pre") r.accepted = true;
        else this.remove(r);
        // On to the next one waiting, so a run of a/x keys reviews them in order.
        this.selected = this.regions.find((x) => x.source === "model" && !x.accepted) ?? null;
        return null;
      }
      case "accept_all":
      case "reject_all":
        for (const r of this.regions.filter((x) => x.source === "model" && !x.accepted)) {
          if (action === "accept_all") r.accepted = true;
          else this.remove(r);
        }
        return null;
      case "clear":
        this.selected = null;
        this.markIn = null;
        return null;
      default:
        return `${action} does nothing here`;
    }
  }

  /** Label the selected region, or the one from the `[` mark to `t`; it is then let go of. */
  labelRegion(label: number, t: number): string | null {
    let target = this.selected;
    if (!target && this.markIn !== null && Math.abs(t - this.markIn) >= MIN_REGION_S)
      target = this.add(this.markIn, t);
    if (!target) return "select a region (click, Tab) or mark one (drag, [ and ]) first";
    target.label = label;
    if (target.source === "model") target.accepted = true;
    this.selected = null; // labeled: the next [ starts a new region
    this.markIn = null;
    return null;
  }

  /** Regions still waiting for a label (refused by the kernel): their start times. */
  unlabeled(): Region[] {
    return this.regions.filter((r) => r.label < 0);
  }

  /** The value Python stores (widgets/audio.py): clip labels in label order, regions by time. */
  value(clipLabelOrder: readonly string[]): Json {
    return {
      labels: clipLabelOrder.filter((l) => this.clipLabels.has(l)),
      regions: this.regions.map((r) => {
        const out: Record<string, Json> = {
          start: r.start,
          end: r.end,
          label: this.labels[r.label] ?? null,
          text: r.text,
          source: r.source,
        };
        if (r.source === "model") out.accepted = r.accepted;
        if (r.score !== undefined) out.score = r.score;
        return out;
      }),
      transcript: this.transcript,
    };
  }

  private sort(): void {
    this.regions.sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
