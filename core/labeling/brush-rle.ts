/**
 * Label Studio's brush masks: `value.rle` of a `brushlabels`/`brush` result. Its editor paints the
 * mask at the image's natural size, reads it back as RGBA bytes with R = G = B = A = the mask's
 * value at that pixel, and packs those width·height·4 bytes with @thi.ng/rle-pack's `encode`
 * (8-bit words, repeat sizes 3, 4, 8, 16 bits); its converter (brush.py decode_rle) unpacks them and
 * keeps channel 3 (alpha) as the mask. The stream, MSB first:
 *   32 bits count · 5 bits word size − 1 · four × 4 bits repeat size − 1 · then blocks:
 *   1 bit (1 = a run, 0 = literals) · 2 bits which repeat size · that many bits n · a run: one word
 *   repeated n + 1 times; literals: n + 1 words.
 * We write exactly the bytes rle-pack writes for that RGBA buffer (the tests compare them), from the
 * one-byte-per-pixel mask, run by run: a 12-megapixel mask packs in milliseconds. Pure.
 */

export interface BrushMask {
  width: number;
  height: number;
  /** One byte per pixel, row by row: 0 is unpainted, anything else painted (we paint 255). */
  data: Uint8Array;
}

/** rle-pack's defaults, which Label Studio uses. */
const WORD = 8;
const REPEAT_BITS = [3, 4, 8, 16] as const;
const MAX_RUN = 1 << REPEAT_BITS[3];

class BitWriter {
  #buffer: Uint8Array;
  #bit = 0;

  constructor(bytes: number) {
    this.#buffer = new Uint8Array(Math.max(16, bytes));
  }

  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      const byte = this.#bit >>> 3;
      if (byte >= this.#buffer.length) {
        const grown = new Uint8Array(this.#buffer.length * 2);
        grown.set(this.#buffer);
        this.#buffer = grown;
      }
      if ((value / 2 ** i) & 1) this.#buffer[byte]! |= 0x80 >>> (this.#bit & 7);
      this.#bit++;
    }
  }

  bytes(): number[] {
    return Array.from(this.#buffer.subarray(0, (this.#bit + 7) >>> 3));
  }
}

class BitReader {
  readonly #bytes: ArrayLike<number>;
  #bit = 0;

  constructor(bytes: ArrayLike<number>) {
    this.#bytes = bytes;
  }

