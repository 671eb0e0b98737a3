/**
 * Brush masks as canvases to draw: one natural-size canvas per brush region, its painted pixels in
 * the label's colour (opaque; the layers draw it with the region's opacity). Built from the mask once
 * (only its painted box is written), kept while the region has that mask and that colour; a stroke
 * paints its canvas in place, dirty rectangle by dirty rectangle, and hands it over to the mask it
 * produced, so a stroke's end does not rebuild anything.
 */
import type { Bounds } from '../model/camera.ts';
import type { BrushMask } from '../model/brush-mask.ts';

interface Entry {
  mask: BrushMask;
  color: string;
  canvas: HTMLCanvasElement;
}

let probe: CanvasRenderingContext2D | null = null;

/** A CSS colour ('blue', '#8ff0a4', 'rgb(…)') as [r, g, b]. */
export function rgbOf(color: string): [number, number, number] {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return [255, 204, 0];
  probe.fillStyle = '#000';
  probe.fillStyle = color;
  const hex = String(probe.fillStyle);
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (m) return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
  const parts = /rgba?\(([^)]*)\)/.exec(hex)?.[1]?.split(',').map(Number) ?? [];
  return [parts[0] ?? 255, parts[1] ?? 204, parts[2] ?? 0];
}

/** Writes the mask's pixels in `box` to the canvas (painted: the colour, else transparent). */
export function paintBox(
  canvas: HTMLCanvasElement,
  mask: BrushMask,
  box: Bounds,
  rgb: readonly [number, number, number],
): void {
  const x0 = Math.max(0, Math.floor(box.minX));
  const y0 = Math.max(0, Math.floor(box.minY));
  const w = Math.min(mask.width, Math.ceil(box.maxX)) - x0;
  const h = Math.min(mask.height, Math.ceil(box.maxY)) - y0;
  if (w <= 0 || h <= 0) return;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(w, h);
  // One 32-bit write a pixel (little-endian RGBA: alpha in the top byte).
  const pixels = new Uint32Array(image.data.buffer);
  const on = (255 << 24) | (rgb[2] << 16) | (rgb[1] << 8) | rgb[0];
  const { data, width } = mask;
  for (let y = 0; y < h; y++) {
    const from = (y0 + y) * width + x0;
    const to = y * w;
    for (let x = 0; x < w; x++) if (data[from + x] !== 0) pixels[to + x] = on;
  }
  ctx.putImageData(image, x0, y0);
}

export function newMaskCanvas(mask: BrushMask): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = mask.width;
  canvas.height = mask.height;
  return canvas;
}

export class BrushCanvases {
  readonly #byId = new Map<string, Entry>();
  /** Canvases strokes painted, waiting for the region that carries their mask to be drawn. */
  readonly #adopted = new WeakMap<BrushMask, Entry>();

  /** The canvas of region `id` with `mask` in `color`; null for an empty mask. */
  of(id: string, mask: BrushMask, bounds: Bounds, color: string): HTMLCanvasElement | null {
    if (bounds.maxX <= bounds.minX) return null;
    let entry = this.#byId.get(id);
    if (entry?.mask === mask && entry.color === color) return entry.canvas;
    const adopted = this.#adopted.get(mask);
    if (adopted?.color === color) entry = adopted;
    else {
      const canvas = newMaskCanvas(mask);
      paintBox(canvas, mask, bounds, rgbOf(color));
      entry = { mask, color, canvas };
    }
    this.#byId.set(id, entry);
    return entry.canvas;
  }

  /** A stroke's canvas shows `mask` in `color` already. */
  adopt(mask: BrushMask, color: string, canvas: HTMLCanvasElement): void {
    this.#adopted.set(mask, { mask, color, canvas });
  }

  /**
   * The canvas region `id` shows now, to paint a stroke on (null: build one). Painted in place, it
   * stops showing `mask`: no later draw of `mask` (after a cancel or an undo) may take it.
   */
  current(id: string, mask: BrushMask, color: string): HTMLCanvasElement | null {
    const entry = this.#byId.get(id);
    if (entry?.mask !== mask || entry.color !== color) return null;
    if (this.#adopted.get(mask)?.canvas === entry.canvas) this.#adopted.delete(mask);
    return entry.canvas;
  }

  /** The region's canvas was painted by a stroke that was cancelled: it no longer shows its mask. */
  forget(id: string): void {
    this.#byId.delete(id);
  }

  /** Drops the canvases of regions that are gone (their memory is large). */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.#byId.keys()) if (!ids.has(id)) this.#byId.delete(id);
  }
}
