/**
 * The image's regions as records describe them: records sharing an `id`, drawn on one Image object,
 * one of them carrying the geometry (`rectanglelabels`, `polygon`, ...). Converts Label Studio's
 * percent values to natural-pixel shapes and back; only the geometry keys are rewritten, every other
 * key of a value (labels, text of a perRegion control) is kept. Pure.
 */
import type { ResultRecord } from '../../../../../core/labeling/records.ts';
import { brushShapeOf, brushValue } from './brush-mask.ts';
import type { Size } from './camera.ts';
import type { Shape } from './geometry.ts';

export type ShapeKind = Shape['kind'];

/** Result types with a geometry, and the shape each is. */
export const SHAPE_OF_TYPE: Readonly<Record<string, ShapeKind>> = {
  rectanglelabels: 'rect',
  rectangle: 'rect',
  polygonlabels: 'polygon',
  polygon: 'polygon',
  keypointlabels: 'point',
  keypoint: 'point',
  ellipselabels: 'ellipse',
  ellipse: 'ellipse',
  brushlabels: 'brush',
  brush: 'brush',
};

/** The value keys that are geometry (the rest are labels or a control's own value). */
const GEOMETRY_KEYS: Readonly<Record<ShapeKind, readonly string[]>> = {
  rect: ['x', 'y', 'width', 'height', 'rotation'],
  ellipse: ['x', 'y', 'radiusX', 'radiusY', 'rotation'],
  polygon: ['points'],
  point: ['x', 'y', 'width'],
  brush: ['format', 'rle'],
};

export interface ImageRegion {
  id: string;
  /** The record that holds the geometry. */
  record: ResultRecord;
  shape: Shape;
  /** The labels of the region (from its labels record: `rectanglelabels`, or a `labels` beside a `rectangle`). */
  labels: string[];
  /** The control whose labels those are. */
  labelControl: string;
  /** Every record of the region (perRegion controls' items included). */
  keys: string[];
  /** `readonly: true` in the result: shown, never edited. */
  readOnly: boolean;
  score?: number;
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A record's value as a shape in natural pixels of an image of `size`, or null when it has none. */
export function shapeOf(type: string, value: Record<string, unknown>, size: Size): Shape | null {
  const sx = size.width / 100;
  const sy = size.height / 100;
  switch (SHAPE_OF_TYPE[type]) {
    case 'rect':
      return {
        kind: 'rect',
        x: num(value['x']) * sx,
        y: num(value['y']) * sy,
        width: num(value['width']) * sx,
        height: num(value['height']) * sy,
        rotation: num(value['rotation']),
      };
    case 'ellipse':
      return {
        kind: 'ellipse',
        x: num(value['x']) * sx,
        y: num(value['y']) * sy,
        radiusX: num(value['radiusX']) * sx,
        radiusY: num(value['radiusY']) * sy,
        rotation: num(value['rotation']),
      };
    case 'polygon': {
      const raw = Array.isArray(value['points']) ? (value['points'] as unknown[]) : [];
      const points = raw
        .filter((p): p is unknown[] => Array.isArray(p) && p.length >= 2)
        .map((p) => ({ x: num(p[0]) * sx, y: num(p[1]) * sy }));
      return { kind: 'polygon', points, closed: value['closed'] !== false };
    }
    case 'point':
      // `width` is the point's size as Label Studio writes it (the control's strokeWidth).
      return {
        kind: 'point',
        x: num(value['x']) * sx,
        y: num(value['y']) * sy,
        radius: num(value['width'], 1),
      };
    case 'brush':
      return brushShapeOf(value, size);
    default:
      return null;
  }
}

/** The geometry keys of a value for `shape` (percent of `size`, as Label Studio writes them). */
export function geometryValue(shape: Shape, size: Size): Record<string, unknown> {
  const px = (x: number) => (x / size.width) * 100;
  const py = (y: number) => (y / size.height) * 100;
  switch (shape.kind) {
    case 'rect':
      return {
        x: px(shape.x),
        y: py(shape.y),
        width: px(shape.width),
        height: py(shape.height),
        rotation: shape.rotation,
      };
    case 'ellipse':
      return {
        x: px(shape.x),
        y: py(shape.y),
        radiusX: px(shape.radiusX),
        radiusY: py(shape.radiusY),
        rotation: shape.rotation,
      };
    case 'polygon':
      return { points: shape.points.map((p) => [px(p.x), py(p.y)]) };
    case 'point':
      return { x: px(shape.x), y: py(shape.y), width: shape.radius };
    case 'brush':
      // Encoded here, once per stroke (the mask is at natural size: no percent).
      return brushValue(shape);
  }
}

/**
 * `value` with its geometry replaced: the keys it had stay in their order, labels and any other key
 * stay as they were. For a record of another kind (a perRegion Choices) only keys it already has change.
 */
export function withGeometry(
  value: Record<string, unknown>,
  geometry: Record<string, unknown>,
  own: boolean,
) {
  const next: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    next[key] = Object.hasOwn(geometry, key) ? geometry[key] : inner;
  if (own)
    for (const [key, inner] of Object.entries(geometry)) if (!Object.hasOwn(next, key)) next[key] = inner;
  return next;
}

export function geometryKeys(kind: ShapeKind): readonly string[] {
  return GEOMETRY_KEYS[kind];
}

/** The labels a record carries: `value[type]` for *labels types and `labels`, as strings. */
export function labelsOf(record: ResultRecord): string[] | null {
  const key = record.type.endsWith('labels') ? record.type : null;
  if (!key) return null;
  const list = record.value[key];
  return Array.isArray(list) ? list.map(String) : [];
}

/**
 * The regions drawn on object `objectName`, in document order, for an image of `size`; with
 * `itemIndex`, only those of that image of a multi-image object (`item_index`, 0 when absent).
 */
export function regionsOf(
  records: readonly ResultRecord[],
  objectName: string,
  size: Size,
  itemIndex?: number,
): ImageRegion[] {
  const byId = new Map<string, ResultRecord[]>();
  for (const record of records) {
    if (record.toName !== objectName || record.id === '') continue;
    if (itemIndex !== undefined && (record.meta['item_index'] ?? 0) !== itemIndex) continue;
    const group = byId.get(record.id);
    if (group) group.push(record);
    else byId.set(record.id, [record]);
  }
  const out: ImageRegion[] = [];
  for (const [id, group] of byId) {
    const geometry = group.find((r) => SHAPE_OF_TYPE[r.type] !== undefined);
    if (!geometry) continue;
    const shape = shapeOf(geometry.type, geometry.value, size);
    if (!shape) continue;
    const labelled = group.find((r) => labelsOf(r) !== null);
    const region: ImageRegion = {
      id,
      record: geometry,
      shape,
      labels: labelled ? (labelsOf(labelled) ?? []) : [],
      labelControl: labelled?.fromName ?? geometry.fromName,
      keys: group.map((r) => r.key),
      readOnly: group.some((r) => r.meta['readonly'] === true),
    };
    const score = geometry.meta['score'];
    if (typeof score === 'number') region.score = score;
    out.push(region);
  }
  return out;
}
