/** Peaks: min/max per pixel column, the same whichever pyramid level serves the zoom. */
import { describe, expect, it } from 'vitest';
import { BASE_BUCKET, bucketPeaks, buildPyramid, columnPeaks, levelFor } from './peaks.ts';

/** A known signal: a ramp in [-1, 1] with one spike. */
function signal(length: number, spikeAt: number): Float32Array {
  const data = new Float32Array(length);
  for (let i = 0; i < length; i++) data[i] = ((i % 1000) / 1000) * 2 - 1;
  data[spikeAt] = 1.5;
  return data;
}

/** The naive answer: scan every sample of each column. */
function naive(data: Float32Array, rate: number, from: number, spp: number, columns: number) {
  const out: [number, number][] = [];
  for (let c = 0; c < columns; c++) {
    const s0 = Math.floor((from + c * spp) * rate);
    const s1 = Math.min(data.length, Math.floor((from + (c + 1) * spp) * rate));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = s0; i < s1; i++) {
      lo = Math.min(lo, data[i] as number);
      hi = Math.max(hi, data[i] as number);
    }
    out.push([lo, hi]);
  }
  return out;
}

describe('waveform peaks', () => {
  it('reduces buckets to their min and max', () => {
    const level = bucketPeaks(Float32Array.from([0, -0.5, 0.25, 1, -1, 0.5, 0.1]), 3);
    expect([...level.min]).toEqual([-0.5, -1, 0.10000000149011612]);
    expect([...level.max]).toEqual([0.25, 1, 0.10000000149011612]);
  });

  it('builds halving levels down to a few hundred buckets', () => {
    const pyramid = buildPyramid(new Float32Array(8000 * 60), 8000);
    expect(pyramid.levels[0]?.bucket).toBe(BASE_BUCKET);
    for (let i = 1; i < pyramid.levels.length; i++)
      expect(pyramid.levels[i]?.bucket).toBe((pyramid.levels[i - 1]?.bucket ?? 0) * 2);
    expect(pyramid.levels.at(-1)?.min.length).toBeLessThanOrEqual(256);
    expect(levelFor(pyramid, 10).bucket).toBe(BASE_BUCKET);
    expect(levelFor(pyramid, 1000).bucket).toBe(512);
  });

  it('gives each column the min and max of its samples, never missing a spike, at any zoom', () => {
    const rate = 8000;
    const data = signal(rate * 30, 123_457);
    const pyramid = buildPyramid(data, rate);
    // Columns on bucket boundaries (64, 512, 4096 samples): exactly the samples' min and max.
    for (const samples of [64, 512, 4096]) {
      const spp = samples / rate;
      const columns = Math.floor(30 / spp);
      const got = columnPeaks(pyramid, 0, spp, columns);
      const want = naive(data, rate, 0, spp, columns);
      for (let c = 0; c < columns; c += 7) {
        expect(got.min[c]).toBeCloseTo((want[c] as [number, number])[0], 6);
        expect(got.max[c]).toBeCloseTo((want[c] as [number, number])[1], 6);
      }
    }
    // Any other zoom: each column covers its samples (a bucket more at most), and the spike shows.
    for (const spp of [1 / 40, 1 / 8, 0.5, 2]) {
      const columns = Math.floor(30 / spp);
      const got = columnPeaks(pyramid, 0, spp, columns);
      const want = naive(data, rate, 0, spp, columns);
      for (let c = 0; c < columns; c += 5) {
        expect(got.min[c]).toBeLessThanOrEqual((want[c] as [number, number])[0] + 1e-6);
        expect(got.max[c]).toBeGreaterThanOrEqual((want[c] as [number, number])[1] - 1e-6);
      }
      expect(got.max[Math.floor(123_457 / rate / spp)]).toBeCloseTo(1.5, 6);
    }
  });

  it('leaves columns past the end empty', () => {
    const pyramid = buildPyramid(new Float32Array(8000), 8000);
    const got = columnPeaks(pyramid, 0.5, 0.1, 10);
    expect(Number.isNaN(got.min[4])).toBe(false);
    expect(Number.isNaN(got.min[5])).toBe(true);
  });
});
