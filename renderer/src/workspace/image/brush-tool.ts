/**
 * The brush as the image view uses it: which mask a stroke paints (the selected brush region, else
 * a new one; the eraser only the selected one), in which colour, the size keys and the eraser key,
 * and the canvases the masks are drawn from. The controller asks it; the strokes do the painting.
 */
import { BrushStroke } from './brush-stroke.ts';
import type { ViewState } from './image-controller.ts';
import { MAX_BRUSH, MIN_BRUSH, optionValue } from './image-controls.ts';
import type { Point, Size } from './model/camera.ts';
import type { ImageRegion } from './model/regions.ts';
import { BrushCanvases } from './render/brush-canvases.ts';

export class BrushTool {
  readonly masks = new BrushCanvases();

  /** The colour a region's mask is drawn in: its label's. */
  colorOf(s: ViewState, r: ImageRegion): string {
    return s.styles.color(r.labelControl, r.labels[0]);
  }

  /** The regions went by: the canvases of brush regions that are gone are dropped. */
  follow(regions: readonly ImageRegion[]): void {
    this.masks.keepOnly(new Set(regions.filter((r) => r.shape.kind === 'brush').map((r) => r.id)));
  }

  /** `[` and `]`: a smaller or larger brush (steps grow with the size). */
  step(s: ViewState, direction: -1 | 1): boolean {
    if (s.tool !== 'brush') return false;
    const step = s.brushSize < 10 ? 1 : s.brushSize < 40 ? 5 : 10;
    s.setBrushSize(Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, s.brushSize + direction * step)));
    return true;
  }

  /** `E`: the brush erases, or paints again. */
  toggleErase(s: ViewState): boolean {
    if (s.tool !== 'brush' || s.ws.readOnly) return false;
    s.setErase(!s.erase);
    return true;
  }

  /** A stroke from `at`, or null when there is nothing it may paint. */
  begin(s: ViewState, at: Point, size: Size, editable: (r: ImageRegion) => boolean): BrushStroke | null {
    if (s.ws.readOnly) return null;
    const selected = s.selected;
    const onto =
      selected?.shape.kind === 'brush' && !selected.shape.unreadable && editable(selected) ? selected : null;
    // The eraser takes pixels off the selected mask; with none selected there is nothing to erase.
    if (s.erase && !onto) return null;
    const active = s.active ? s.labelControls.find((c) => c.name === s.active!.control) : undefined;
    const color = onto
      ? this.colorOf(s, onto)
      : s.styles.color(
          active?.name ?? '',
          active && s.active ? optionValue(active, s.active.entry) : undefined,
        );
    const canvas = onto?.shape.kind === 'brush' ? this.masks.current(onto.id, onto.shape.mask, color) : null;
    return new BrushStroke({
      region: onto,
      size,
      erase: s.erase,
      radius: s.brushSize / 2,
      color,
      canvas,
      at,
    });
  }

  end(stroke: BrushStroke, kept: boolean): void {
    if (kept) this.masks.adopt(stroke.mask, stroke.color, stroke.canvas);
    // A cancelled stroke painted the region's own canvas: it is built again from the mask.
    else if (stroke.region) this.masks.forget(stroke.region.id);
  }
}
