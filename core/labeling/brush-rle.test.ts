/**
 * The brush codec against Label Studio's own pieces: its editor's encoder (@thi.ng/rle-pack's
 * `encode` of the RGBA bytes, R = G = B = A) and a port of its converter's decode_rle (brush.py: a
 * string of bits read MSB first, channel 3 kept). No brush export ships in the shared data, so the
 * masks here are drawn by the test: blobs, strokes, runs longer than one 65,536-byte block.
 */
import { decode as rlePackDecode, encode as rlePackEncode } from '@thi.ng/rle-pack';
import { describe, expect, it } from 'vitest';
import { BrushRleError, decodeBrushMask, decodeRle, encodeBrushMask, type BrushMask } from './brush-rle.ts';

/** A deterministic pseudo-random source (tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function blankMask(width: number, height: number): BrushMask {
  return { width, height, data: new Uint8Array(width * height) };
}

/** Discs painted at random places, as brush dabs are. */
function dabs(width: number, height: number, count: number, seed: number): BrushMask {
  const mask = blankMask(width, height);
  const random = lcg(seed);
  for (let k = 0; k < count; k++) {
    const cx = random() * width;
    const cy = random() * height;
    const r = 1 + random() * Math.min(width, height) * 0.2;
    const value = random() < 0.8 ? 255 : 0; // some dabs erase
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(height, cy + r); y++)
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(width, cx + r); x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) mask.data[y * width + x] = value;
  }
  return mask;
}

/** The RGBA bytes Label Studio's editor reads back and encodes: every channel the mask's value. */
function rgbaOf(mask: BrushMask): Uint8Array {
  const out = new Uint8Array(mask.data.length * 4);
  for (let i = 0; i < mask.data.length; i++) out.fill(mask.data[i]!, i * 4, i * 4 + 4);
  return out;
}

/** label_studio_converter/brush.py decode_rle, ported line by line: bits as a '0'/'1' string. */
function converterDecodeRle(rle: readonly number[]): Uint8Array {
  const bits = rle.map((byte) => byte.toString(2).padStart(8, '0')).join('');
  let at = 0;
  const read = (size: number) => {
    const out = parseInt(bits.slice(at, at + size), 2);
    at += size;
    return out;
  };
  const num = read(32);
  const wordSize = read(5) + 1;
  const rleSizes = [read(4) + 1, read(4) + 1, read(4) + 1, read(4) + 1];
  const out = new Uint8Array(num);
  let i = 0;
  while (i < num) {
    const x = read(1);
    const j = i + 1 + read(rleSizes[read(2)]!);
    if (x) {
      out.fill(read(wordSize), i, j);
      i = j;
    } else
      while (i < j) {
        out[i] = read(wordSize);
        i += 1;
      }
  }
  return out;
}

/** The converter's mask: np.reshape(decode_rle(rle), [h, w, 4])[:, :, 3]. */
function converterMask(rle: number[], width: number, height: number): Uint8Array {
  const rgba = converterDecodeRle(rle);
  expect(rgba.length).toBe(width * height * 4);
  return Uint8Array.from({ length: width * height }, (_, i) => rgba[i * 4 + 3]!);
}

const MASKS: [string, BrushMask][] = [
  ['empty', blankMask(40, 30)],
  ['full', { width: 33, height: 7, data: new Uint8Array(33 * 7).fill(255) }],
  [
    'one pixel at each corner',
    (() => {
      const m = blankMask(9, 5);
      for (const i of [0, 8, 36, 44]) m.data[i] = 255;
      return m;
    })(),
  ],
  ['dabs and erasures', dabs(120, 80, 25, 7)],
  // 300×300 px painted: one run of 360,000 bytes, more than five 65,536-byte blocks.
  [
    'long runs',
    (() => {
      const m = blankMask(400, 400);
      m.data.fill(255, 400 * 50, 400 * 50 + 300 * 300 * 1 + 2);
      return m;
    })(),
  ],
  [
    'alternating pixels (short runs)',
    (() => {
      const m = blankMask(17, 3);
      m.data.forEach((_, i) => (m.data[i] = i % 2 ? 255 : 0));
      return m;
    })(),
  ],
];

