/** Time ⇄ pixels at every zoom, zooming about a point, the ruler's ticks and the time format. */
import { describe, expect, it } from 'vitest';
import {
  clampScroll,
  fitZoom,
  formatTime,
  MAX_PX_PER_SECOND,
  rulerTicks,
  scrollToShow,
  timeToX,
  xToTime,
  zoomAround,
  type Timeline,
} from './timeline.ts';

const hour: Timeline = { duration: 3600, pxPerSecond: fitZoom(3600, 1200), scrollX: 0, width: 1200 };

describe('the audio timeline', () => {
  it('maps time to pixels and back at every zoom step, scrolled or not', () => {
    let tl = hour;
    const seen: number[] = [];
    for (let step = 0; step < 14; step++) {
      seen.push(tl.pxPerSecond);
      for (const t of [0, 0.001, 1.5, 59.999, 1800, 3599.5]) {
        const scrolled = clampScroll({ ...tl, scrollX: t * tl.pxPerSecond - 300 });
        expect(xToTime(timeToX(t, scrolled), scrolled)).toBeCloseTo(t, 6);
      }
      tl = zoomAround(tl, 2, 0);
    }
    // From fit (a third of a pixel per second) to the maximum, then no further.
    expect(seen[0]).toBeCloseTo(1 / 3, 9);
    expect(tl.pxPerSecond).toBe(MAX_PX_PER_SECOND);
    expect(new Set(seen).size).toBeGreaterThan(10);
  });

  it('clamps times outside the file to its ends', () => {
    expect(xToTime(-50, hour)).toBe(0);
    expect(xToTime(99_999, hour)).toBe(3600);
  });

  it('zooming keeps the instant under the pointer where it was, and never zooms out past fit', () => {
    const before = { ...hour, pxPerSecond: 10, scrollX: 5000 };
    const at = xToTime(400, before);
    const after = zoomAround(before, 2, 400);
    expect(after.pxPerSecond).toBe(20);
    expect(xToTime(400, after)).toBeCloseTo(at, 9);
    const out = zoomAround(hour, 0.5, 600);
    expect(out.pxPerSecond).toBeCloseTo(fitZoom(3600, 1200), 12);
    expect(out.scrollX).toBe(0);
  });

  it('scrolls only when a time leaves the view, and never past the end', () => {
    const tl = { ...hour, pxPerSecond: 100, scrollX: 0 };
    expect(scrollToShow(tl, 5)).toBe(tl);
    expect(scrollToShow(tl, 30).scrollX).toBeCloseTo(30 * 100 - 120, 6);
    expect(scrollToShow(tl, 3600).scrollX).toBe(3600 * 100 - 1200);
  });

  it('puts ruler ticks at a round step at least 80 px apart, labelled m:ss', () => {
    const ticks = rulerTicks({ duration: 4, pxPerSecond: 300, scrollX: 0, width: 1200 });
    expect(ticks.map((t) => t.label)).toEqual([
      '0:00.0',
      '0:00.5',
      '0:01.0',
      '0:01.5',
      '0:02.0',
      '0:02.5',
      '0:03.0',
      '0:03.5',
      '0:04.0',
    ]);
    const wide = rulerTicks(hour);
    expect(wide.length).toBeGreaterThan(3);
    for (let i = 1; i < wide.length; i++)
      expect((wide[i] as { x: number }).x - (wide[i - 1] as { x: number }).x).toBeGreaterThanOrEqual(80);
    expect(wide[1]?.label).toBe('5:00');
  });

  it('formats times as m:ss or h:mm:ss', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(2.25, 2)).toBe('0:02.25');
    expect(formatTime(3599.9, 1)).toBe('59:59.9');
    expect(formatTime(3725)).toBe('1:02:05');
  });
});
