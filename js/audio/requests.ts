/**
 * The audio task's own messages (handlers in widgets/audio.py): detail peaks and spectrograms
 * of the view, and playback slices, for the clip on screen. A reply for another clip, or for a
 * view since replaced, is dropped.
 */
import { viewBytes } from "../media";
import type { ItemId, TaskChannel } from "../protocol";
import type { Peaks } from "./peaks";
import { type Slice, sliceFrom } from "./player";
import type { Spectrogram } from "./waveform";

type Inbound =
  | { kind: "peaks"; id: ItemId; from_s: number; to_s: number; bins: number; req: number }
  | { kind: "audio"; id: ItemId; from_s: number; to_s: number; req: number }
  | {
      kind: "spectrogram";
      id: ItemId;
      from_s: number;
      to_s: number;
      rows: number;
      columns: number;
      req: number;
    };

export interface Replies {
  peaks(p: Peaks): void;
  spectrogram(s: Spectrogram): void;
  slice(s: Slice): void;
}

export class Requests {
  private id: ItemId | null = null;
  private view = 0; // the newest view request: older peaks and spectrograms are stale
  private readonly stop: () => void;

  constructor(
    private channel: TaskChannel,
    on: Replies,
  ) {
    const current = (msg: { id: ItemId; req: number }, buffers: DataView[]) =>
      msg.id === this.id && msg.req === this.view && buffers[0] !== undefined;
    this.stop = channel.listen<Inbound>({
      peaks: (msg, buffers) => {
        if (current(msg, buffers))
          on.peaks({ from: msg.from_s, to: msg.to_s, data: new Int8Array(viewBytes(buffers[0]).buffer) });
      },
      spectrogram: (msg, buffers) => {
        if (!current(msg, buffers)) return;
        const data = viewBytes(buffers[0]);
        on.spectrogram({ from: msg.from_s, to: msg.to_s, rows: msg.rows, columns: msg.columns, data });
      },
      audio: (msg, buffers) => {
        if (msg.id === this.id && buffers[0]) on.slice(sliceFrom(buffers[0], msg.from_s, msg.to_s));
      },
    });
  }

  /** The clip now on screen (null: none); replies for others are dropped from now on. */
  show(id: ItemId | null): void {
    this.id = id;
    this.view++;
  }

  peaks(from: number, to: number, bins: number): void {
    if (this.id !== null) this.send("peaks", { from_s: from, to_s: to, bins, req: ++this.view });
  }

  spectrogram(from: number, to: number, columns: number): void {
    if (this.id !== null) this.send("spectrogram", { from_s: from, to_s: to, columns, req: ++this.view });
  }

  /** A playback slice from `from` seconds. */
  audio(from: number): void {
    if (this.id !== null) this.send("audio", { from_s: from });
  }

  destroy(): void {
    this.stop();
  }

  private send(kind: string, body: Record<string, number>): void {
    if (this.id !== null) this.channel.send(kind, { ...body, id: this.id });
  }
}
