// Reads the dimensions of a PNG from its IHDR chunk, after checking the signature.
export function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) throw new Error("not a PNG");
  if (bytes.toString("ascii", 12, 16) !== "IHDR") throw new Error("PNG without IHDR first");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** RGBA pixels of a region of a PNG, decoded by node-canvas (a decoder independent of the renderer's encoder). */
export async function pngPixels(
  bytes: Buffer,
  region: { x: number; y: number; width: number; height: number },
): Promise<Uint8ClampedArray> {
  const { createCanvas, loadImage } = await import("canvas");
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(region.x, region.y, region.width, region.height).data;
}

/** How many pixels of RGBA data match a colour test. */
export function countPixels(data: Uint8ClampedArray, match: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (match(data[i] as number, data[i + 1] as number, data[i + 2] as number)) n++;
  }
  return n;
}
