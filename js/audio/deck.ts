/**
 * The clip on screen as sound and picture: the player, the waveform, their requests to the
 * kernel, and the view they share (zoom, scrolling, the playhead followed every frame). Apart
 * from the task because none of it reads or changes the clip's value: the deck plays and
 * shows, the task edits.
 */
import type { TaskChannel } from "../protocol";
import { el } from "../ui/dom";
import { infoLine } from "./describe";
import { pan } from "./peaks";
import { Player } from "./player";
import { Requests } from "./requests";
import { Waveform, type WaveformEvents } from "./waveform";

/** What the mouse on the waveform does to the clip's value: the task handles these. */
export type WaveEdits = Pick<WaveformEvents, "create" | "select" | "changed">;

export class Deck {
  readonly element = el("div", "nbl-audio");
  private info = el("div", "nbl-audio-info");
  readonly player: Player;
  readonly wave: Waveform;
  readonly requests: Requests;
  private frame = 0;

  /** `duration`: the clip's length in seconds (0 with no clip), where scrolling stops. */
  constructor(
    channel: TaskChannel,
    regionLabels: readonly string[],
    edits: WaveEdits,
    private duration: () => number,
  ) {
    this.player = new Player(
      (from) => this.requests.audio(from),
      () => this.tick(),
    );
    this.wave = new Waveform(regionLabels, {
      seek: (t) => this.player.seek(t),
      create: edits.create,
      select: edits.select,
      changed: edits.changed,
      scrolled: (dt) => this.setView(pan(this.wave.view, dt, this.duration())),
    });
    this.requests = new Requests(channel, {
      peaks: (p) => this.wave.setDetail(p),
      spectrogram: (sp) => this.wave.setSpectrogram(sp),
      slice: (sl) => this.player.add(sl),
    });
    this.element.append(this.info, this.wave.element, this.player.element);
  }

  /** Every frame while playing: playhead, time, follow the playhead across a zoomed view. */
  readonly tick = (): void => {
    const { player, wave } = this;
    cancelAnimationFrame(this.frame);
    const t = player.time();
    wave.setPlayhead(t);
    const span = wave.view.to - wave.view.from;
    if (!player.paused && (t > wave.view.to || t < wave.view.from))
      this.setView(pan({ from: t, to: t + span }, 0, this.duration()));
    const total = this.duration();
    this.info.textContent = infoLine(t, total, player.rate, wave.view);
    this.element.dataset.playing = String(!player.paused);
    if (!player.paused) {
      player.tick();
      this.frame = requestAnimationFrame(this.tick);
    }
  };

  setView(view: { from: number; to: number }): void {
    const { wave } = this;
    wave.view = view;
    wave.draw();
    if (wave.spectral) this.requests.spectrogram(view.from, view.to, Math.min(4096, wave.width()));
    else if (wave.needsDetail()) this.requests.peaks(view.from, view.to, wave.width());
    this.tick();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.requests.destroy();
    this.player.destroy();
    this.wave.destroy();
  }
}
