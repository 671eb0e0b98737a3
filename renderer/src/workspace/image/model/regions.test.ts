import { describe, expect, it } from 'vitest';
import { encodeBrushMask } from '../../../../../core/labeling/brush-rle.ts';
import { decodeResult, encodeResult } from '../../../../../core/labeling/codec.ts';
import { geometryValue, regionsOf, shapeOf, withGeometry } from './regions.ts';
import { SpatialIndex } from './spatial-index.ts';

const SIZE = { width: 1920, height: 1280 };
const meta = { original_width: 1920, original_height: 1280, image_rotation: 0 };
/** A 100 × 50 px block painted at (300, 200), as Label Studio's editor writes it. */
const MASK = new Uint8Array(1920 * 1280);
for (let y = 200; y < 250; y++) MASK.fill(255, y * 1920 + 300, y * 1920 + 400);
const RLE = encodeBrushMask({ width: 1920, height: 1280, data: MASK });
const ITEMS = [
  {
    id: 'r1',
    from_name: 'bbox',
    to_name: 'image',
    type: 'rectanglelabels',
    ...meta,
    value: { x: 3.1, y: 8.2, width: 20, height: 16, rotation: 0, rectanglelabels: ['Car'] },
  },
  {
    id: 'r1',
    from_name: 'note',
    to_name: 'image',
    type: 'textarea',
    ...meta,
    value: { x: 3.1, y: 8.2, width: 20, height: 16, rotation: 0, text: ['red'] },
  },
  {
    id: 'p1',
    from_name: 'poly',
    to_name: 'image',
    type: 'polygonlabels',
    ...meta,
    value: {
      points: [
        [2, 2],
        [3.5, 8.1],
        [3.5, 12.6],
      ],
      polygonlabels: ['Car'],
    },
  },
  {
    id: 'k1',
    from_name: 'kp',
    to_name: 'image',
    type: 'keypointlabels',
    ...meta,
    value: { x: 3.1, y: 8.2, width: 2, keypointlabels: ['Nose'] },
  },
  {
    id: 'e1',
    from_name: 'ell',
    to_name: 'image',
    type: 'ellipselabels',
    ...meta,
    value: { x: 50, y: 50, radiusX: 10, radiusY: 5, rotation: 30, ellipselabels: ['Cell'], score: 0.5 },
  },
  { id: 'c1', from_name: 'kind', to_name: 'image', type: 'choices', value: { choices: ['Day'] } },
];

describe('image regions from records', () => {
  it('groups a region’s records, reads its shape in natural pixels and its labels', () => {
    const regions = regionsOf(decodeResult(ITEMS).records, 'image', SIZE);
    expect(regions.map((r) => [r.id, r.shape.kind, r.labels])).toEqual([
      ['r1', 'rect', ['Car']],
      ['p1', 'polygon', ['Car']],
      ['k1', 'point', ['Nose']],
      ['e1', 'ellipse', ['Cell']],
    ]);
    expect(regions[0]!.keys).toHaveLength(2);
    const rect = regions[0]!.shape as { x: number; y: number; width: number; height: number };
    expect(rect.x).toBeCloseTo(59.52, 9);
    expect(rect.y).toBeCloseTo(104.96, 9);
    expect(rect.width).toBeCloseTo(384, 9);
    expect(rect.height).toBeCloseTo(204.8, 9);
  });

  it('every result type goes percent → pixels → percent unchanged', () => {
    for (const item of ITEMS.filter((i) => i.type.endsWith('labels'))) {
      const shape = shapeOf(item.type, item.value, SIZE)!;
      const back = withGeometry(item.value, geometryValue(shape, SIZE), true);
      expect(Object.keys(back)).toEqual(Object.keys(item.value));
      for (const [key, v] of Object.entries(item.value)) {
        if (typeof v === 'number') expect(back[key]).toBeCloseTo(v, 9);
        else if (key === 'points')
          (v as number[][]).forEach((p, i) => {
            expect((back[key] as number[][])[i]![0]).toBeCloseTo(p[0]!, 9);
            expect((back[key] as number[][])[i]![1]).toBeCloseTo(p[1]!, 9);
          });
        else expect(back[key]).toEqual(v);
      }
    }
  });

  it('an untouched document encodes back to the very items it was read from', () => {
    const decoded = decodeResult(ITEMS);
    regionsOf(decoded.records, 'image', SIZE);
    expect(JSON.stringify(encodeResult(decoded))).toBe(JSON.stringify(ITEMS));
  });

  it('a brush region: read as its mask, an untouched one written back as it was, a rewrite the same bytes', () => {
    const item = {
      id: 'b1',
      from_name: 'mask',
      to_name: 'image',
      type: 'brushlabels',
      ...meta,
      value: { format: 'rle', rle: RLE, brushlabels: ['Road'] },
    };
    const text = JSON.stringify([item]);
    const decoded = decodeResult(JSON.parse(text) as unknown[]);
    const [brush] = regionsOf(decoded.records, 'image', SIZE);
    expect(brush).toMatchObject({ id: 'b1', labels: ['Road'], labelControl: 'mask' });
    expect(brush!.shape).toMatchObject({
      kind: 'brush',
      bounds: { minX: 300, minY: 200, maxX: 400, maxY: 250 },
    });
    expect(JSON.stringify(encodeResult(decoded))).toBe(text);
    const back = withGeometry(item.value, geometryValue(brush!.shape, SIZE), true);
    expect(Object.keys(back)).toEqual(['format', 'rle', 'brushlabels']);
    expect(back['rle']).toEqual(RLE);
  });

  it('a perRegion record only gets the geometry keys it already has', () => {
    expect(withGeometry({ text: ['a'] }, { x: 1 }, false)).toEqual({ text: ['a'] });
    expect(withGeometry({ x: 0, text: ['a'] }, { x: 1, y: 2 }, false)).toEqual({ x: 1, text: ['a'] });
  });
});

describe('spatial index', () => {
  const records = decodeResult(ITEMS).records;
  const regions = regionsOf(records, 'image', SIZE);

  it('finds what is in view and the topmost region under a point', () => {
    const index = new SpatialIndex();
    expect(index.sync(regions)).toBe(true);
    expect(index.sync(regions)).toBe(false);
    // r1 (59..443 × 105..310) and k1 (59.5, 105) overlap there: k1 is later, so on top.
    expect(index.hit({ x: 60, y: 105 }, 2)?.id).toBe('k1');
    expect(index.hit({ x: 200, y: 200 }, 0)?.id).toBe('r1');
    expect(index.hit({ x: 200, y: 200 }, 0, (r) => r.id !== 'r1')).toBeNull();
    expect(index.inView({ minX: 900, minY: 600, maxX: 1000, maxY: 700 }).map((r) => r.id)).toEqual(['e1']);
  });

  it('follows removals and moves', () => {
    const index = new SpatialIndex();
    index.sync(regions);
    const moved = regions.map((r) =>
      r.id === 'e1' ? { ...r, record: { ...r.record }, shape: { ...r.shape, x: 10, y: 10 } } : r,
    );
    index.sync(moved.filter((r) => r.id !== 'k1'));
    expect(index.size).toBe(3);
    expect(index.inView({ minX: 900, minY: 600, maxX: 1000, maxY: 700 })).toEqual([]);
    expect(index.hit({ x: 10, y: 10 }, 0)?.id).toBe('e1');
  });
});
