/**
 * The waveform's canvases, outside React: what is drawn (two layers: ruler and peaks, redrawn when
 * the view moves; segments, the drag and the playhead, redrawn per frame) and what the pointer does
 * there. A drag draws from a snapshot of the other segments taken when it starts, so a frame costs
 * one image copy and one segment whatever the number of segments; the document is written once,
 * when the pointer is released (one undo step).
 */
import { channelAt, dragTimes, DRAG_THRESHOLD_PX, hitTest, type DragKind } from './model/drag.ts';
import type { PeakPyramid } from './model/peaks.ts';
import type { Place, Segment } from './model/segments.ts';
import { clampScroll, fitZoom, scrollToShow, xToTime, zoomAround, type Timeline } from './model/timeline.ts';
import {
  drawPlayhead,
  drawRuler,
  drawSegment,
  drawSegments,
  drawWaveform,
  RULER_PX,
  type Rows,
} from './render/draw.ts';

export interface ControllerEvents {
  /** A click (no drag) at time `t` on `hit` (or on no segment). */
  onClick(t: number, hitId: string | null): void;
  /** A new segment was drawn. */
  onDrawn(place: Place): void;
  /** A segment was moved or resized. */
  onMoved(id: string, times: { start: number; end: number }): void;
  /** Whether segment `id` may be changed (not read-only, not locked). */
  canEdit(id: string): boolean;
  /** The view scrolled or zoomed (the scroll container follows). */
  onView(tl: Timeline): void;
}

interface Drag {
  kind: DragKind;
  id: string | null;
  channel: number;
  downX: number;
  /** The instant the pointer went down on (the view may scroll under a drag). */
  downT: number;
  origin: { start: number; end: number };
  moved: boolean;
  now: { start: number; end: number };
  /** The other segments as drawn when the drag started. */
  snapshot: HTMLCanvasElement | null;
}

export const PENDING_COLOR = '#6e7781';

/** What React hands the controller on every render. */
export interface WaveformView {
  events: ControllerEvents;
  segments: readonly Segment[];
  selectedId: string | null;
  pending: Place | null;
  hidden: ReadonlySet<string>;
  readOnly: boolean;
  channels: readonly PeakPyramid[];
  /** `splitchannels`: one row per channel. */
  split: boolean;
  height: number;
  duration: number;
  /** `defaultzoom`: times the zoom that fits the whole file. */
  defaultZoom: number;
}

const NO_EVENTS: ControllerEvents = {
  onClick: () => {},
  onDrawn: () => {},
  onMoved: () => {},
  canEdit: () => false,
  onView: () => {},
};

export class WaveformController {
  tl: Timeline = { duration: 0, pxPerSecond: 100, scrollX: 0, width: 0 };
  height = 96;
  channelCount = 1;
  split = false;
  channels: readonly PeakPyramid[] = [];
  segments: readonly Segment[] = [];
  longest = 0;
  selectedId: string | null = null;
  pending: Place | null = null;
  hidden: ReadonlySet<string> = new Set();
  playhead = 0;
  readOnly = false;
  defaultZoom = 1;
  waveColor = '#57606a';
  events: ControllerEvents = NO_EVENTS;
  #wave: HTMLCanvasElement | null = null;
  #over: HTMLCanvasElement | null = null;
  #drag: Drag | null = null;
  #fitted = false;
  #editable = false;
  #frame = 0;

  attach(wave: HTMLCanvasElement | null, over: HTMLCanvasElement | null): void {
    this.#wave = wave;
    this.#over = over;
  }

  /** The latest render's values; redraws what they change. */
  update(view: WaveformView): void {
    this.events = view.events;
    this.selectedId = view.selectedId;
    this.pending = view.pending;
    this.hidden = view.hidden;
    this.readOnly = view.readOnly;
    this.channels = view.channels;
    this.channelCount = Math.max(1, view.channels.length);
    this.split = view.split;
    this.height = view.height;
    this.defaultZoom = view.defaultZoom;
    if (view.segments !== this.segments) this.setSegments(view.segments);
    this.resize(this.tl.width, view.duration);
  }