describe('encodeBrushMask / decodeBrushMask', () => {
  it.each(MASKS)('%s: decodes to the same pixels it was encoded from', (_, mask) => {
    const rle = encodeBrushMask(mask);
    expect(rle.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)).toBe(true);
    expect(decodeBrushMask(rle, mask.width, mask.height).data).toEqual(mask.data);
  });

  it.each(MASKS)('%s: writes the bytes Label Studio writes (rle-pack encode of RGBA)', (_, mask) => {
    const rgba = rgbaOf(mask);
    const theirs = Array.from(rlePackEncode(rgba, rgba.length));
    expect(encodeBrushMask(mask)).toEqual(theirs);
  });

  it.each(MASKS)('%s: reads what rle-pack wrote the way Label Studio does', (_, mask) => {
    const rgba = rgbaOf(mask);
    const theirs = Array.from(rlePackEncode(rgba, rgba.length));
    expect(decodeBrushMask(theirs, mask.width, mask.height).data).toEqual(mask.data);
    expect(decodeRle(theirs)).toEqual(rlePackDecode(rlePackEncode(rgba, rgba.length)));
  });

  it.each(MASKS)('%s: the converter decode_rle gets the same mask from our bytes', (_, mask) => {
    const rle = encodeBrushMask(mask);
    expect(converterMask(rle, mask.width, mask.height)).toEqual(mask.data);
  });

  it('decodes literal blocks and other word sizes (rle-pack streams not made from a mask)', () => {
    const random = lcg(3);
    const values = Uint8Array.from({ length: 5000 }, () => (random() < 0.5 ? 7 : Math.floor(random() * 256)));
    expect(decodeRle(Array.from(rlePackEncode(values, values.length)))).toEqual(values);
    const wide = Uint32Array.from({ length: 300 }, (_, i) => (i % 3 ? 70_000 : i));
    expect(Array.from(decodeRle(Array.from(rlePackEncode(wide, wide.length, 17))))).toEqual(Array.from(wide));
  });

  it('reads the alpha channel of masks Label Studio’s older editor wrote in the label’s colour', () => {
    // RGB the colour (0 where unpainted), alpha 255 or an anti-aliased edge: literal blocks appear.
    const mask = dabs(50, 40, 6, 5);
    mask.data.forEach((v, i) => (mask.data[i] = v && i % 7 === 0 ? 128 : v));
    const rgba = new Uint8Array(mask.data.length * 4);
    mask.data.forEach((v, i) => v && rgba.set([255, 140, 0, v], i * 4));
    const rle = Array.from(rlePackEncode(rgba, rgba.length));
    expect(decodeBrushMask(rle, 50, 40).data).toEqual(mask.data);
    expect(converterMask(rle, 50, 40)).toEqual(mask.data);
  });

  it('counts any non-zero pixel as painted (a mask with anti-aliased edges)', () => {
    const mask = blankMask(4, 1);
    mask.data.set([0, 128, 255, 1]);
    expect(Array.from(decodeBrushMask(encodeBrushMask(mask), 4, 1).data)).toEqual([0, 255, 255, 255]);
  });

  it('refuses a mask of another image size, a truncated stream and a mask that does not fit', () => {
    const mask = dabs(20, 10, 3, 1);
    const rle = encodeBrushMask(mask);
    expect(() => decodeBrushMask(rle, 10, 20 + 1)).toThrow(BrushRleError);
    expect(() => decodeBrushMask(rle.slice(0, 8), 20, 10)).toThrow(/ends too early/);
    expect(() => encodeBrushMask({ width: 3, height: 3, data: new Uint8Array(8) })).toThrow(BrushRleError);
  });

  it('round-trips a 4000×3000 mask with strokes (the size the benchmark times)', () => {
    const mask = blankMask(4000, 3000);
    for (let y = 0; y < 3000; y++) {
      // A wavy band 400 px wide and a dotted line: long runs and short ones on every row.
      const from = Math.round(1500 + 1000 * Math.sin(y / 300));
      mask.data.fill(255, y * 4000 + from, y * 4000 + from + 400);
      if (y % 7 === 0) for (let x = 0; x < 4000; x += 9) mask.data[y * 4000 + x] = 255;
    }
    const back = decodeBrushMask(encodeBrushMask(mask), 4000, 3000).data;
    expect(back.length).toBe(mask.data.length);
    expect(back.findIndex((v, i) => v !== mask.data[i])).toBe(-1);
  });
});
