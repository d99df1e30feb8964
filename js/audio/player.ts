/**
 * Playback of a clip that arrives in slices: the first seconds ride with the item, later ones
 * come on request. One <audio> element plays whichever slice holds the playhead; times here
 * are seconds of the original file.
 */
import type { Media } from "../media";
import { viewBytes } from "../media";
import type { Peaks } from "./peaks";

/** A playable slice [from, to) of the file, as a WAV object URL. */
export interface Slice {
  from: number;
  to: number;
  url: string;
}

/** What `prepare` makes of an audio item as it arrives: overview peaks and the lead slice. */
export class AudioMedia implements Media {
  constructor(
    readonly duration: number,
    readonly overview: Peaks,
    readonly lead: Slice,
  ) {}
  release(): void {
    URL.revokeObjectURL(this.lead.url);
  }
}

/** A WAV slice from a buffer window (which may sit inside a larger ArrayBuffer). */
export function sliceFrom(view: DataView, from: number, to: number): Slice {
  const blob = new Blob([viewBytes(view)], { type: "audio/wav" });
  return { from, to, url: URL.createObjectURL(blob) };
}

/** Ask for a slice early when the playhead is this close to the end of the one playing. */
const AHEAD_S = 5;
export const RATES = [0.5, 0.75, 1, 1.25, 1.5, 2];

export class Player {
  readonly element: HTMLAudioElement;
  private slices: Slice[] = []; // the clip's lead (not ours to revoke) and slices we asked for
  private own = new Set<string>();
  private current: Slice | null = null;
  private duration = 0;
  private pendingAt = 0; // where the playhead is while its slice is on its way
  private wanted = false; // play as soon as the slice arrives
  private asked = new Set<number>();
  /** Stop here (a replayed region's end); null: play on. */
  stopAt: number | null = null;

  constructor(
    private request: (from: number) => void,
    private onState: () => void,
  ) {
    this.element = document.createElement("audio");
    this.element.className = "nbl-audio-player";
    this.element.preload = "auto";
    this.element.addEventListener("ended", this.onEnded);
    this.element.addEventListener("play", onState);
    this.element.addEventListener("pause", onState);
  }

  /** Start on another clip: forget the last clip's slices, keep the speed. */
  load(media: AudioMedia): void {
    this.pauseQuietly();
    this.forget();
    this.duration = media.duration;
    this.slices = [media.lead];
    this.use(media.lead, 0);
    this.onState();
  }

  /** A slice the kernel sent (`audio` message). */
  add(slice: Slice): void {
    this.own.add(slice.url);
    this.slices.push(slice);
    if (!this.current || !contains(this.current, this.pendingAt, this.duration)) {
      if (contains(slice, this.pendingAt, this.duration)) {
        this.use(slice, this.pendingAt);
        if (this.wanted) void this.element.play().catch(() => undefined);
      }
    }
  }

  get paused(): boolean {
    return this.element.paused && !this.wanted;
  }

  /** The playhead, in seconds of the file. */
  time(): number {
    if (!this.current || !contains(this.current, this.pendingAt, this.duration)) return this.pendingAt;
    return this.current.from + this.element.currentTime;
  }

  seek(t: number): void {
    const at = Math.min(this.duration, Math.max(0, t));
    this.pendingAt = at;
    const slice = this.slices.find((s) => contains(s, at, this.duration));
    if (slice) {
      const playing = !this.element.paused || this.wanted;
      if (slice !== this.current) this.use(slice, at);
      else this.element.currentTime = at - slice.from;
      if (playing) void this.element.play().catch(() => undefined);
    } else {
      this.wanted = this.wanted || !this.element.paused;
      this.pauseQuietly();
      this.ask(at);
    }
    this.onState();
  }

  play(): void {
    if (this.time() >= this.duration - 1e-3) this.seek(0);
    const at = this.time();
    if (!this.current || !contains(this.current, at, this.duration)) {
      this.wanted = true;
      this.ask(at);
      this.onState();
      return;
    }
    void this.element.play().catch(() => undefined);
  }

  pause(): void {
    this.wanted = false;
    this.stopAt = null;
    this.element.pause();
    this.onState();
  }

  toggle(): void {
    if (this.paused) this.play();
    else this.pause();
  }

  /** Play [from, to) and stop there. */
  replay(from: number, to: number): void {
    this.seek(from);
    this.stopAt = to;
    this.play();
  }

  set rate(r: number) {
    this.element.playbackRate = r;
    this.element.defaultPlaybackRate = r;
  }
  get rate(): number {
    return this.element.playbackRate;
  }

  /** Called every frame while playing: stops at `stopAt`, asks for the next slice early. */
  tick(): void {
    const t = this.time();
    if (this.stopAt !== null && t >= this.stopAt) {
      this.pause();
      return;
    }
    const s = this.current;
    if (
      s &&
      s.to < this.duration &&
      s.to - t < AHEAD_S &&
      !this.slices.some((x) => contains(x, s.to, this.duration))
    )
      this.ask(s.to);
  }

  destroy(): void {
    this.pauseQuietly();
    this.forget();
    this.element.removeEventListener("ended", this.onEnded);
    this.element.removeAttribute("src");
  }

  private onEnded = (): void => {
    const s = this.current;
    if (!s || s.to >= this.duration - 1e-3) {
      this.wanted = false;
      this.onState();
      return;
    }
    this.wanted = true; // play on into the next slice
    this.seek(s.to);
  };

  private use(slice: Slice, at: number): void {
    this.current = slice;
    this.pendingAt = at;
    this.element.src = slice.url;
    this.element.currentTime = at - slice.from;
  }

  private ask(at: number): void {
    const key = Math.round(at * 1000);
    if (this.asked.has(key)) return;
    this.asked.add(key);
    this.request(at);
  }

  private pauseQuietly(): void {
    if (!this.element.paused) this.element.pause();
  }

  private forget(): void {
    for (const url of this.own) URL.revokeObjectURL(url);
    this.own.clear();
    this.slices = [];
    this.current = null;
    this.asked.clear();
    this.wanted = false;
    this.stopAt = null;
    this.pendingAt = 0;
  }
}

/** Whether a slice holds time `t` (its end counts only at the clip's end). */
function contains(s: Slice, t: number, duration: number): boolean {
  return t >= s.from && (t < s.to || (t === s.to && s.to >= duration - 1e-3));
}
