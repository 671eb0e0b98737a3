import { describe, expect, it } from 'vitest';
import { chunkAt, chunkText, runsOf, spanAt, spansByChunk, type SpanMark } from './runs.ts';

const mark = (id: string, start: number, end: number): SpanMark => ({
  id,
  start,
  end,
  labels: [id],
  color: 'red',
});

describe('runs: the text cut at span boundaries, for drawing', () => {
  it('cuts overlapping and nested spans into runs, innermost last', () => {
    const outer = mark('outer', 0, 10);
    const inner = mark('inner', 2, 5);
    const cross = mark('cross', 4, 12);
    const runs = runsOf({ start: 0, end: 14 }, [outer, inner, cross]);
    expect(runs.map((r) => [r.start, r.end, r.cover.map((s) => s.id)])).toEqual([
      [0, 2, ['outer']],
      [2, 4, ['outer', 'inner']],
      [4, 5, ['outer', 'cross', 'inner']],
      [5, 10, ['outer', 'cross']],
      [10, 12, ['cross']],
      [12, 14, []],
    ]);
    expect(runs.find((r) => r.end === 5)?.ending.map((s) => s.id)).toEqual(['inner']);
    // Every character is in exactly one run.
    expect(runs.reduce((n, r) => n + r.end - r.start, 0)).toBe(14);
  });

  it('cuts at the caret too, and keeps an empty chunk as one run', () => {
    expect(runsOf({ start: 0, end: 6 }, [], [3]).map((r) => [r.start, r.end])).toEqual([
      [0, 3],
      [3, 6],
    ]);
    expect(runsOf({ start: 0, end: 0 }, [])).toHaveLength(1);
  });

  it('chunks a long text at line breaks and finds a span in every chunk it crosses', () => {
    const text = `${'a'.repeat(3000)}\n${'b'.repeat(3000)}\n${'c'.repeat(2000)}`;
    const chunks = chunkText(text, 4096);
    expect(chunks.map((c) => [c.start, c.end])).toEqual([
      [0, 3001],
      [3001, 6002],
      [6002, text.length],
    ]);
    expect(chunkAt(chunks, 3001)).toBe(1);
    expect(chunkAt(chunks, 3000)).toBe(0);
    const across = mark('x', 2990, 3010);
    const inside = mark('y', 10, 20);
    const by = spansByChunk(chunks, [across, inside]);
    expect(by.map((list) => list.map((s) => s.id))).toEqual([['x', 'y'], ['x'], []]);
    // A text without line breaks is still cut, at the size.
    expect(chunkText('z'.repeat(10_000), 4096).map((c) => c.end)).toEqual([4096, 8192, 10_000]);
  });

  it('a click selects the innermost span under it', () => {
    const spans = [mark('outer', 0, 10), mark('inner', 2, 5)];
    expect(spanAt(spans, 3)?.id).toBe('inner');
    expect(spanAt(spans, 7)?.id).toBe('outer');
    expect(spanAt(spans, 10)).toBeNull();
  });
});
