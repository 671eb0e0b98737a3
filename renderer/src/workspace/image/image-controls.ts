/** Which controls draw on an Image, and what each makes. Pure. */
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import type { ShapeKind } from './model/regions.ts';

export const SHAPE_OF_TAG: Readonly<Record<string, ShapeKind>> = {
  RectangleLabels: 'rect',
  Rectangle: 'rect',
  PolygonLabels: 'polygon',
  Polygon: 'polygon',
  KeyPointLabels: 'point',
  KeyPoint: 'point',
  EllipseLabels: 'ellipse',
  Ellipse: 'ellipse',
  BrushLabels: 'brush',
  Brush: 'brush',
};

/** The brush's diameter range, natural pixels. */
export const MIN_BRUSH = 1;
export const MAX_BRUSH = 200;

/** The editable region controls of object `objectName`, in config order. */
export function imageControlsOf(controls: Iterable<ControlNode>, objectName: string): ControlNode[] {
  return [...controls].filter(
    (c) => c.editable && SHAPE_OF_TAG[c.tag] !== undefined && c.toName.includes(objectName),
  );
}

/** Label Studio's `canRotate` (true unless "false"). */
export function canRotate(control: ControlNode | undefined): boolean {
  return control !== undefined && control.attrs['canrotate'] !== 'false';
}

/** `snap="pixel"`: points land on whole natural pixels. */
export function snapsToPixels(control: ControlNode | undefined): boolean {
  return control?.attrs['snap'] === 'pixel';
}

/** A keypoint's size as Label Studio writes it in `value.width`: the control's strokeWidth. */
export function keypointWidth(control: ControlNode): number {
  const n = Number(control.attrs['strokewidth'] ?? 1);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** The value written for an option (its alias when it has one). */
export function optionValue(control: ControlNode, entry: number): string | undefined {
  const option = control.options[entry];
  return option ? (option.alias ?? option.value) : undefined;
}
