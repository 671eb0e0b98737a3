/**
 * The image tools' writers: every region edit goes through one of these, so each is one 'user' diff
 * (history and draft-sync see it as any other edit). Records are written as Label Studio writes them:
 * `original_width`, `original_height`, `image_rotation` beside the value, percent values, one `id`
 * shared by the region's records.
 */
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import { newRecord } from '../../../../core/labeling/codec.ts';
import type { ResultRecord } from '../../../../core/labeling/records.ts';
import type { DocumentStore } from '../model/document-store.ts';
import type { Size } from './model/camera.ts';
import type { Shape } from './model/geometry.ts';
import { geometryValue, SHAPE_OF_TYPE, withGeometry, type ImageRegion } from './model/regions.ts';

export interface NewRegion {
  /** The control that makes it (RectangleLabels, Polygon, ...). */
  control: ControlNode;
  objectName: string;
  shape: Shape;
  /** The image's natural size (written as original_width/height). */
  size: Size;
  labels: string[];
  /** Where the view shows the image turned (written as image_rotation). */
  rotation?: number;
  /** Which image of a multi-image object (`item_index`); absent for a single image. */
  itemIndex?: number;
}

/** The result type of a control's regions: its tag, lower-cased (`RectangleLabels` → `rectanglelabels`). */
export function resultType(control: ControlNode): string {
  return control.tag.toLowerCase();
}

/** Adds a region; returns its id. */
export function addRegion(store: DocumentStore, input: NewRegion): string {
  const type = resultType(input.control);
  const value: Record<string, unknown> = geometryValue(input.shape, input.size);
  if (type.endsWith('labels')) value[type] = input.labels;
  const record = newRecord({
    fromName: input.control.name,
    toName: input.objectName,
    type,
    value,
    meta: {
      original_width: input.size.width,
      original_height: input.size.height,
      image_rotation: input.rotation ?? 0,
      ...(input.itemIndex !== undefined ? { item_index: input.itemIndex } : {}),
    },
  });
  store.transact('user', (tx) => tx.put(record));
  return record.id;
}

/**
 * Rewrites a region's geometry in each of its records (perRegion items carry it too, as in Label
 * Studio), and `image_rotation` where a record has it: the view's turn when it was last edited.
 */
export function setRegionShape(
  store: DocumentStore,
  region: ImageRegion,
  shape: Shape,
  size: Size,
  rotation = 0,
): void {
  const geometry = geometryValue(shape, size);
  store.transact('user', (tx) => {
    for (const key of region.keys) {
      const record = tx.get(key);
      if (!record) continue;
      const own = SHAPE_OF_TYPE[record.type] !== undefined;
      const value = withGeometry(record.value, geometry, own);
      const meta =
        record.meta['image_rotation'] !== undefined && record.meta['image_rotation'] !== rotation
          ? { ...record.meta, image_rotation: rotation }
          : record.meta;
      tx.put({ ...record, value, meta });
    }
  });
}

/**
 * Gives a region `labels` of `control`: its labels record is updated, or (a `Rectangle` drawn before
 * any label, with a separate `Labels` control) a `labels` record with the region's id is added.
 * Empty labels on a separate labels record remove it.
 */
export function setRegionLabels(
  store: DocumentStore,
  region: ImageRegion,
  control: ControlNode,
  labels: string[],
): void {
  store.transact('user', (tx) => {
    const geometry = tx.get(region.record.key);
    if (!geometry) return;
    const type = resultType(control);
    if (geometry.fromName === control.name && geometry.type === type) {
      tx.put({ ...geometry, value: { ...geometry.value, [type]: labels } });
      return;
    }
    const existing = region.keys.map((k) => tx.get(k)).find((r) => r?.fromName === control.name);
    if (existing) {
      if (labels.length === 0) tx.remove(existing.key);
      else tx.put({ ...existing, value: { ...existing.value, [type]: labels } });
      return;
    }
    if (labels.length === 0) return;
    const labelled: ResultRecord = newRecord({
      id: region.id,
      fromName: control.name,
      toName: geometry.toName,
      type,
      value: { ...pickGeometry(geometry), [type]: labels },
      meta: pickImageMeta(geometry.meta),
    });
    tx.put(labelled);
  });
}

function pickGeometry(record: ResultRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record.value)) if (key !== record.type) out[key] = inner;
  return out;
}

function pickImageMeta(meta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['original_width', 'original_height', 'image_rotation', 'item_index'])
    if (meta[key] !== undefined) out[key] = meta[key];
  return out;
}

/** Removes the regions (every record of each) and relations that point at them. */
export function deleteRegions(store: DocumentStore, regions: readonly ImageRegion[]): void {
  const ids = new Set(regions.map((r) => r.id));
  store.transact('user', (tx) => {
    for (const region of regions) for (const key of region.keys) tx.remove(key);
    for (const record of tx.records())
      if (
        record.type === 'relation' &&
        (ids.has(String(record.meta['from_id'])) || ids.has(String(record.meta['to_id'])))
      )
        tx.remove(record.key);
  });
}
