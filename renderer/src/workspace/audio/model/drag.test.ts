/** Pointer math on the waveform: what is grabbed, what a drag leaves, what is visible. */
import { describe, expect, it } from 'vitest';
import { newRecord } from '../../../../../core/labeling/codec.ts';
import { channelAt, dragTimes, EDGE_PX, hitTest, visibleSegments } from './drag.ts';
import { MIN_LENGTH, type Segment } from './segments.ts';
import type { Timeline } from './timeline.ts';

const tl: Timeline = { duration: 60, pxPerSecond: 100, scrollX: 0, width: 1000 };
const seg = (id: string, start: number, end: number, channel = 0): Segment => ({
  id,
  start,
  end,
  channel,
  labels: ['Speech'],
  color: '#000',
  record: newRecord({ id, fromName: 'labels', toName: 'audio', type: 'labels', value: { start, end } }),
});

describe('hit testing segments', () => {
  const long = seg('long', 1, 5);
  const short = seg('short', 2, 2.5);
  const other = seg('other', 6, 7, 1);
  const all = [long, short, other];

  it('grabs an edge within a few pixels, else the body', () => {
    expect(hitTest(all, tl, 100 + EDGE_PX - 1, null, null)).toEqual({ id: 'long', part: 'start' });
    expect(hitTest(all, tl, 500 - EDGE_PX + 1, null, null)).toEqual({ id: 'long', part: 'end' });
    expect(hitTest(all, tl, 400, null, null)).toEqual({ id: 'long', part: 'body' });
    expect(hitTest(all, tl, 50, null, null)).toBeNull();
  });

  it('prefers the shorter segment inside a longer one, and the selected one over both', () => {
    expect(hitTest(all, tl, 225, null, null)).toEqual({ id: 'short', part: 'body' });
    expect(hitTest(all, tl, 225, null, 'long')).toEqual({ id: 'long', part: 'body' });
  });

  it('with channels drawn apart, only the channel under the pointer', () => {
    expect(hitTest(all, tl, 650, 0, null)).toBeNull();
    expect(hitTest(all, tl, 650, 1, null)).toEqual({ id: 'other', part: 'body' });
    expect(channelAt(10, 100, 2)).toBe(0);
    expect(channelAt(60, 100, 2)).toBe(1);
    expect(channelAt(500, 100, 2)).toBe(1);
  });

  it('moves a segment a few pixels wide by its middle rather than resizing it', () => {
    const tiny = seg('tiny', 10, 10.05);
    expect(hitTest([tiny], tl, 1002, null, null)).toEqual({ id: 'tiny', part: 'body' });
  });
});

describe('drag results', () => {
  const origin = { start: 10, end: 12 };
  it('a move keeps the length and stays inside the file', () => {
    expect(dragTimes('move', origin, 3, 60)).toEqual({ start: 13, end: 15 });
    expect(dragTimes('move', origin, -20, 60)).toEqual({ start: 0, end: 2 });
    expect(dragTimes('move', origin, 100, 60)).toEqual({ start: 58, end: 60 });
  });

  it('a resize moves one edge, never past the other nor outside the file', () => {
    expect(dragTimes('start', origin, -1.5, 60)).toEqual({ start: 8.5, end: 12 });
    expect(dragTimes('start', origin, 5, 60)).toEqual({ start: 12 - MIN_LENGTH, end: 12 });
    expect(dragTimes('start', origin, -50, 60)).toEqual({ start: 0, end: 12 });
    expect(dragTimes('end', origin, 0.5, 60)).toEqual({ start: 10, end: 12.5 });
    expect(dragTimes('end', origin, -5, 60)).toEqual({ start: 10, end: 10 + MIN_LENGTH });
    expect(dragTimes('end', origin, 100, 60)).toEqual({ start: 10, end: 60 });
  });

  it('a new segment runs from where the pointer went down, either way', () => {
    expect(dragTimes('create', { start: 5, end: 5 }, 2, 60)).toEqual({ start: 5, end: 7 });
    expect(dragTimes('create', { start: 5, end: 5 }, -2, 60)).toEqual({ start: 3, end: 5 });
    expect(dragTimes('create', { start: 59, end: 59 }, 5, 60)).toEqual({ start: 59, end: 60 });
  });
});

describe('visible segments', () => {
  it('finds the segments overlapping a window by binary search, long ones starting before it too', () => {
    const many = Array.from({ length: 1000 }, (_, i) => seg(`s${i}`, i * 3.6, i * 3.6 + 2));
    const withLong = [...many, seg('long', 100, 400)].sort((a, b) => a.start - b.start);
    const got = visibleSegments(withLong, 360, 370, 300).map((s) => s.id);
    // s99 ends at 358.4, s103 starts at 370.8.
    expect(got).toEqual(['long', 's100', 's101', 's102']);
  });
});
