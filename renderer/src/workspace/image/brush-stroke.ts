/**
 * One brush stroke, from press to release: paints (or erases) a copy of the region's mask along the
 * pointer's path and, dirty rectangle by dirty rectangle, the canvas the interactive layer shows, so
 * a frame costs the few pixels under the brush whatever the image's size. At the release the copy
 * becomes the region's new mask: one document write, one undo step.
 */
import type { Bounds, Point, Size } from './model/camera.ts';
import { blankMask, paintSegment, unionBounds, type BrushMask, type BrushShape } from './model/brush-mask.ts';
import type { ImageRegion } from './model/regions.ts';
import { newMaskCanvas, paintBox, rgbOf } from './render/brush-canvases.ts';

export interface StrokeStart {
  /** The brush region painted on; null: the stroke makes a new region. */
  region: ImageRegion | null;
  size: Size;
  erase: boolean;
  /** Natural pixels. */
  radius: number;
  color: string;
  /** The canvas that shows the region's mask now (painted in place), if there is one. */
  canvas: HTMLCanvasElement | null;
  at: Point;
}

const NOTHING: Bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };

export class BrushStroke {
  readonly region: ImageRegion | null;
  readonly erase: boolean;
  readonly radius: number;
  readonly color: string;
  readonly mask: BrushMask;
  readonly canvas: HTMLCanvasElement;
  readonly #base: Bounds;
  readonly #rgb: [number, number, number];
  #changed: Bounds = NOTHING;
  /** Changed since the last frame took it. */
  #dirty: Bounds = NOTHING;
  #last: Point;

  constructor(start: StrokeStart) {
    const base = start.region?.shape.kind === 'brush' ? start.region.shape : null;
    this.region = start.region;
    this.erase = start.erase;
    this.radius = start.radius;
    this.color = start.color;
    this.#rgb = rgbOf(start.color);
    // A copy: the mask the document holds stays as it is (it is what undo goes back to).
    this.mask = base
      ? { width: base.mask.width, height: base.mask.height, data: base.mask.data.slice() }
      : blankMask(start.size);
    this.#base = base?.bounds ?? NOTHING;
    if (start.canvas) this.canvas = start.canvas;
    else {
      this.canvas = newMaskCanvas(this.mask);
      paintBox(this.canvas, this.mask, this.#base, this.#rgb);
    }
    this.#last = start.at;
    this.to(start.at);
  }

  /** Paints from the last point to `p` (natural px). */
  to(p: Point): void {
    const box = paintSegment(this.mask, this.#last, p, this.radius, this.erase ? 0 : 255);
    this.#last = p;
    if (!box) return;
    paintBox(this.canvas, this.mask, box, this.#rgb);
    this.#changed = unionBounds(this.#changed, box);
    this.#dirty = unionBounds(this.#dirty, box);
  }

  /** The box painted since the last call (natural px), for the frame that shows it; null: none. */
  takeDirty(): Bounds | null {
    const dirty = this.#dirty;
    this.#dirty = NOTHING;
    return dirty.maxX > dirty.minX ? dirty : null;
  }

  /** Whether any pixel of the image was under the brush. */
  get changed(): boolean {
    return this.#changed.maxX > this.#changed.minX;
  }

  /**
   * The region's new shape. Its box grows by what was painted; erasing keeps the old box (a box too
   * large only costs a hit test that finds no pixel).
   */
  finish(): BrushShape {
    return {
      kind: 'brush',
      mask: this.mask,
      bounds: this.erase ? this.#base : unionBounds(this.#base, this.#changed),
    };
  }
}