  read(bits: number): number {
    let out = 0;
    for (let i = 0; i < bits; i++) {
      const byte = this.#bytes[this.#bit >>> 3];
      if (byte === undefined) throw new BrushRleError('The brush mask ends too early.');
      out = out * 2 + ((byte >>> (7 - (this.#bit & 7))) & 1);
      this.#bit++;
    }
    return out;
  }
}

/** A mask that cannot be read: the message is for people. */
export class BrushRleError extends Error {
  override name = 'BrushRleError';
}

function sizeClass(n: number): 0 | 1 | 2 | 3 {
  return n < 1 << REPEAT_BITS[0] ? 0 : n < 1 << REPEAT_BITS[1] ? 1 : n < 1 << REPEAT_BITS[2] ? 2 : 3;
}

/** A run block: `value` n + 1 times. */
function writeBlock(out: BitWriter, n: number, value: number): void {
  const t = sizeClass(n);
  out.write(1, 1);
  out.write(t, 2);
  out.write(n, REPEAT_BITS[t]);
  out.write(value, WORD);
}

/**
 * The mask as Label Studio's `rle` array. Each pixel is four equal bytes, so every run of equal
 * bytes is 4·k long and rle-pack writes it as run blocks of 65,536 and one of the rest (never a
 * literal block: that needs a run to leave one byte over, and 4·k − 1 is never a multiple of 65,536).
 */
export function encodeBrushMask(mask: BrushMask): number[] {
  const { data } = mask;
  const pixels = mask.width * mask.height;
  if (data.length !== pixels) throw new BrushRleError('The brush mask does not match the image size.');
  const total = pixels * 4;
  const out = new BitWriter(64 + (total >>> 10));
  out.write(total, 32);
  out.write(WORD - 1, 5);
  for (const bits of REPEAT_BITS) out.write(bits - 1, 4);
  // Four pixels at a time where the buffer allows it: long runs are most of a mask.
  const words =
    data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, pixels >>> 2) : null;
  let start = 0;
  while (start < pixels) {
    const value = data[start]! === 0 ? 0 : 255;
    const end = runEnd(data, words, start, value);
    const length = (end - start) * 4;
    // rle-pack counts the bytes after a run's first: a full block at each 65,536, then the rest.
    const full = Math.floor((length - 1) / MAX_RUN);
    const rest = (length - 1) % MAX_RUN;
    for (let i = 0; i < full; i++) writeBlock(out, MAX_RUN - 1, value);
    writeBlock(out, rest, value);
    start = end;
  }
  return out.bytes();
}

/** Where the run of unpainted (value 0) or painted (any other byte) pixels from `start` ends. */
function runEnd(data: Uint8Array, words: Uint32Array | null, start: number, value: 0 | 255): number {
  const pixels = data.length;
  const same = (v: number) => (value === 0 ? v === 0 : v !== 0);
  let end = start + 1;
  while (end < pixels && (end & 3) !== 0 && same(data[end]!)) end++;
  if (words && (end & 3) === 0) {
    // 0 and 0xffffffff are four pixels alike; any other word is looked at byte by byte below.
    const whole = value === 0 ? 0 : 0xffffffff;
    let w = end >>> 2;
    while (w < words.length && words[w] === whole) w++;
    end = w << 2;
  }
  while (end < pixels && same(data[end]!)) end++;
  return end;
}

/** Any rle-pack stream (words up to 32 bits) as its values. */
export function decodeRle(rle: ArrayLike<number>): Uint32Array | Uint8Array {
  const input = new BitReader(rle);
  const count = input.read(32);
  const word = input.read(5) + 1;
  const repeat = [0, 0, 0, 0].map(() => input.read(4) + 1);
  if (count > 1 << 30) throw new BrushRleError('The brush mask is too large.');
  const out = word <= 8 ? new Uint8Array(count) : new Uint32Array(count);
  for (let i = 0; i < count;) {
    const run = input.read(1) === 1;
    const end = i + 1 + input.read(repeat[input.read(2)]!);
    if (end > count) throw new BrushRleError('The brush mask is longer than it says.');
    if (run) {
      out.fill(input.read(word), i, end);
      i = end;
    } else for (; i < end; i++) out[i] = input.read(word);
  }
  return out;
}

/**
 * Label Studio's `rle` as the mask of an image of `width` × `height` (its alpha channel, byte 3 of
 * each pixel). Read block by block straight into the mask: a run of bytes i..j sets the pixels whose
 * alpha byte it covers, without unpacking the 4·width·height RGBA bytes first.
 */
export function decodeBrushMask(rle: ArrayLike<number>, width: number, height: number): BrushMask {
  const input = new BitReader(rle);
  const count = input.read(32);
  const word = input.read(5) + 1;
  const repeat = [0, 0, 0, 0].map(() => input.read(4) + 1);
  const pixels = width * height;
  if (count !== pixels * 4)
    throw new BrushRleError('The brush mask was painted on an image of another size.');
  if (count > 0x7fffffff) throw new BrushRleError('The brush mask is too large.');
  const data = new Uint8Array(pixels);
  for (let i = 0; i < count;) {
    const run = input.read(1) === 1;
    const end = i + 1 + input.read(repeat[input.read(2)]!);
    if (end > count) throw new BrushRleError('The brush mask is longer than it says.');
    if (run) {
      const value = input.read(word) & 0xff;
      // Alpha bytes in [i, end): indices 4·p + 3.
      if (value !== 0) data.fill(value, i >> 2, end >> 2);
      i = end;
    } else
      for (; i < end; i++) {
        const value = input.read(word);
        if ((i & 3) === 3) data[i >> 2] = value & 0xff;
      }
  }
  return { width, height, data };
}
