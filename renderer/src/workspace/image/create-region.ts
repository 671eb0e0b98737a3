/**
 * A shape just drawn becomes a region: made by the active label's control when it draws this kind
 * of shape (it gets that label, unless the label is at its maxUsages), else by the first control of
 * that kind, unlabelled (labelled afterwards by a label key or the region list).
 */
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import type { DocumentStore } from '../model/document-store.ts';
import { addRegion, setRegionLabels } from './commands.ts';
import type { ActiveLabel } from './ImageToolbar.tsx';
import { keypointWidth, optionValue, SHAPE_OF_TAG } from './image-controls.ts';
import type { Size } from './model/camera.ts';
import type { Shape } from './model/geometry.ts';
import { regionsOf } from './model/regions.ts';

export interface CreateRegionInput {
  store: DocumentStore;
  objectName: string;
  size: Size;
  shape: Shape;
  /** The image's region controls. */
  controls: readonly ControlNode[];
  active: ActiveLabel | null;
  /** The image of a multi-image object the region is drawn on. */
  itemIndex?: number;
  /** The view's turn (image_rotation). */
  rotation?: number;
}

/** Returns the new region's id, or null when no control draws this kind of shape. */
export function createRegion(input: CreateRegionInput): string | null {
  const { store, shape } = input;
  const kind = shape.kind;
  const activeControl = input.active
    ? input.controls.find((c) => c.name === input.active!.control)
    : undefined;
  const fits = activeControl && SHAPE_OF_TAG[activeControl.tag] === kind ? activeControl : undefined;
  const control =
    fits ??
    input.controls.find((c) => SHAPE_OF_TAG[c.tag] === kind && !c.tag.endsWith('Labels')) ??
    input.controls.find((c) => SHAPE_OF_TAG[c.tag] === kind);
  if (!control) return null;
  const value = fits && input.active ? optionValue(fits, input.active.entry) : undefined;
  const labels = value !== undefined && !atMaxUsages(input, fits!, value) ? [value] : [];
  const drawn = shape.kind === 'point' ? { ...shape, radius: keypointWidth(control) } : shape;
  return store.transact('user', () => {
    const id = addRegion(store, {
      control,
      objectName: input.objectName,
      shape: drawn,
      size: input.size,
      labels,
      rotation: input.rotation ?? 0,
      ...(input.itemIndex !== undefined ? { itemIndex: input.itemIndex } : {}),
    });
    // A Rectangle (no labels of its own) with a separate labels control active: that label too.
    if (!control.tag.endsWith('Labels') && activeControl && activeControl !== control && input.active) {
      const label = optionValue(activeControl, input.active.entry);
      const region = regionsOf(store.records(), input.objectName, input.size).find((r) => r.id === id);
      if (label !== undefined && region && !atMaxUsages(input, activeControl, label))
        setRegionLabels(store, region, activeControl, [label]);
    }
    return id;
  });
}

/** Whether `value` of `control` already labels as many regions as its `maxUsages` allows. */
export function atMaxUsages(
  input: { store: DocumentStore; objectName: string; size: Size },
  control: ControlNode,
  value: string,
): boolean {
  const option = control.options.find((o) => (o.alias ?? o.value) === value);
  if (option?.maxUsages === undefined) return false;
  const used = regionsOf(input.store.records(), input.objectName, input.size).filter(
    (r) => r.labelControl === control.name && r.labels.includes(value),
  ).length;
  return used >= option.maxUsages;
}
