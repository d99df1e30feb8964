/**
 * An audio item's one buffer, split as it arrives: overview peaks, then the lead WAV. Apart
 * from the task because it runs when the item lands in the window, long before it is shown.
 */
import type { ItemHeader } from "../protocol";
import { AudioMedia, sliceFrom } from "./player";

/** Overview peaks, then the lead WAV, in the item's one buffer (widgets/audio.py `payload`). */
export function prepare(header: ItemHeader, buffer: DataView | undefined): AudioMedia | undefined {
  if (header.type !== "audio" || !buffer) return undefined;
  const duration = Number(header.duration);
  const n = Number(header.peak_bytes);
  const lead = Array.isArray(header.lead) ? header.lead.map(Number) : [0, 0];
  const data = new Int8Array(n);
  data.set(new Int8Array(buffer.buffer, buffer.byteOffset, n));
  const rest = new DataView(buffer.buffer, buffer.byteOffset + n, buffer.byteLength - n);
  return new AudioMedia(duration, { from: 0, to: duration, data }, sliceFrom(rest, lead[0], lead[1]));
}
