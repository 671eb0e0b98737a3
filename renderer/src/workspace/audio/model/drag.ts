/**
 * What a pointer does on the waveform, as pure math: which part of which segment is under it (an
 * edge within a few pixels resizes, the body moves), and the times a drag leaves. A drag keeps a
 * segment inside the file, a move keeps its length, a resize never makes it shorter than
 * MIN_LENGTH, and a new segment is drawn from where the pointer went down to where it is. Pure.
 */
import { MIN_LENGTH, type Segment } from './segments.ts';
import { clamp, timeToX, xToTime, type Timeline } from './timeline.ts';

export type DragKind = 'create' | 'move' | 'start' | 'end';

export interface Hit {
  id: string;
  part: 'start' | 'end' | 'body';
}

/** Pixels either side of an edge that grab it. */
export const EDGE_PX = 5;

/**
 * The segment part at view pixel `x` in channel `channel` (null: none). The selected segment wins,
 * then the shortest one (a short segment inside a long one can still be picked); edges beat bodies.
 */
export function hitTest(
  segments: readonly Segment[],
  tl: Timeline,
  x: number,
  channel: number | null,
  selectedId: string | null,
): Hit | null {
  let best: { hit: Hit; rank: number } | null = null;
  const t0 = xToTime(x - EDGE_PX, tl);
  const t1 = xToTime(x + EDGE_PX, tl);
  for (const s of segments) {
    if (s.start > t1) break; // sorted by start
    if (s.end < t0 || (channel !== null && s.channel !== channel)) continue;
    const xs = timeToX(s.start, tl);
    const xe = timeToX(s.end, tl);
    const nearStart = Math.abs(x - xs) <= EDGE_PX;
    const nearEnd = Math.abs(x - xe) <= EDGE_PX;
    const inside = x >= xs && x <= xe;
    if (!nearStart && !nearEnd && !inside) continue;
    // A segment a few pixels wide is moved from its middle, not resized.
    const narrow = xe - xs < 3 * EDGE_PX;
    const part: Hit['part'] =
      narrow && inside
        ? 'body'
        : nearEnd && (!nearStart || x > (xs + xe) / 2)
          ? 'end'
          : nearStart
            ? 'start'
            : 'body';
    const rank = (s.id === selectedId ? 0 : 1e9) + (part === 'body' ? 1e6 : 0) + (s.end - s.start);
    if (!best || rank < best.rank) best = { hit: { id: s.id, part }, rank };
  }
  return best?.hit ?? null;
}

/** The start and end a drag of `kind` by `dt` seconds leaves (`origin`: the segment before it). */
export function dragTimes(
  kind: DragKind,
  origin: { start: number; end: number },
  dt: number,
  duration: number,
): { start: number; end: number } {
  switch (kind) {
    case 'move': {
      const length = origin.end - origin.start;
      const start = clamp(origin.start + dt, 0, Math.max(0, duration - length));
      return { start, end: start + length };
    }
    case 'start':
      return { start: clamp(origin.start + dt, 0, Math.max(0, origin.end - MIN_LENGTH)), end: origin.end };
    case 'end':
      return {
        start: origin.start,
        end: clamp(origin.end + dt, Math.min(duration, origin.start + MIN_LENGTH), duration),
      };
    case 'create': {
      // origin.start is where the pointer went down; the other end follows it, either way.
      const a = origin.start;
      const b = clamp(a + dt, 0, duration);
      return { start: Math.min(a, b), end: Math.max(a, b) };
    }
  }
}

/** Pixels a pointer must travel before a press becomes a drag (below: a click that seeks). */
export const DRAG_THRESHOLD_PX = 3;

/** Which channel row view pixel `y` is in, when the channels are drawn apart (else 0). */
export function channelAt(y: number, height: number, channels: number): number {
  if (channels <= 1 || height <= 0) return 0;
  return clamp(Math.floor((y / height) * channels), 0, channels - 1);
}

/** The segments overlapping [from, to], found by binary search on start (segments sorted by start). */
export function visibleSegments(
  segments: readonly Segment[],
  from: number,
  to: number,
  longest: number,
): Segment[] {
  // Every segment starting before from - longest ends before from.
  let lo = 0;
  let hi = segments.length;
  const first = from - longest;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((segments[mid] as Segment).start < first) lo = mid + 1;
    else hi = mid;
  }
  const out: Segment[] = [];
  for (let i = lo; i < segments.length; i++) {
    const s = segments[i] as Segment;
    if (s.start > to) break;
    if (s.end >= from) out.push(s);
  }
  return out;
}
