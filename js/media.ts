/** Binary buffers to decoded images; every object URL made here is revoked by `release`. */

/** Copy a DataView's own bytes: buffers may be windows on a larger ArrayBuffer. */
export function viewBytes(view: DataView): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(view.byteLength);
  bytes.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return bytes;
}

export interface DecodedImage {
  url: string;
  img: HTMLImageElement;
}

/** Start decoding now so that showing the image later is a DOM swap, not a decode. */
export function decodeImage(view: DataView, mime: string): DecodedImage {
  const url = URL.createObjectURL(new Blob([viewBytes(view)], { type: mime }));
  const img = new Image();
  img.className = "nbl-image";
  img.alt = "";
  img.decoding = "async";
  img.src = url;
  img.decode().catch(() => undefined); // a broken image still shows as broken, not as an exception
  return { url, img };
}

export function release(image: DecodedImage | undefined): void {
  if (image) URL.revokeObjectURL(image.url);
}
