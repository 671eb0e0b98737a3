/**
 * A brush region's mask at the image's natural size, as the tools need it: read from (and written
 * to) Label Studio's `rle`, painted and erased along a stroke with dirty rectangles, its painted
 * bounds (the spatial index's box) and a hit test. Pure: no DOM.
 *
 * Masks are big (12 MB for a 4000×3000 image), so the decoded mask of an `rle` array is kept for the
 * few arrays seen last and, weakly, for as long as a region on screen holds it; not for every version
 * the undo history holds. The mask a stroke produced is registered under the array it was encoded
 * to, so writing it does not decode it again.
 */
import { decodeBrushMask, encodeBrushMask, type BrushMask } from '../../../../../core/labeling/brush-rle.ts';
import type { Bounds, Point, Size } from './camera.ts';

export type { BrushMask };

export interface BrushShape {
  kind: 'brush';
  mask: BrushMask;
  /** The painted pixels' box (natural px; max exclusive); all zero when nothing is painted. */
  bounds: Bounds;
  /** The stored `rle` could not be read: shown as nothing, never painted over (that would lose it). */
  unreadable?: boolean;
}

const EMPTY: Bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
/** How many decoded masks are kept (the regions on screen and an undo or two). */
const KEEP = 8;
const decoded = new Map<unknown, BrushShape>();
/** Every mask still alive (held by a region), by its array: no decode again while it is on screen. */
const alive = new WeakMap<object, WeakRef<BrushShape>>();

function remember(rle: unknown, shape: BrushShape): void {
  decoded.delete(rle);
  decoded.set(rle, shape);
  while (decoded.size > KEEP) decoded.delete(decoded.keys().next().value);
  if (typeof rle === 'object' && rle !== null) alive.set(rle, new WeakRef(shape));
}

function known(rle: unknown): BrushShape | undefined {
  return decoded.get(rle) ?? (typeof rle === 'object' && rle !== null ? alive.get(rle)?.deref() : undefined);
}

export function blankMask(size: Size): BrushMask {
  return { width: size.width, height: size.height, data: new Uint8Array(size.width * size.height) };
}

/** The brush shape of a stored value (`format: "rle"`, `rle: [...]`) on an image of `size`. */
export function brushShapeOf(value: Record<string, unknown>, size: Size): BrushShape {
  const rle = value['rle'];
  const seen = known(rle);
  if (seen && seen.mask.width === size.width && seen.mask.height === size.height) {
    remember(rle, seen);
    return seen;
  }
  let shape: BrushShape;
  if (!Array.isArray(rle)) shape = { kind: 'brush', mask: blankMask(size), bounds: EMPTY };
  else
    try {
      const mask = decodeBrushMask(rle as number[], size.width, size.height);
      shape = { kind: 'brush', mask, bounds: maskBounds(mask) };
    } catch {
      shape = { kind: 'brush', mask: blankMask(size), bounds: EMPTY, unreadable: true };
    }
  if (Array.isArray(rle)) remember(rle, shape);
  return shape;
}

/** The value keys a brush shape writes, as Label Studio's BrushRegion does. */
export function brushValue(shape: BrushShape): Record<string, unknown> {
  const rle = encodeBrushMask(shape.mask);
  remember(rle, shape);
  return { format: 'rle', rle };
}

/** The box of the painted pixels (max exclusive). */
export function maskBounds(mask: BrushMask): Bounds {
  const { width, height, data } = mask;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    for (let x = 0; x < width; x++)
      if (data[row + x] !== 0) {
        first = x;
        break;
      }
    if (first < 0) continue;
    let last = width - 1;
    while (data[row + last] === 0) last--;
    if (first < minX) minX = first;
    if (last > maxX) maxX = last;
    if (minY > y) minY = y;
    maxY = y;
  }
  return maxX < 0 ? EMPTY : { minX, minY, maxX: maxX + 1, maxY: maxY + 1 };
}

export function unionBounds(a: Bounds, b: Bounds): Bounds {
  if (a.maxX <= a.minX || a.maxY <= a.minY) return b;
  if (b.maxX <= b.minX || b.maxY <= b.minY) return a;
  return {
    minX: Math.min(a.minX, b.minX),
    minY: Math.min(a.minY, b.minY),
    maxX: Math.max(a.maxX, b.maxX),
    maxY: Math.max(a.maxY, b.maxY),
  };
}

/** Whether the pixel under `p` is painted. */
export function maskHit(mask: BrushMask, p: Point): boolean {
  const x = Math.floor(p.x);
  const y = Math.floor(p.y);
  return x >= 0 && y >= 0 && x < mask.width && y < mask.height && mask.data[y * mask.width + x] !== 0;
}

/**
 * Paints (255) or erases (0) the pixels whose centres are within `radius` of the segment a→b, a
 * round-capped line as Label Studio's brush draws; hard edges, so the mask is exactly what was
 * painted. Returns the changed box (integers, max exclusive), or null when nothing was in the image.
 */
export function paintSegment(
  mask: BrushMask,
  a: Point,
  b: Point,
  radius: number,
  value: 0 | 255,
): Bounds | null {
  const { width, height, data } = mask;
  const r = Math.max(0.5, radius);
  const minX = Math.max(0, Math.floor(Math.min(a.x, b.x) - r));
  const minY = Math.max(0, Math.floor(Math.min(a.y, b.y) - r));
  const maxX = Math.min(width, Math.ceil(Math.max(a.x, b.x) + r));
  const maxY = Math.min(height, Math.ceil(Math.max(a.y, b.y) + r));
  if (minX >= maxX || minY >= maxY) return null;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const r2 = r * r;
  for (let y = minY; y < maxY; y++) {
    const py = y + 0.5;
    const row = y * width;
    for (let x = minX; x < maxX; x++) {
      const px = x + 0.5;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / length2));
      const ex = px - (a.x + t * dx);
      const ey = py - (a.y + t * dy);
      if (ex * ex + ey * ey <= r2) data[row + x] = value;
    }
  }
  return { minX, minY, maxX, maxY };
}
