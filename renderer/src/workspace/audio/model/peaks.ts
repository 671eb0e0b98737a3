/**
 * Waveform peaks: the minimum and maximum sample of each pixel column. The samples are reduced once
 * into a pyramid (level 0: one min/max pair per BASE samples, each next level halves it), so any zoom
 * reads a level at most twice as fine as a column and folds at most two buckets per pixel column:
 * drawing costs the width of the view, not the length of the file. Pure.
 */
export const BASE_BUCKET = 64;

export interface PeakLevel {
  /** Samples per bucket. */
  bucket: number;
  min: Float32Array;
  max: Float32Array;
}

export interface PeakPyramid {
  sampleRate: number;
  length: number;
  levels: PeakLevel[];
}

/** Min/max of every `bucket` samples of `data`. */
export function bucketPeaks(data: Float32Array, bucket: number): PeakLevel {
  const n = Math.ceil(data.length / bucket);
  const min = new Float32Array(n);
  const max = new Float32Array(n);
  for (let b = 0, i = 0; b < n; b++) {
    const end = Math.min(data.length, i + bucket);
    let lo = Infinity;
    let hi = -Infinity;
    for (; i < end; i++) {
      const v = data[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[b] = lo;
    max[b] = hi;
  }
  return { bucket, min, max };
}

/** The next coarser level: pairs of buckets folded. */
export function halve(level: PeakLevel): PeakLevel {
  const n = Math.ceil(level.min.length / 2);
  const min = new Float32Array(n);
  const max = new Float32Array(n);
  for (let b = 0; b < n; b++) {
    const a = 2 * b;
    const c = Math.min(a + 1, level.min.length - 1);
    min[b] = Math.min(level.min[a] as number, level.min[c] as number);
    max[b] = Math.max(level.max[a] as number, level.max[c] as number);
  }
  return { bucket: level.bucket * 2, min, max };
}

/** Every level, down to a handful of buckets. */
export function buildPyramid(data: Float32Array, sampleRate: number): PeakPyramid {
  return pyramidFrom(bucketPeaks(data, BASE_BUCKET), sampleRate, data.length);
}

/** The pyramid over a finest level already computed (from a WAV's samples, say). */
export function pyramidFrom(base: PeakLevel, sampleRate: number, length: number): PeakPyramid {
  const levels = [base];
  while ((levels.at(-1) as PeakLevel).min.length > 256) levels.push(halve(levels.at(-1) as PeakLevel));
  return { sampleRate, length, levels };
}

/** The coarsest level whose buckets are no wider than `samplesPerPixel` (level 0 when zoomed in). */
export function levelFor(pyramid: PeakPyramid, samplesPerPixel: number): PeakLevel {
  let chosen = pyramid.levels[0] as PeakLevel;
  for (const level of pyramid.levels) if (level.bucket <= samplesPerPixel) chosen = level;
  return chosen;
}

/**
 * The min/max of each of `columns` pixel columns starting at time `from`, `secondsPerPixel` wide.
 * Columns past the end of the audio are NaN (nothing drawn).
 */
export function columnPeaks(
  pyramid: PeakPyramid,
  from: number,
  secondsPerPixel: number,
  columns: number,
): { min: Float32Array; max: Float32Array } {
  const min = new Float32Array(columns).fill(NaN);
  const max = new Float32Array(columns).fill(NaN);
  const samplesPerPixel = secondsPerPixel * pyramid.sampleRate;
  const level = levelFor(pyramid, samplesPerPixel);
  const count = level.min.length;
  for (let c = 0; c < columns; c++) {
    const s0 = (from + c * secondsPerPixel) * pyramid.sampleRate;
    if (s0 >= pyramid.length || s0 < 0) continue;
    // The epsilon keeps a column on a bucket boundary from taking its neighbour's bucket by rounding.
    const b0 = Math.floor(s0 / level.bucket + 1e-9);
    // A column narrower than a bucket still shows that bucket.
    const b1 = Math.max(b0 + 1, Math.ceil((s0 + samplesPerPixel) / level.bucket - 1e-9));
    let lo = Infinity;
    let hi = -Infinity;
    for (let b = b0; b < b1 && b < count; b++) {
      const l = level.min[b] as number;
      const h = level.max[b] as number;
      if (l < lo) lo = l;
      if (h > hi) hi = h;
    }
    if (lo !== Infinity) {
      min[c] = lo;
      max[c] = hi;
    }
  }
  return { min, max };
}
