/** Peaks from WAV bytes: the same pyramid as from decoded floats, for each PCM layout a WAV can have. */
import { describe, expect, it } from 'vitest';
import { buildPyramid } from './peaks.ts';
import { parseWav, wavPyramids } from './wav-peaks.ts';

/** A WAV with `channels` interleaved channels of `bits`-bit samples, with a LIST chunk before data. */
function wav(samples: number[][], bits: 8 | 16 | 24 | 32, float = false, rate = 8000): ArrayBuffer {
  const channels = samples.length;
  const frames = (samples[0] as number[]).length;
  const width = bits / 8;
  const list = 12;
  const data = frames * channels * width;
  const buffer = new ArrayBuffer(12 + 24 + 8 + list + 8 + data);
  const view = new DataView(buffer);
  const tag = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  tag(0, 'RIFF');
  view.setUint32(4, buffer.byteLength - 8, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, float ? 3 : 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * channels * width, true);
  view.setUint16(32, channels * width, true);
  view.setUint16(34, bits, true);
  tag(36, 'LIST');
  view.setUint32(40, list, true);
  tag(56, 'data');
  view.setUint32(60, data, true);
  for (let f = 0; f < frames; f++)
    for (let c = 0; c < channels; c++) {
      const v = (samples[c] as number[])[f] as number;
      const at = 64 + (f * channels + c) * width;
      if (float) view.setFloat32(at, v, true);
      else if (bits === 8) view.setUint8(at, Math.round(v * 127) + 128);
      else if (bits === 16) view.setInt16(at, Math.round(v * 32767), true);
      else if (bits === 24) {
        const i = Math.round(v * 8388607);
        view.setUint8(at, i & 0xff);
        view.setUint8(at + 1, (i >> 8) & 0xff);
        view.setInt8(at + 2, i >> 16);
      } else view.setInt32(at, Math.round(v * 2147483647), true);
    }
  return buffer;
}

const tone = (n: number, f: number) =>
  Array.from({ length: n }, (_, i) => 0.8 * Math.sin((2 * Math.PI * f * i) / 8000));

describe('WAV peaks', () => {
  it('reads the format and finds the samples past other chunks', () => {
    expect(parseWav(wav([tone(100, 440), tone(100, 220)], 24))).toEqual({
      format: 'int',
      bits: 24,
      channels: 2,
      sampleRate: 8000,
      dataOffset: 64,
      dataLength: 600,
    });
  });

  it.each([
    [8, false, 1 / 64],
    [16, false, 1e-4],
    [24, false, 1e-6],
    [32, false, 1e-6],
    [32, true, 1e-6],
  ] as const)(
    '%i-bit (float: %s) stereo gives each channel the pyramid of its samples',
    (bits, float, tolerance) => {
      const left = tone(8000 * 3, 440);
      const right = tone(8000 * 3, 110).map((v) => v / 2);
      const got = wavPyramids(wav([left, right], bits, float));
      expect(got?.duration).toBe(3);
      expect(got?.channels).toHaveLength(2);
      for (const [c, samples] of [left, right].entries()) {
        const want = buildPyramid(Float32Array.from(samples), 8000);
        expect(got!.channels[c]!.levels).toHaveLength(want.levels.length);
        for (const [l, level] of got!.channels[c]!.levels.entries()) {
          expect(level.bucket).toBe(want.levels[l]!.bucket);
          for (let b = 0; b < level.min.length; b += 3) {
            expect(Math.abs(level.min[b]! - want.levels[l]!.min[b]!)).toBeLessThan(tolerance);
            expect(Math.abs(level.max[b]! - want.levels[l]!.max[b]!)).toBeLessThan(tolerance);
          }
        }
      }
    },
  );

  it('leaves anything else to WebAudio', () => {
    expect(wavPyramids(new TextEncoder().encode('ID3 an mp3').buffer)).toBeNull();
    const adpcm = wav([tone(10, 440)], 16);
    new DataView(adpcm).setUint16(20, 2, true);
    expect(wavPyramids(adpcm)).toBeNull();
  });

  it('reads a recording cut short to its end', () => {
    const bytes = wav([tone(8000, 440)], 16).slice(0, 64 + 4000 * 2);
    expect(wavPyramids(bytes)?.duration).toBe(0.5);
  });
});