  get rows(): Rows {
    return {
      count: this.split ? Math.max(1, this.channelCount) : 1,
      top: RULER_PX,
      height: this.height - RULER_PX,
    };
  }

  /** The visible size or the duration changed: the first time, the whole file is fitted. */
  resize(width: number, duration: number): void {
    const tl = { ...this.tl, width, duration };
    if (!this.#fitted && duration > 0 && width > 0) {
      this.#fitted = true;
      tl.pxPerSecond = fitZoom(duration, width) * Math.max(1, this.defaultZoom);
    }
    const next = clampScroll({ ...tl, pxPerSecond: Math.max(tl.pxPerSecond, fitZoom(duration, width)) });
    const changed =
      next.pxPerSecond !== this.tl.pxPerSecond ||
      next.width !== this.tl.width ||
      next.scrollX !== this.tl.scrollX;
    this.tl = next;
    if (changed) this.events.onView(this.tl);
    this.drawAll();
  }

  setSegments(segments: readonly Segment[]): void {
    this.segments = segments;
    this.longest = segments.reduce((m, s) => Math.max(m, s.end - s.start), 0);
  }

  zoom(how: 'in' | 'out' | 'fit', anchorX = this.tl.width / 2): void {
    if (how === 'fit')
      this.tl = clampScroll({
        ...this.tl,
        pxPerSecond: fitZoom(this.tl.duration, this.tl.width),
        scrollX: 0,
      });
    else this.tl = zoomAround(this.tl, how === 'in' ? 2 : 0.5, anchorX);
    this.events.onView(this.tl);
    this.drawAll();
  }

  scrollTo(scrollX: number): void {
    const next = clampScroll({ ...this.tl, scrollX });
    if (next.scrollX === this.tl.scrollX) return;
    this.tl = next;
    this.drawAll();
  }

  /** Scrolls so that `t` is in view (the playhead while playing, a segment selected in the list). */
  follow(t: number, margin = 0.1): void {
    const next = scrollToShow(this.tl, t, margin);
    if (next === this.tl) return;
    this.tl = next;
    this.events.onView(this.tl);
    this.drawAll();
  }

  drawAll(): void {
    this.drawWave();
    this.drawOver();
  }

  drawWave(): void {
    const ctx = this.#context(this.#wave);
    if (!ctx) return;
    drawRuler(ctx, this.tl, '#57606a');
    if (this.channels.length > 0) drawWaveform(ctx, this.channels, this.tl, this.rows, this.waveColor);
  }

  /** Segments, the pending one, the drag and the playhead. */
  drawOver(): void {
    const ctx = this.#context(this.#over);
    if (!ctx) return;
    const drag = this.#drag;
    if (drag?.moved && drag.snapshot) ctx.drawImage(drag.snapshot, 0, 0, this.tl.width, this.height);
    else this.#drawSegments(ctx, null);
    if (drag?.moved) {
      const s = drag.id ? this.segments.find((x) => x.id === drag.id) : undefined;
      const look = s ?? { channel: drag.channel, color: PENDING_COLOR, labels: [] };
      drawSegment(ctx, look, drag.now.start, drag.now.end, this.tl, this.rows, true);
    } else if (this.pending) {
      const look = { channel: this.pending.channel, color: PENDING_COLOR, labels: ['(press a label)'] };
      drawSegment(ctx, look, this.pending.start, this.pending.end, this.tl, this.rows, true);
    }
    drawPlayhead(ctx, this.playhead, this.tl, this.height);
  }

  /** The playhead moved (drawn on the next frame unless `redraw` is false: the caller draws). */
  setPlayhead(t: number, redraw = true): void {
    this.playhead = t;
    if (redraw) this.requestOver();
  }

