import { crc32, deflateSync } from 'node:zlib';

/**
 * Generated PNG scenes with shapes worth labelling, and their ground truth (pixel geometry) so
 * sample tasks can carry predictions and tests can check them. No image library: PNG is a deflated
 * RGB raster with CRC'd chunks.
 */
export type Shape =
  | { kind: 'rectangle'; label: 'Square'; x: number; y: number; width: number; height: number; color: RGB }
  | { kind: 'circle'; label: 'Circle'; cx: number; cy: number; r: number; color: RGB }
  | { kind: 'triangle'; label: 'Triangle'; points: [number, number][]; color: RGB };

export type RGB = [number, number, number];

export interface Scene {
  width: number;
  height: number;
  shapes: Shape[];
  png: Buffer;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter method, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    rows[y * (width * 3 + 1)] = 0; // filter: none
    rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small deterministic PRNG (mulberry32): the same seed always draws the same scene. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function insideTriangle(px: number, py: number, [a, b, c]: [number, number][]): boolean {
  if (!a || !b || !c) return false;
  const sign = (p: [number, number], q: [number, number], r: [number, number]): number =>
    (p[0] - r[0]) * (q[1] - r[1]) - (q[0] - r[0]) * (p[1] - r[1]);
  const p: [number, number] = [px, py];
  const d1 = sign(p, a, b);
  const d2 = sign(p, b, c);
  const d3 = sign(p, c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

function covers(shape: Shape, x: number, y: number): boolean {
  if (shape.kind === 'rectangle') {
    return x >= shape.x && x < shape.x + shape.width && y >= shape.y && y < shape.y + shape.height;
  }
  if (shape.kind === 'circle') return (x - shape.cx) ** 2 + (y - shape.cy) ** 2 <= shape.r ** 2;
  return insideTriangle(x, y, shape.points);
}

/** Three to five non-overlapping-ish shapes on a noisy background. */
export function drawScene(seed: number, width = 320, height = 240): Scene {
  const random = seededRandom(seed);
  const int = (min: number, max: number): number => Math.floor(min + random() * (max - min));
  const color = (): RGB => [int(30, 230), int(30, 230), int(30, 230)];
  const shapes: Shape[] = [];
  const count = int(3, 6);
  for (let i = 0; i < count; i += 1) {
    const cellX = (i % 3) * (width / 3);
    const cellY = Math.floor(i / 3) * (height / 2);
    const size = int(30, 60);
    const x = Math.floor(cellX + int(5, width / 3 - size - 5));
    const y = Math.floor(cellY + int(5, height / 2 - size - 5));
    const kind = i % 3;
    if (kind === 0)
      shapes.push({ kind: 'rectangle', label: 'Square', x, y, width: size, height: size, color: color() });
    else if (kind === 1)
      shapes.push({
        kind: 'circle',
        label: 'Circle',
        cx: x + size / 2,
        cy: y + size / 2,
        r: size / 2,
        color: color(),
      });
    else
      shapes.push({
        kind: 'triangle',
        label: 'Triangle',
        points: [
          [x + size / 2, y],
          [x + size, y + size],
          [x, y + size],
        ],
        color: color(),
      });
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const shade = 235 + int(0, 15);
      let pixel: RGB = [shade, shade, shade];
      for (const shape of shapes) if (covers(shape, x, y)) pixel = shape.color;
      rgb.set(pixel, (y * width + x) * 3);
    }
  }
  return { width, height, shapes, png: encodePng(width, height, rgb) };
}
