/**
 * Peaks straight from a PCM WAV's bytes, without decoding it to floats first: the common format of
 * call recordings, and a 1-hour file is then read once (about a tenth of a second) instead of being
 * decoded and resampled by WebAudio (seconds, and hundreds of MB). Integer PCM of 8, 16, 24 or 32
 * bits and 32-bit float, any number of channels; anything else (compressed, odd headers) returns
 * null and goes to decodeAudioData. Pure.
 */
import { BASE_BUCKET, pyramidFrom, type PeakPyramid } from './peaks.ts';

export interface WavInfo {
  format: 'int' | 'float';
  bits: number;
  channels: number;
  sampleRate: number;
  dataOffset: number;
  dataLength: number;
}

const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 0xfffe;

/** The WAV's format and where its samples are, or null when it is not a WAV this can read. */
export function parseWav(bytes: ArrayBuffer): WavInfo | null {
  const view = new DataView(bytes);
  const tag = (at: number) =>
    at + 4 <= bytes.byteLength ? String.fromCharCode(...new Uint8Array(bytes, at, 4)) : '';
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataLength'> | null = null;
  for (let at = 12; at + 8 <= bytes.byteLength;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ' && size >= 16) {
      let code = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE names the real format in the first two bytes of its sub-format GUID.
      if (code === EXTENSIBLE && size >= 40) code = view.getUint16(body + 24, true);
      const bits = view.getUint16(body + 14, true);
      const format = code === PCM ? 'int' : code === FLOAT && bits === 32 ? 'float' : null;
      if (!format || ![8, 16, 24, 32].includes(bits)) return null;
      fmt = {
        format,
        bits,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
      };
    } else if (id === 'data') {
      if (!fmt || fmt.channels < 1 || fmt.sampleRate < 1) return null;
      // A length past the end (a recording cut short, or 0xFFFFFFFF while streaming) means "to the end".
      const dataLength = Math.min(size, bytes.byteLength - body);
      return { ...fmt, dataOffset: body, dataLength };
    }
    at = body + size + (size % 2);
  }
  return null;
}

/** One sample as -1..1 at byte `at`. */
function reader(view: DataView, info: WavInfo): (at: number) => number {
  if (info.format === 'float') return (at) => view.getFloat32(at, true);
  switch (info.bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) =>
        (view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608;
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

/** The peak pyramid of each channel, read from the bytes, or null when this is not a WAV it reads. */
export function wavPyramids(bytes: ArrayBuffer): { duration: number; channels: PeakPyramid[] } | null {
  const info = parseWav(bytes);
  if (!info) return null;
  const width = info.bits / 8;
  const frame = width * info.channels;
  const frames = Math.floor(info.dataLength / frame);
  const buckets = Math.ceil(frames / BASE_BUCKET);
  const channels: PeakPyramid[] = [];
  const whole16 = info.format === 'int' && info.bits === 16 && info.dataOffset % 2 === 0;
  // 16-bit, the usual case, through a typed array (several times faster than DataView calls).
  const int16 = whole16 ? new Int16Array(bytes, info.dataOffset, frames * info.channels) : null;
  const view = new DataView(bytes);
  const read = reader(view, info);
  for (let c = 0; c < info.channels; c++) {
    const min = new Float32Array(buckets);
    const max = new Float32Array(buckets);
    for (let b = 0; b < buckets; b++) {
      const end = Math.min(frames, (b + 1) * BASE_BUCKET);
      let lo = Infinity;
      let hi = -Infinity;
      if (int16) {
        for (let f = b * BASE_BUCKET, i = f * info.channels + c; f < end; f++, i += info.channels) {
          const v = int16[i] as number;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        lo /= 32768;
        hi /= 32768;
      } else
        for (let f = b * BASE_BUCKET; f < end; f++) {
          const v = read(info.dataOffset + f * frame + c * width);
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      min[b] = lo;
      max[b] = hi;
    }
    channels.push(pyramidFrom({ bucket: BASE_BUCKET, min, max }, info.sampleRate, frames));
  }
  return { duration: frames / info.sampleRate, channels };
}
