import { describe, expect, it } from 'vitest';
import {
  ellipseAsRect,
  hitShape,
  moveShape,
  nearestEdge,
  rectAsEllipse,
  rectCorners,
  resizeRect,
  rotateRectToward,
  shapeBounds,
  type EllipseShape,
  type PolygonShape,
  type RectShape,
} from './geometry.ts';

const rect = (over: Partial<RectShape> = {}): RectShape => ({
  kind: 'rect',
  x: 100,
  y: 100,
  width: 200,
  height: 100,
  rotation: 0,
  ...over,
});

describe('rectangles (x,y top-left before rotation, turning about it)', () => {
  it('turn clockwise about the top-left corner', () => {
    const [tl, tr, br, bl] = rectCorners(rect({ rotation: 90 }));
    expect(tl).toEqual({ x: 100, y: 100 });
    expect(tr!.x).toBeCloseTo(100);
    expect(tr!.y).toBeCloseTo(300);
    expect(br!.x).toBeCloseTo(0);
    expect(br!.y).toBeCloseTo(300);
    expect(bl!.x).toBeCloseTo(0);
    expect(bl!.y).toBeCloseTo(100);
  });

  it('hit tests in their own rotated frame', () => {
    const r = rect({ rotation: 45 });
    // Along the diagonal of the turned width: inside.
    expect(hitShape(r, { x: 100 + 150 * Math.SQRT1_2, y: 100 + 150 * Math.SQRT1_2 })).toBe(true);
    // Inside the unrotated box, but outside the turned one.
    expect(hitShape(r, { x: 290, y: 110 })).toBe(false);
    expect(hitShape(rect(), { x: 290, y: 110 })).toBe(true);
    // Tolerance widens the edges.
    expect(hitShape(rect(), { x: 303, y: 150 })).toBe(false);
    expect(hitShape(rect(), { x: 303, y: 150 }, 4)).toBe(true);
  });

  it('have exact bounds when turned', () => {
    const b = shapeBounds(rect({ rotation: 90 }));
    expect(b.minX).toBeCloseTo(0);
    expect(b.maxX).toBeCloseTo(100);
    expect(b.minY).toBeCloseTo(100);
    expect(b.maxY).toBeCloseTo(300);
  });

  it('resize by a handle with the opposite side fixed, flipping past it normalised', () => {
    const grown = resizeRect(rect(), 2, { x: 350, y: 260 });
    expect(grown).toMatchObject({ x: 100, y: 100, width: 250, height: 160 });
    const edge = resizeRect(rect(), 7, { x: 50, y: 999 });
    expect(edge).toMatchObject({ x: 50, y: 100, width: 250, height: 100 });
    const flipped = resizeRect(rect(), 5, { x: 60, y: 0 });
    expect(flipped).toMatchObject({ x: 60, y: 100, width: 40, height: 100 });
  });

  it('resize a turned rectangle along its own axes', () => {
    const r = rect({ rotation: 90 });
    // Bottom-right corner of a 90° rectangle is at (0, 300); drag it 50 px further "right" in its frame (down).
    const grown = resizeRect(r, 2, { x: 0, y: 350 });
    expect(grown.x).toBeCloseTo(100);
    expect(grown.y).toBeCloseTo(100);
    expect(grown.width).toBeCloseTo(250);
    expect(grown.height).toBeCloseTo(100);
  });

  it('rotate about their centre, x,y staying the (new) top-left', () => {
    const r = rect();
    const centre = { x: 200, y: 150 };
    const turned = rotateRectToward(r, { x: centre.x + 100, y: centre.y });
    expect(turned.rotation).toBeCloseTo(90);
    const corners = rectCorners(turned);
    const mid = { x: (corners[0]!.x + corners[2]!.x) / 2, y: (corners[0]!.y + corners[2]!.y) / 2 };
    expect(mid.x).toBeCloseTo(centre.x);
    expect(mid.y).toBeCloseTo(centre.y);
    expect(turned.x).toBeCloseTo(250);
    expect(turned.y).toBeCloseTo(50);
    // Snapped to steps (Shift), and always in [0, 360).
    expect(rotateRectToward(r, { x: 100, y: 140 }).rotation).toBeCloseTo(275.71, 2);
    expect(rotateRectToward(r, { x: 100, y: 140 }, 15).rotation).toBe(270);
  });
});

describe('ellipses, polygons and points', () => {
  const e: EllipseShape = { kind: 'ellipse', x: 0, y: 0, radiusX: 100, radiusY: 20, rotation: 90 };

  it('hit tests a turned ellipse', () => {
    expect(hitShape(e, { x: 0, y: 90 })).toBe(true);
    expect(hitShape(e, { x: 90, y: 0 })).toBe(false);
    const b = shapeBounds(e);
    expect(b.maxX).toBeCloseTo(20);
    expect(b.maxY).toBeCloseTo(100);
  });

  it('an ellipse survives the trip through its bounding rectangle', () => {
    const back = rectAsEllipse(ellipseAsRect({ ...e, x: 40, y: -7, rotation: 33 }));
    expect(back.x).toBeCloseTo(40);
    expect(back.y).toBeCloseTo(-7);
    expect(back.radiusX).toBeCloseTo(100);
    expect(back.radiusY).toBeCloseTo(20);
    expect(back.rotation).toBe(33);
  });

  it('hit tests a concave polygon inside, and near its edges', () => {
    // A "U": the notch is outside.
    const u: PolygonShape = {
      kind: 'polygon',
      closed: true,
      points: [
        { x: 0, y: 0 },
        { x: 30, y: 0 },
        { x: 30, y: 30 },
        { x: 20, y: 30 },
        { x: 20, y: 10 },
        { x: 10, y: 10 },
        { x: 10, y: 30 },
        { x: 0, y: 30 },
      ],
    };
    expect(hitShape(u, { x: 5, y: 20 })).toBe(true);
    expect(hitShape(u, { x: 15, y: 20 })).toBe(false);
    expect(hitShape(u, { x: 15, y: 20 }, 6)).toBe(true);
    expect(nearestEdge(u.points, { x: 15, y: 11 }, true)).toMatchObject({ index: 4, distance: 1 });
    // An open polyline has no inside.
    expect(hitShape({ ...u, closed: false }, { x: 5, y: 20 })).toBe(false);
    expect(moveShape(u, 1, 2).points[0]).toEqual({ x: 1, y: 2 });
  });

  it('hit tests a point by its radius', () => {
    const p = { kind: 'point' as const, x: 10, y: 10, radius: 3 };
    expect(hitShape(p, { x: 12, y: 12 })).toBe(true);
    expect(hitShape(p, { x: 15, y: 10 })).toBe(false);
    expect(hitShape(p, { x: 15, y: 10 }, 2)).toBe(true);
  });
});
