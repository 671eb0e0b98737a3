/**
 * Drawing the waveform view on canvas 2D: the ruler, the peaks of each channel row, the segments
 * and the playhead. Only what is visible is drawn (the pixel columns of the view, the segments
 * overlapping it), so a frame costs the view, not the file or the number of segments.
 */
import { columnPeaks, type PeakPyramid } from '../model/peaks.ts';
import { visibleSegments } from '../model/drag.ts';
import type { Segment } from '../model/segments.ts';
import { rulerTicks, timeToX, visibleRange, type Timeline } from '../model/timeline.ts';

export const RULER_PX = 18;

export interface Rows {
  /** Rows drawn: one per channel when split, else one. */
  count: number;
  top: number;
  height: number;
}

export function rowBox(rows: Rows, channel: number): { y: number; h: number } {
  const h = rows.height / rows.count;
  return { y: rows.top + Math.min(channel, rows.count - 1) * h, h };
}

/** The ruler along the top: ticks at a round step, labelled m:ss. */
export function drawRuler(ctx: CanvasRenderingContext2D, tl: Timeline, color: string): void {
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.beginPath();
  for (const tick of rulerTicks(tl)) {
    const x = Math.round(tick.x) + 0.5;
    ctx.moveTo(x, RULER_PX - 6);
    ctx.lineTo(x, RULER_PX);
    ctx.fillText(tick.label, x + 3, 2);
  }
  ctx.stroke();
}

/**
 * The peaks: one vertical line per pixel column from its minimum to its maximum. `channels` are the
 * pyramids drawn (one per row when split, else the first channel across all rows).
 */
export function drawWaveform(
  ctx: CanvasRenderingContext2D,
  channels: readonly PeakPyramid[],
  tl: Timeline,
  rows: Rows,
  color: string,
): void {
  const { from } = visibleRange(tl);
  const columns = Math.ceil(tl.width);
  ctx.fillStyle = color;
  for (let row = 0; row < rows.count; row++) {
    const pyramid = channels[Math.min(row, channels.length - 1)];
    if (!pyramid) continue;
    const { y, h } = rowBox(rows, row);
    const mid = y + h / 2;
    const half = h / 2 - 2;
    const peaks = columnPeaks(pyramid, from, 1 / tl.pxPerSecond, columns);
    for (let c = 0; c < columns; c++) {
      const lo = peaks.min[c] as number;
      const hi = peaks.max[c] as number;
      if (Number.isNaN(lo)) continue;
      const top = mid - hi * half;
      ctx.fillRect(c, top, 1, Math.max(1, (hi - lo) * half));
    }
  }
}

export interface SegmentStyle {
  selectedId: string | null;
  /** A segment being dragged: drawn by the caller on top, skipped here. */
  skipId?: string | null;
  hidden?: ReadonlySet<string>;
}

/** Segments overlapping the view: a translucent band in its label's colour, solid edges. */
export function drawSegments(
  ctx: CanvasRenderingContext2D,
  segments: readonly Segment[],
  longest: number,
  tl: Timeline,
  rows: Rows,
  style: SegmentStyle,
): number {
  const { from, to } = visibleRange(tl);
  let drawn = 0;
  for (const s of visibleSegments(segments, from, to, longest)) {
    if (s.id === style.skipId || style.hidden?.has(s.id)) continue;
    drawSegment(ctx, s, s.start, s.end, tl, rows, s.id === style.selectedId);
    drawn++;
  }
  return drawn;
}

export function drawSegment(
  ctx: CanvasRenderingContext2D,
  s: Pick<Segment, 'channel' | 'color' | 'labels'>,
  start: number,
  end: number,
  tl: Timeline,
  rows: Rows,
  selected: boolean,
): void {
  const { y, h } = rowBox(rows, rows.count > 1 ? s.channel : 0);
  const x0 = timeToX(start, tl);
  const w = Math.max(1, timeToX(end, tl) - x0);
  ctx.globalAlpha = selected ? 0.45 : 0.25;
  ctx.fillStyle = s.color;
  ctx.fillRect(x0, y, w, h);
  ctx.globalAlpha = 1;
  ctx.fillRect(x0, y, selected ? 2 : 1, h);
  ctx.fillRect(x0 + w - (selected ? 2 : 1), y, selected ? 2 : 1, h);
  if (selected) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 + 1, y + 1, w - 2, h - 2);
  }
  if (w > 30 && s.labels.length > 0) {
    ctx.fillStyle = '#1b1f24';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    ctx.fillText(s.labels.join(', '), x0 + 4, y + 3, w - 8);
  }
}

export function drawPlayhead(ctx: CanvasRenderingContext2D, t: number, tl: Timeline, height: number): void {
  const x = Math.round(timeToX(t, tl));
  if (x < -1 || x > tl.width + 1) return;
  ctx.fillStyle = '#d1242f';
  ctx.fillRect(x - 1, 0, 2, height);
}
