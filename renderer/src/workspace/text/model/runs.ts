/**
 * How a text with thousands of spans is drawn without an element per character or per span: the text
 * is cut into chunks (at line breaks, about CHUNK characters each) and each chunk into runs between
 * span boundaries; a run is one element styled by the spans covering it. Adding a span re-cuts only
 * the chunks it touches (the view memoises chunks by the spans they hold). Pure: no DOM.
 */
import type { Range } from './offsets.ts';

export interface SpanMark extends Range {
  /** The region id (or a marker such as the pending selection). */
  id: string;
  /** Label names, shown after the span. */
  labels: readonly string[];
  /** CSS colour of its first label. */
  color: string;
}

export interface Chunk extends Range {
  index: number;
}

export interface Run extends Range {
  /** Spans covering this run, outermost (longest) first. */
  cover: readonly SpanMark[];
  /** Spans that end where this run ends (their label is drawn there). */
  ending: readonly SpanMark[];
}

export const CHUNK = 4096;

/** Chunks of about `size` characters, cut after a line break when there is one near. */
export function chunkText(text: string, size = CHUNK): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const newline = text.lastIndexOf('\n', end);
      if (newline > start + size / 2) end = newline + 1;
    }
    chunks.push({ index: chunks.length, start, end });
    start = end;
  }
  if (chunks.length === 0) chunks.push({ index: 0, start: 0, end: 0 });
  return chunks;
}

/** The chunk holding offset `i` (binary search). */
export function chunkAt(chunks: readonly Chunk[], i: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((chunks[mid] as Chunk).start <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Spans per chunk (a span across chunks is in each); the arrays keep the spans' own order. */
export function spansByChunk(chunks: readonly Chunk[], spans: readonly SpanMark[]): SpanMark[][] {
  const out: SpanMark[][] = chunks.map(() => []);
  for (const span of spans) {
    if (span.end <= span.start) continue;
    const first = chunkAt(chunks, span.start);
    const last = chunkAt(chunks, span.end - 1);
    for (let c = first; c <= last; c++) (out[c] as SpanMark[]).push(span);
  }
  return out;
}

/**
 * Runs of one chunk: cut at every span boundary (and at `cuts`, e.g. the caret) inside it. O(k log k)
 * for the k spans of the chunk.
 */
export function runsOf(chunk: Range, spans: readonly SpanMark[], cuts: readonly number[] = []): Run[] {
  const points = new Set<number>([chunk.start, chunk.end]);
  for (const s of spans) {
    if (s.start > chunk.start && s.start < chunk.end) points.add(s.start);
    if (s.end > chunk.start && s.end < chunk.end) points.add(s.end);
  }
  for (const c of cuts) if (c > chunk.start && c < chunk.end) points.add(c);
  const sorted = [...points].sort((a, b) => a - b);
  // Sweep: spans sorted by start enter, leave once their end is passed.
  const byStart = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const runs: Run[] = [];
  let active: SpanMark[] = [];
  let next = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i] as number;
    const end = sorted[i + 1] as number;
    active = active.filter((s) => s.end > start);
    while (next < byStart.length && (byStart[next] as SpanMark).start <= start) {
      const s = byStart[next++] as SpanMark;
      if (s.end > start) active.push(s);
    }
    const cover = [...active].sort((a, b) => b.end - b.start - (a.end - a.start));
    runs.push({ start, end, cover, ending: cover.filter((s) => s.end === end) });
  }
  if (runs.length === 0) runs.push({ start: chunk.start, end: chunk.end, cover: [], ending: [] });
  return runs;
}

/** The innermost span at offset `i` (a click selects the smallest span under it). */
export function spanAt(spans: readonly SpanMark[], i: number): SpanMark | null {
  let best: SpanMark | null = null;
  for (const s of spans)
    if (s.start <= i && i < s.end && (!best || s.end - s.start < best.end - best.start)) best = s;
  return best;
}