  /** Redraws the overlay on the next frame (many calls in one frame draw once). */
  requestOver(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.drawOver();
    });
  }

  #drawSegments(ctx: CanvasRenderingContext2D, skipId: string | null): void {
    drawSegments(ctx, this.segments, this.longest, this.tl, this.rows, {
      selectedId: this.selectedId,
      skipId,
      hidden: this.hidden,
    });
  }

  #context(canvas: HTMLCanvasElement | null): CanvasRenderingContext2D | null {
    if (!canvas) return null;
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.tl.width * dpr));
    const h = Math.max(1, Math.round(this.height * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.tl.width, this.height);
    return ctx;
  }

  /** The channel under `y` when channels are drawn apart, else null (any channel). */
  #channelAt(y: number): number | null {
    return this.split && this.channelCount > 1
      ? channelAt(y - RULER_PX, this.height - RULER_PX, this.channelCount)
      : null;
  }

  /** The segment part under (x, y); hidden segments are not there to grab. */
  #hit(x: number, y: number) {
    const shown = this.hidden.size > 0 ? this.segments.filter((s) => !this.hidden.has(s.id)) : this.segments;
    return hitTest(shown, this.tl, x, this.#channelAt(y), this.selectedId);
  }

  /** What the pointer would do at (x, y): for the cursor. */
  cursorAt(x: number, y: number): string {
    if (this.readOnly) return 'pointer';
    const hit = this.#hit(x, y);
    if (!hit || !this.events.canEdit(hit.id)) return 'crosshair';
    return hit.part === 'body' ? 'grab' : 'ew-resize';
  }

  pointerDown(x: number, y: number): void {
    const hit = this.#hit(x, y);
    const t = xToTime(x, this.tl);
    const segment = hit ? this.segments.find((s) => s.id === hit.id) : undefined;
    const editable = !this.readOnly && (!hit || this.events.canEdit(hit.id));
    const kind: DragKind = !hit ? 'create' : hit.part === 'body' ? 'move' : hit.part;
    this.#drag = {
      kind: editable ? kind : 'create',
      id: segment?.id ?? null,
      channel: segment?.channel ?? this.#channelAt(y) ?? 0,
      downX: x,
      downT: (x + this.tl.scrollX) / this.tl.pxPerSecond,
      origin: segment ? { start: segment.start, end: segment.end } : { start: t, end: t },
      moved: false,
      now: segment ? { start: segment.start, end: segment.end } : { start: t, end: t },
      snapshot: null,
    };
    this.#editable = editable;
  }

  pointerMove(x: number): void {
    const drag = this.#drag;
    if (!drag || !this.#editable) return;
    if (!drag.moved && Math.abs(x - drag.downX) < DRAG_THRESHOLD_PX) return;
    const skip = drag.kind === 'create' ? null : drag.id;
    if (!drag.moved) {
      drag.moved = true;
      drag.snapshot = this.#snapshot(skip);
    }
    // Past an edge of a zoomed view the view scrolls along (by the overshoot, at most 40 px a move);
    // the snapshot of the other segments is then retaken for the new view.
    const over = x < 0 ? x : x > this.tl.width ? x - this.tl.width : 0;
    if (over !== 0) {
      const next = clampScroll({ ...this.tl, scrollX: this.tl.scrollX + Math.max(-40, Math.min(40, over)) });
      if (next.scrollX !== this.tl.scrollX) {
        this.tl = next;
        this.events.onView(this.tl);
        this.drawWave();
        drag.snapshot = this.#snapshot(skip);
      }
    }
    const dt = (x + this.tl.scrollX) / this.tl.pxPerSecond - drag.downT;
    drag.now = dragTimes(drag.kind, drag.origin, dt, this.tl.duration);
    this.requestOver();
  }

  pointerUp(x: number): void {
    const drag = this.#drag;
    this.#drag = null;
    if (!drag) return;
    if (!drag.moved) {
      this.events.onClick(xToTime(x, this.tl), drag.id);
    } else if (drag.kind === 'create') {
      if (drag.now.end - drag.now.start > 0) this.events.onDrawn({ ...drag.now, channel: drag.channel });
    } else if (drag.id) this.events.onMoved(drag.id, drag.now);
    this.drawOver();
  }

  cancelDrag(): boolean {
    if (!this.#drag) return false;
    this.#drag = null;
    this.drawOver();
    return true;
  }

  /** The segments but `skipId` drawn once, for the frames of a drag. */
  #snapshot(skipId: string | null): HTMLCanvasElement | null {
    if (typeof document === 'undefined') return null;
    const canvas = document.createElement('canvas');
    const ctx = this.#context(canvas);
    if (!ctx) return null;
    this.#drawSegments(ctx, skipId);
    return canvas;
  }
}
