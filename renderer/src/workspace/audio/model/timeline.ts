/**
 * Time ⇄ pixels on the waveform: a timeline is the audio's duration, a zoom (pixels per second) and
 * how far it is scrolled. Zoom steps by powers of two from "the whole file fits" up to a fixed
 * maximum, and zooming keeps the instant under the pointer (or the playhead) where it was. Pure.
 */
export interface Timeline {
  /** Seconds. */
  duration: number;
  /** CSS pixels per second. */
  pxPerSecond: number;
  /** CSS pixels scrolled from time 0. */
  scrollX: number;
  /** The visible width in CSS pixels. */
  width: number;
}

/** Beyond this a pixel is under a millisecond: nobody edits finer than that. */
export const MAX_PX_PER_SECOND = 1000;

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The zoom at which the whole file fills `width`. */
export function fitZoom(duration: number, width: number): number {
  if (!(duration > 0) || !(width > 0)) return 100;
  return width / duration;
}

export function timeToX(t: number, tl: Timeline): number {
  return t * tl.pxPerSecond - tl.scrollX;
}

/** The instant under view pixel `x`, inside the file. */
export function xToTime(x: number, tl: Timeline): number {
  return clamp((x + tl.scrollX) / tl.pxPerSecond, 0, tl.duration);
}

/** The full width of the zoomed file in pixels. */
export function contentWidth(tl: Timeline): number {
  return tl.duration * tl.pxPerSecond;
}

export function clampScroll(tl: Timeline): Timeline {
  const scrollX = clamp(tl.scrollX, 0, Math.max(0, contentWidth(tl) - tl.width));
  return scrollX === tl.scrollX ? tl : { ...tl, scrollX };
}

/** Zooms by `factor` keeping the instant at view pixel `anchorX` under it. */
export function zoomAround(tl: Timeline, factor: number, anchorX: number): Timeline {
  const min = fitZoom(tl.duration, tl.width);
  const pxPerSecond = clamp(tl.pxPerSecond * factor, min, Math.max(min, MAX_PX_PER_SECOND));
  const at = (anchorX + tl.scrollX) / tl.pxPerSecond;
  return clampScroll({ ...tl, pxPerSecond, scrollX: at * pxPerSecond - anchorX });
}

/** Scrolls so that `t` is visible (a playhead running off the right edge pages along). */
export function scrollToShow(tl: Timeline, t: number, margin = 0.1): Timeline {
  const x = timeToX(t, tl);
  const edge = tl.width * margin;
  if (x >= edge && x <= tl.width - edge) return tl;
  return clampScroll({ ...tl, scrollX: t * tl.pxPerSecond - edge });
}

/** The visible time window [from, to]. */
export function visibleRange(tl: Timeline): { from: number; to: number } {
  return { from: xToTime(0, tl), to: xToTime(tl.width, tl) };
}

const STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

export interface Tick {
  t: number;
  x: number;
  label: string;
}

/** Ruler ticks at a round step at least `minSpacing` pixels apart, over the visible window. */
export function rulerTicks(tl: Timeline, minSpacing = 80): Tick[] {
  const step = STEPS.find((s) => s * tl.pxPerSecond >= minSpacing) ?? (STEPS.at(-1) as number);
  const { from, to } = visibleRange(tl);
  const ticks: Tick[] = [];
  for (let i = Math.floor(from / step); i * step <= to + 1e-9; i++) {
    const t = Math.round(i * step * 1000) / 1000;
    if (t < from - 1e-9) continue;
    ticks.push({ t, x: timeToX(t, tl), label: formatTime(t, step < 1 ? (step < 0.1 ? 2 : 1) : 0) });
  }
  return ticks;
}

/** `m:ss`, `h:mm:ss`, with `decimals` fractional digits of seconds. */
export function formatTime(seconds: number, decimals = 0): string {
  const s = Math.max(0, seconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = s - hours * 3600 - minutes * 60;
  const secs =
    decimals > 0
      ? rest.toFixed(decimals).padStart(3 + decimals, '0')
      : String(Math.floor(rest)).padStart(2, '0');
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  return hours > 0 ? `${hours}:${mm}:${secs}` : `${mm}:${secs}`;
}
