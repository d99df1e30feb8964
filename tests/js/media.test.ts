import { describe, expect, it } from "vitest";
import { viewBytes } from "../../js/media";

describe("viewBytes", () => {
  it("copies only the view's window of a larger buffer", () => {
    const buffer = new Uint8Array([9, 9, 1, 2, 3, 9]).buffer;
    const bytes = viewBytes(new DataView(buffer, 2, 3));
    expect(Array.from(bytes)).toEqual([1, 2, 3]);
    expect(bytes.buffer.byteLength).toBe(3);
  });
});
