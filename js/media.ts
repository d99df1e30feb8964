/** Binary buffers to decoded images; every object URL made here is revoked by `release`. */

/** Whatever a task prepares from an item's bytes before it is shown; freed on eviction. */
export interface Media {
  release(): void;
}

/** Copy a DataView's own bytes: buffers may be windows on a larger ArrayBuffer. */
export function viewBytes(view: DataView): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(view.byteLength);
  bytes.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return bytes;
}

/** An image decoding (or decoded) off screen, so that showing it later is a DOM swap. */
export class DecodedImage implements Media {
  readonly url: string;
  readonly img: HTMLImageElement;

  constructor(view: DataView, mime: string) {
    this.url = URL.createObjectURL(new Blob([viewBytes(view)], { type: mime }));
    this.img = new Image();
    this.img.className = "nbl-image";
    this.img.alt = "";
    this.img.decoding = "async";
    this.img.src = this.url;
    this.img.decode().catch(() => undefined); // a broken image still shows as broken, not as an exception
  }

  release(): void {
    URL.revokeObjectURL(this.url);
  }
}
