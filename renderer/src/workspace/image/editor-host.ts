/**
 * The image editor's contract with the view that hosts it (interaction.ts): the pointer as it
 * reads it, and what it reads and calls to draw, select and write regions and brush strokes.
 */
import type { BrushStroke } from './brush-stroke.ts';
import type { Camera, Point, Size } from './model/camera.ts';
import type { Shape } from './model/geometry.ts';
import type { ImageRegion, ShapeKind } from './model/regions.ts';

export interface Pointer {
  /** CSS pixels within the canvas. */
  x: number;
  y: number;
  shift: boolean;
  alt: boolean;
  /** Middle button, or Space held: the hand. */
  pan: boolean;
}

/** What the editor reads and calls; the view wires it to the store, history, selection and canvases. */
export interface EditorHost {
  camera(): Camera;
  setCamera(camera: Camera): void;
  imageSize(): Size;
  /** The drawing tool in use and the options it draws with; null: select and pan only. */
  tool(): { kind: ShapeKind; canRotate: boolean; snap: boolean } | null;
  /** May the region be edited (not read-only, not locked, the view not read-only). */
  editable(region: ImageRegion): boolean;
  canRotate(region: ImageRegion): boolean;
  hit(p: Point, tolerance: number): ImageRegion | null;
  selected(): ImageRegion | null;
  select(id: string | null): void;
  readOnly(): boolean;
  beginGesture(): void;
  endGesture(): void;
  create(shape: Shape): void;
  update(region: ImageRegion, shape: Shape): void;
  /** The interactive layer needs a redraw; `staticToo`: so does the static one (a drag began or ended). */
  invalidate(staticToo: boolean): void;
  /** A brush stroke starts at `at` (natural px); null when it may not (erasing with nothing selected). */
  beginStroke(at: Point): BrushStroke | null;
  /** The stroke is over: written (`kept`) or cancelled. */
  endStroke(stroke: BrushStroke, kept: boolean): void;
}
