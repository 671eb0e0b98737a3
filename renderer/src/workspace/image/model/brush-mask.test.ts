import { describe, expect, it } from 'vitest';
import { decodeBrushMask, encodeBrushMask } from '../../../../../core/labeling/brush-rle.ts';
import {
  blankMask,
  brushShapeOf,
  brushValue,
  maskBounds,
  maskHit,
  paintSegment,
  unionBounds,
} from './brush-mask.ts';
import { hitShape, moveShape, shapeBounds } from './geometry.ts';
import { geometryValue, shapeOf } from './regions.ts';

const SIZE = { width: 64, height: 48 };
const count = (data: Uint8Array) => data.reduce((n, v) => n + (v ? 1 : 0), 0);

describe('brush masks', () => {
  it('paints a round-capped line: the pixels whose centres are within the radius, and says where', () => {
    const mask = blankMask(SIZE);
    const box = paintSegment(mask, { x: 10, y: 20 }, { x: 30, y: 20 }, 3, 255);
    expect(box).toEqual({ minX: 7, minY: 17, maxX: 33, maxY: 23 });
    for (let y = 0; y < SIZE.height; y++)
      for (let x = 0; x < SIZE.width; x++) {
        const cx = Math.min(30, Math.max(10, x + 0.5));
        const inside = Math.hypot(x + 0.5 - cx, y + 0.5 - 20) <= 3;
        expect(mask.data[y * SIZE.width + x], `${x},${y}`).toBe(inside ? 255 : 0);
      }
    expect(maskBounds(mask)).toEqual({ minX: 7, minY: 17, maxX: 33, maxY: 23 });
  });

  it('erases with 0, clips at the image, and paints nothing wholly outside it', () => {
    const mask = blankMask(SIZE);
    paintSegment(mask, { x: 0, y: 0 }, { x: 63, y: 0 }, 4, 255);
    const before = count(mask.data);
    expect(before).toBeGreaterThan(0);
    paintSegment(mask, { x: 32, y: -5 }, { x: 32, y: 5 }, 2, 0);
    expect(count(mask.data)).toBe(before - 4 * 4);
    expect(paintSegment(mask, { x: -50, y: -50 }, { x: -40, y: -40 }, 3, 255)).toBeNull();
  });

  it('hit tests by pixel; its shape has the painted box as bounds and does not move', () => {
    const mask = blankMask(SIZE);
    paintSegment(mask, { x: 20, y: 20 }, { x: 20, y: 20 }, 2, 255);
    const shape = { kind: 'brush' as const, mask, bounds: maskBounds(mask) };
    expect(shapeBounds(shape)).toEqual({ minX: 18, minY: 18, maxX: 22, maxY: 22 });
    expect(hitShape(shape, { x: 20.2, y: 19.7 })).toBe(true);
    expect(hitShape(shape, { x: 23, y: 20 })).toBe(false);
    expect(maskHit(mask, { x: -1, y: 20 })).toBe(false);
    expect(moveShape(shape, 5, 5)).toBe(shape);
    expect(unionBounds({ minX: 0, minY: 0, maxX: 0, maxY: 0 }, shape.bounds)).toEqual(shape.bounds);
  });

  it('reads Label Studio’s value and writes it back: format and rle, the same pixels', () => {
    const mask = blankMask(SIZE);
    paintSegment(mask, { x: 5, y: 5 }, { x: 50, y: 40 }, 4, 255);
    const value = { format: 'rle', rle: encodeBrushMask(mask), brushlabels: ['Road'] };
    const shape = shapeOf('brushlabels', value, SIZE);
    expect(shape?.kind).toBe('brush');
    if (shape?.kind !== 'brush') return;
    expect(shape.mask.data).toEqual(mask.data);
    expect(shape.bounds).toEqual(maskBounds(mask));
    // The same array is the same mask (no second decode); what a stroke writes reads back as itself.
    expect(shapeOf('brushlabels', value, SIZE)).toBe(shape);
    const written = geometryValue(shape, SIZE);
    expect(Object.keys(written)).toEqual(['format', 'rle']);
    expect(written['rle']).toEqual(value.rle);
    expect(brushShapeOf(written, SIZE)).toBe(shape);
    expect(decodeBrushMask(written['rle'] as number[], 64, 48).data).toEqual(mask.data);
  });

  it('a value it cannot read is an empty, unreadable mask (never painted over)', () => {
    const broken = brushShapeOf({ format: 'rle', rle: [0, 1, 2] }, SIZE);
    expect(broken.unreadable).toBe(true);
    expect(count(broken.mask.data)).toBe(0);
    const missing = brushShapeOf({ format: 'rle' }, SIZE);
    expect(missing.unreadable).toBeUndefined();
    expect(brushValue(missing)['rle']).toEqual(encodeBrushMask(blankMask(SIZE)));
  });

  it('many masks on screen are not decoded again while their regions hold them', () => {
    const values = Array.from({ length: 12 }, (_, i) => {
      const mask = blankMask(SIZE);
      paintSegment(mask, { x: i * 4, y: 2 }, { x: i * 4, y: 30 }, 1, 255);
      return { format: 'rle', rle: encodeBrushMask(mask) };
    });
    const shapes = values.map((v) => brushShapeOf(v, SIZE));
    values.forEach((v, i) => expect(brushShapeOf(v, SIZE)).toBe(shapes[i]));
    // A copy of an array (another record version) is decoded on its own, to the same pixels.
    const copy = brushShapeOf({ rle: [...values[0]!.rle] }, SIZE);
    expect(copy).not.toBe(shapes[0]);
    expect(copy.mask.data).toEqual(shapes[0]!.mask.data);
  });
});
