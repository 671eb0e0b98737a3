/**
 * Region shapes in natural pixels and the geometry tools need: bounds, exact hit tests (rotated
 * rectangles and ellipses, polygons, points), handles, resize and rotate. Label Studio's conventions:
 * a rectangle's `x,y` is its top-left corner BEFORE rotation and it turns about that corner
 * (`rotation` clockwise degrees, y pointing down); an ellipse's `x,y` is its centre. Pure.
 */
import { maskHit, type BrushShape } from './brush-mask.ts';
import { boundsOf, type Bounds, type Point } from './camera.ts';

export interface RectShape {
  kind: 'rect';
  x: number;
  y: number;
  width: number;
  height: number;
  /** Degrees, clockwise, about (x, y). */
  rotation: number;
}
export interface EllipseShape {
  kind: 'ellipse';
  /** Centre. */
  x: number;
  y: number;
  radiusX: number;
  radiusY: number;
  /** Degrees, clockwise, about the centre. */
  rotation: number;
}
export interface PolygonShape {
  kind: 'polygon';
  points: Point[];
  /** False while it is being drawn (a polyline). */
  closed: boolean;
}
export interface PointShape {
  kind: 'point';
  x: number;
  y: number;
  /** Drawn radius in natural pixels. */
  radius: number;
}
/** A brush mask (brush-mask.ts): no outline, bounds from its painted pixels; not moved or resized. */
export type Shape = RectShape | EllipseShape | PolygonShape | PointShape | BrushShape;

const RAD = Math.PI / 180;

/** The rectangle's unit axes after rotation: u along its width, v along its height. */
function axes(rotation: number): { u: Point; v: Point } {
  const c = Math.cos(rotation * RAD);
  const s = Math.sin(rotation * RAD);
  return { u: { x: c, y: s }, v: { x: -s, y: c } };
}

/** Corners in drawing order: top-left (x, y), top-right, bottom-right, bottom-left. */
export function rectCorners(r: RectShape): Point[] {
  const { u, v } = axes(r.rotation);
  const at = (a: number, b: number) => ({ x: r.x + u.x * a + v.x * b, y: r.y + u.y * a + v.y * b });
  return [at(0, 0), at(r.width, 0), at(r.width, r.height), at(0, r.height)];
}

/** A point in the rectangle's own frame (origin at x,y, axes along its sides). */
export function toRectLocal(r: RectShape, p: Point): Point {
  const { u, v } = axes(r.rotation);
  const dx = p.x - r.x;
  const dy = p.y - r.y;
  return { x: dx * u.x + dy * u.y, y: dx * v.x + dy * v.y };
}

export function fromRectLocal(r: RectShape, l: Point): Point {
  const { u, v } = axes(r.rotation);
  return { x: r.x + u.x * l.x + v.x * l.y, y: r.y + u.y * l.x + v.y * l.y };
}

export function shapeBounds(shape: Shape): Bounds {
  switch (shape.kind) {
    case 'rect':
      return boundsOf(rectCorners(shape));
    case 'ellipse': {
      // The exact box of a rotated ellipse.
      const c = Math.cos(shape.rotation * RAD);
      const s = Math.sin(shape.rotation * RAD);
      const hw = Math.hypot(shape.radiusX * c, shape.radiusY * s);
      const hh = Math.hypot(shape.radiusX * s, shape.radiusY * c);
      return { minX: shape.x - hw, minY: shape.y - hh, maxX: shape.x + hw, maxY: shape.y + hh };
    }
    case 'polygon':
      return shape.points.length > 0 ? boundsOf(shape.points) : { minX: 0, minY: 0, maxX: 0, maxY: 0 };
    case 'point':
      return {
        minX: shape.x - shape.radius,
        minY: shape.y - shape.radius,
        maxX: shape.x + shape.radius,
        maxY: shape.y + shape.radius,
      };
    case 'brush':
      return shape.bounds;
  }
}

/** Whether `p` is on the shape; `tolerance` (natural px) widens edges and points for the pointer. */
export function hitShape(shape: Shape, p: Point, tolerance = 0): boolean {
  switch (shape.kind) {
    case 'rect': {
      const l = toRectLocal(shape, p);
      const [x0, x1] = ordered(0, shape.width);
      const [y0, y1] = ordered(0, shape.height);
      return l.x >= x0 - tolerance && l.x <= x1 + tolerance && l.y >= y0 - tolerance && l.y <= y1 + tolerance;
    }
    case 'ellipse': {
      const c = Math.cos(-shape.rotation * RAD);
      const s = Math.sin(-shape.rotation * RAD);
      const dx = p.x - shape.x;
      const dy = p.y - shape.y;
      const lx = dx * c - dy * s;
      const ly = dx * s + dy * c;
      const rx = Math.abs(shape.radiusX) + tolerance;
      const ry = Math.abs(shape.radiusY) + tolerance;
      return rx > 0 && ry > 0 && (lx / rx) ** 2 + (ly / ry) ** 2 <= 1;
    }
    case 'polygon':
      return (
        (shape.closed && pointInPolygon(shape.points, p)) ||
        nearestEdge(shape.points, p, shape.closed).distance <= tolerance
      );
    case 'point':
      return Math.hypot(p.x - shape.x, p.y - shape.y) <= shape.radius + tolerance;
    case 'brush':
      return maskHit(shape.mask, p);
  }
}

