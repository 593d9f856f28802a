import { expect } from 'vitest';

/** The bytes of a Blob (jsdom's Blob has no arrayBuffer(); FileReader is what it offers). */
export function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

/** Reads back a PNG as the server would: chunks, CRC-less check of the header, zlib, filter bytes. */
export async function decodeGrayPng(blob: Blob): Promise<{ width: number; height: number; colorType: number; pixels: Uint8Array }> {
  const bytes = await blobBytes(blob);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Uint8Array[] = [];
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      expect(data[8]).toBe(8);
      colorType = data[9];
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const compressed = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  idat.reduce((at, d) => (compressed.set(d, at), at + d.length), 0);
  const source = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(compressed);
      controller.close();
    },
  });
  const raw = new Uint8Array(await new Response(source.pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)]).toBe(0);
    pixels.set(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  }
  return { width, height, colorType, pixels };
}