function ordered(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

/** Even-odd ray casting. */
export function pointInPolygon(points: readonly Point[], p: Point): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i]!;
    const b = points[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** The edge closest to `p` (index i = from point i to i+1), its distance and the closest point on it. */
export function nearestEdge(
  points: readonly Point[],
  p: Point,
  closed: boolean,
): { index: number; distance: number; at: Point } {
  let best = { index: -1, distance: Infinity, at: p };
  const edges = closed ? points.length : points.length - 1;
  for (let i = 0; i < edges; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = dx * dx + dy * dy;
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len));
    const at = { x: a.x + t * dx, y: a.y + t * dy };
    const distance = Math.hypot(p.x - at.x, p.y - at.y);
    if (distance < best.distance) best = { index: i, distance, at };
  }
  return best;
}

/** A rectangle's 8 resize handles: 0..3 corners (as rectCorners), 4..7 edge middles (top, right, bottom, left). */
export function rectHandles(r: RectShape): Point[] {
  const c = rectCorners(r);
  const mid = (a: Point, b: Point) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  return [...c, mid(c[0]!, c[1]!), mid(c[1]!, c[2]!), mid(c[2]!, c[3]!), mid(c[3]!, c[0]!)];
}

/** Where the rotate handle sits: `offset` natural px above the middle of the top edge. */
export function rotateHandle(r: RectShape, offset: number): Point {
  return fromRectLocal(r, { x: r.width / 2, y: Math.min(0, r.height) - offset });
}

/** Which local coordinates each handle moves: [x side, y side], 0 = min, 1 = max, null = unchanged. */
const HANDLE_SIDES: readonly [0 | 1 | null, 0 | 1 | null][] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [null, 0],
  [1, null],
  [null, 1],
  [0, null],
];

/**
 * Handle `handle` dragged to `p`: the opposite side stays where it is, in the rectangle's own
 * (rotated) frame; flipping past it swaps sides, and the result is normalised (positive size).
 */
export function resizeRect(r: RectShape, handle: number, p: Point): RectShape {
  const sides = HANDLE_SIDES[handle];
  if (!sides) return r;
  const l = toRectLocal(r, p);
  let x0 = Math.min(0, r.width);
  let x1 = Math.max(0, r.width);
  let y0 = Math.min(0, r.height);
  let y1 = Math.max(0, r.height);
  if (sides[0] === 0) x0 = l.x;
  if (sides[0] === 1) x1 = l.x;
  if (sides[1] === 0) y0 = l.y;
  if (sides[1] === 1) y1 = l.y;
  const [nx0, nx1] = ordered(x0, x1);
  const [ny0, ny1] = ordered(y0, y1);
  const origin = fromRectLocal(r, { x: nx0, y: ny0 });
  return { ...r, x: origin.x, y: origin.y, width: nx1 - nx0, height: ny1 - ny0 };
}

/** The rectangle turned about its centre so its top points at `p`; x,y stays its (new) top-left. */
export function rotateRectToward(r: RectShape, p: Point, step = 0): RectShape {
  const centre = fromRectLocal(r, { x: r.width / 2, y: r.height / 2 });
  let rotation = Math.atan2(p.y - centre.y, p.x - centre.x) / RAD + 90;
  if (step > 0) rotation = Math.round(rotation / step) * step;
  rotation = normaliseDegrees(rotation);
  const { u, v } = axes(rotation);
  return {
    ...r,
    rotation,
    x: centre.x - (u.x * r.width) / 2 - (v.x * r.height) / 2,
    y: centre.y - (u.y * r.width) / 2 - (v.y * r.height) / 2,
  };
}

/** Degrees in [0, 360), as Label Studio writes them. */
export function normaliseDegrees(deg: number): number {
  const d = deg % 360;
  return d < 0 ? d + 360 : d;
}

/** The shape moved by (dx, dy) natural pixels. */
export function moveShape<S extends Shape>(shape: S, dx: number, dy: number): S {
  if (shape.kind === 'brush') return shape;
  if (shape.kind === 'polygon')
    return { ...shape, points: shape.points.map((q) => ({ x: q.x + dx, y: q.y + dy })) };
  return { ...shape, x: (shape as RectShape).x + dx, y: (shape as RectShape).y + dy };
}

/** An axis-aligned rectangle from two corners (a drag), normalised. */
export function rectFromCorners(a: Point, b: Point): RectShape {
  return {
    kind: 'rect',
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    width: Math.abs(b.x - a.x),
    height: Math.abs(b.y - a.y),
    rotation: 0,
  };
}

/** An ellipse inscribed in the box of a drag. */
export function ellipseFromCorners(a: Point, b: Point): EllipseShape {
  return {
    kind: 'ellipse',
    x: (a.x + b.x) / 2,
    y: (a.y + b.y) / 2,
    radiusX: Math.abs(b.x - a.x) / 2,
    radiusY: Math.abs(b.y - a.y) / 2,
    rotation: 0,
  };
}

/** Keeps a point inside the image. */
export function clampToImage(p: Point, width: number, height: number): Point {
  return { x: Math.min(width, Math.max(0, p.x)), y: Math.min(height, Math.max(0, p.y)) };
}

/** The ellipse's bounding rectangle in its own frame: resize and rotate reuse the rectangle's tools. */
export function ellipseAsRect(e: EllipseShape): RectShape {
  const { u, v } = axes(e.rotation);
  const rx = Math.abs(e.radiusX);
  const ry = Math.abs(e.radiusY);
  return {
    kind: 'rect',
    x: e.x - u.x * rx - v.x * ry,
    y: e.y - u.y * rx - v.y * ry,
    width: 2 * rx,
    height: 2 * ry,
    rotation: e.rotation,
  };
}

export function rectAsEllipse(r: RectShape): EllipseShape {
  const centre = fromRectLocal(r, { x: r.width / 2, y: r.height / 2 });
  return {
    kind: 'ellipse',
    x: centre.x,
    y: centre.y,
    radiusX: Math.abs(r.width) / 2,
    radiusY: Math.abs(r.height) / 2,
    rotation: r.rotation,
  };
}
