/**
 * The machinery behind one image view, outside React: camera, spatial index, editor, and the draw
 * loop. React hands it the latest render's values (`update`) and the canvases (`attach`); pointer,
 * wheel and key handlers call it. Redraws go through one requestAnimationFrame: the static layer
 * only when the document, the camera or what is hidden changed; the interactive layer every time.
 */
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import type { WorkspaceContextValue } from '../workspace-context.ts';
import { deleteRegions, setRegionLabels, setRegionShape } from './commands.ts';
import { atMaxUsages, createRegion } from './create-region.ts';
import type { ActiveLabel } from './ImageToolbar.tsx';
import { canRotate, optionValue, SHAPE_OF_TAG } from './image-controls.ts';
import { BrushTool } from './brush-tool.ts';
import { ImageEditor, type EditorHost } from './interaction.ts';
import { KeyboardDrawing } from './keyboard-drawing.ts';
import {
  fitBounds,
  fitCamera,
  visibleBounds,
  zoomAt,
  type ImageRotation,
  type Size,
} from './model/camera.ts';
import { shapeBounds } from './model/geometry.ts';
import { CameraStore } from './model/camera-store.ts';
import type { ImageRegion, ShapeKind } from './model/regions.ts';
import { SpatialIndex } from './model/spatial-index.ts';
import { ImagePyramid } from './render/image-pyramid.ts';
import { drawInteractive } from './render/scene.ts';
import type { StaticScene } from './render/scene.ts';
import { deviceRect, StaticLayer } from './render/static-layer.ts';
import type { StyleTable } from './render/styles.ts';

/** What the view passes on each render. */
export interface ViewState {
  ws: WorkspaceContextValue;
  regions: readonly ImageRegion[];
  selected: ImageRegion | null;
  tool: ShapeKind | null;
  active: ActiveLabel | null;
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
  /** The image's region controls and, of them, the labels controls. */
  controls: readonly ControlNode[];
  labelControls: readonly ControlNode[];
  styles: StyleTable;
  /** Brightness and contrast in percent (100: as the file is). */
  brightness: number;
  contrast: number;
  /** The brush's diameter in natural pixels, and whether it erases. */
  brushSize: number;
  erase: boolean;
  setActive: (active: ActiveLabel | null) => void;
  setTool: (tool: ShapeKind | null) => void;
  setBrushSize: (size: number) => void;
  setErase: (erase: boolean) => void;
}

/** How long the camera rests before the static layer is drawn in full again. */
const SETTLE_MS = 120;
/** How long a frame may spend on that drawing (the rest of the frame is the browser's). */
const FRAME_BUDGET_MS = 6;

export class ImageController {
  readonly camera = new CameraStore({ zoom: 1, panX: 0, panY: 0, rotation: 0 });
  readonly index = new SpatialIndex();
  readonly brush = new BrushTool();
  readonly editor: ImageEditor;
  readonly keyboard: KeyboardDrawing;
  /** Space held: the pointer pans. */
  space = false;
  #state: ViewState | null = null;
  #view: Size = { width: 0, height: 0 };
  #canvases: { base: StaticLayer; baseCanvas: HTMLCanvasElement; live: HTMLCanvasElement } | null = null;
  #pending = 0;
  #staticDirty = true;
  /** A turn changed the box's shape: the next size fits the image again. */
  #refit = false;
  /** The camera moved since the last full drawing: re-project it now, draw in full once it rests. */
  #moved = false;
  #settle: ReturnType<typeof setTimeout> | undefined;
  /** The camera rests: the static layer is drawn in full again, spread over frames. */
  #rested = false;
  readonly #pyramid: ImagePyramid;
  readonly #size: Size;
  readonly #objectName: string;

  readonly #itemIndex: number | undefined;

  constructor(image: CanvasImageSource, size: Size, objectName: string, itemIndex?: number) {
    this.#itemIndex = itemIndex;
    this.#size = size;
    this.#objectName = objectName;
    this.#pyramid = new ImagePyramid(image, size, () => this.schedule(true));
    this.editor = new ImageEditor(this.#host);
    this.keyboard = new KeyboardDrawing(this.editor, this.#host, () => this.#view);
  }

  get size(): Size {
    return this.#size;
  }

  get objectName(): string {
    return this.#objectName;
  }

  /** The latest render's values; the index follows the regions (hit tests read it). */
  update(state: ViewState): void {
    const before = this.#state;
    this.#state = state;
    const changed = this.index.sync(state.regions);
    if (changed) this.brush.follow(state.regions);
    const look = before?.brightness !== state.brightness || before?.contrast !== state.contrast;
    if (changed || look || before?.hidden !== state.hidden) this.schedule(true);
    else this.schedule(false);
  }

  attach(base: HTMLCanvasElement, live: HTMLCanvasElement): void {
    this.#canvases = { base: new StaticLayer(base), baseCanvas: base, live };
  }

  #cameraMoved(): void {
    this.#moved = true;
    this.schedule(false);
    clearTimeout(this.#settle);
    this.#rested = false;
    this.#canvases?.base.cancel();
    this.#settle = setTimeout(() => {
      this.#rested = true;
      this.schedule(false);
    }, SETTLE_MS);
  }

  /** The view box is `width` × `height` CSS pixels; the first size fits the image. */
  resize(width: number, height: number): void {
    if (width === 0 || height === 0 || !this.#canvases) return;
    const first = this.#view.width === 0;
    this.#view = { width, height };
    const dpr = window.devicePixelRatio || 1;
    this.#canvases.base.invalidate();
    for (const canvas of [this.#canvases.baseCanvas, this.#canvases.live]) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    if (first || this.#refit)
      this.camera.set(fitCamera(this.#view, this.#size, this.camera.getSnapshot().rotation));
    this.#refit = false;
    this.schedule(true);
  }

  /**
   * rotateControl: the view turns a quarter clockwise (1) or anticlockwise (−1) and fits again (the
   * box takes the turned shape: fitted once more at its new size). Regions keep the original image's
   * frame; what is written from now on says `image_rotation`.
   */
  rotate(direction: 1 | -1): void {
    const camera = this.camera.getSnapshot();
    const rotation = ((((camera.rotation + direction * 90) % 360) + 360) % 360) as ImageRotation;
    this.#refit = true;
    this.camera.set(fitCamera(this.#view, this.#size, rotation));
  }

  zoom(how: 'in' | 'out' | 'fit' | 'selection'): void {
    const v = this.#view;
    const camera = this.camera.getSnapshot();
    if (how === 'selection') {
      const selected = this.#state?.selected;
      if (selected) this.camera.set(fitBounds(v, shapeBounds(selected.shape), camera.rotation));
      return;
    }
    if (how === 'fit') return this.camera.set(fitCamera(v, this.#size, camera.rotation));
    this.camera.set(zoomAt(camera, how === 'in' ? 1.25 : 0.8, { x: v.width / 2, y: v.height / 2 }));
  }

  wheel(deltaY: number, lines: boolean, x: number, y: number): void {
    const factor = Math.exp(-deltaY * (lines ? 0.05 : 0.0015));
    this.camera.set(zoomAt(this.camera.getSnapshot(), factor, { x, y }));
  }

  schedule(staticToo: boolean): void {
    if (staticToo) this.#staticDirty = true;
    if (!this.#pending) this.#pending = requestAnimationFrame(() => this.#draw());
  }

  /**
   * Starts following the camera; the returned function stops it (unmount). An effect calls it, so a
   * remount (React's StrictMode runs effects twice) starts it again.
   */
  activate(): () => void {
    const unsubscribe = this.camera.subscribe(() => this.#cameraMoved());
    return () => {
      unsubscribe();
      clearTimeout(this.#settle);
      if (this.#pending) cancelAnimationFrame(this.#pending);
      this.#pending = 0;
    };
  }

  /** A label's button or key: relabels the selected region of that shape, else picks the label to draw with. */
  pressLabel(name: string, entry: number): void {
    const s = this.#state;
    if (!s || s.ws.readOnly) return;
    const control = s.labelControls.find((c) => c.name === name);
    const value = control ? optionValue(control, entry) : undefined;
    if (!control || value === undefined) return;
    const kind = SHAPE_OF_TAG[control.tag];
    const selected = s.selected;
    if (selected && this.#host.editable(selected) && selected.shape.kind === kind) {
      if (selected.labels[0] === value) return;
      if (atMaxUsages({ store: s.ws.store, objectName: this.#objectName, size: this.#size }, control, value))
        return;
      setRegionLabels(s.ws.store, selected, control, [value]);
      s.setActive({ control: name, entry });
      return;
    }
    const same = s.active?.control === name && s.active.entry === entry;
    s.setActive(same ? null : { control: name, entry });
    if (!same && kind) s.setTool(kind);
  }

  /** `[` and `]`: a smaller or larger brush. */
  stepBrush(direction: -1 | 1): boolean {
    return !!this.#state && this.brush.step(this.#state, direction);
  }

  /** `E`: the brush erases, or paints again. */
  toggleErase(): boolean {
    return !!this.#state && this.brush.toggleErase(this.#state);
  }

  /** Deletes the selected region (Delete/Backspace); false when there is nothing it may delete. */
  deleteSelected(): boolean {
    const s = this.#state;
    if (!s?.selected || !this.#host.editable(s.selected)) return false;
    deleteRegions(s.ws.store, [s.selected]);
    s.ws.selectRegion(null);
    return true;
  }

  get state(): ViewState | null {
    return this.#state;
  }

  readonly #host: EditorHost = {
    camera: () => this.camera.getSnapshot(),
    setCamera: (c) => this.camera.set(c),
    imageSize: () => this.#size,
    tool: () => {
      const s = this.#state;
      if (!s || s.tool === null) return null;
      const control = s.controls.find((c) => SHAPE_OF_TAG[c.tag] === s.tool);
      return { kind: s.tool, canRotate: canRotate(control), snap: control?.attrs['snap'] === 'pixel' };
    },
    editable: (r) => {
      const s = this.#state;
      return !!s && !s.ws.readOnly && !r.readOnly && !s.locked.has(r.id);
    },
    canRotate: (r) =>
      (r.shape.kind === 'rect' || r.shape.kind === 'ellipse') &&
      canRotate(this.#state?.ws.controls.get(r.record.fromName)),
    hit: (p, tolerance) => this.index.hit(p, tolerance, (r) => !this.#state?.hidden.has(r.id)),
    selected: () => this.#state?.selected ?? null,
    select: (id) => {
      // A read-only view (a prediction, someone else's annotation) selects nothing of mine.
      if (this.#state && !this.#state.ws.readOnly) this.#state.ws.selectRegion(id);
    },
    readOnly: () => this.#state?.ws.readOnly ?? true,
    beginGesture: () => this.#state?.ws.history.beginGesture(),
    endGesture: () => this.#state?.ws.history.endGesture(),
    create: (shape) => {
      const s = this.#state;
      if (!s) return;
      const id = createRegion({
        store: s.ws.store,
        objectName: this.#objectName,
        size: this.#size,
        shape,
        controls: s.controls,
        active: s.active,
        rotation: this.camera.getSnapshot().rotation,
        ...(this.#itemIndex !== undefined ? { itemIndex: this.#itemIndex } : {}),
      });
      if (id) s.ws.selectRegion(id);
    },
    update: (region, shape) => {
      const s = this.#state;
      if (s) setRegionShape(s.ws.store, region, shape, this.#size, this.camera.getSnapshot().rotation);
    },
    invalidate: (staticToo) => this.schedule(staticToo),
    beginStroke: (at) =>
      this.#state ? this.brush.begin(this.#state, at, this.#size, (r) => this.#host.editable(r)) : null,
    endStroke: (stroke, kept) => this.brush.end(stroke, kept),
  };

  #draw(): void {
    this.#pending = 0;
    const s = this.#state;
    const canvases = this.#canvases;
    if (!s || !canvases) return;
    const dpr = window.devicePixelRatio || 1;
    const camera = this.camera.getSnapshot();
    const styleOf = (r: ImageRegion) => s.styles.of(r.labelControl, r.labels[0]);
    const moved = this.#moved;
    this.#moved = false;
    const activeControl = s.active ? s.labelControls.find((c) => c.name === s.active!.control) : undefined;
    const activeStyle = s.styles.of(
      activeControl?.name ?? '',
      activeControl && s.active ? optionValue(activeControl, s.active.entry) : undefined,
    );
    const stroke = this.editor.stroke;
    const full = this.#staticDirty || (moved && !canvases.base.reproject(camera, dpr));
    const dirty = stroke?.takeDirty() ?? null;
    const spread = !full && !dirty && this.#rested;
    if (full || dirty || spread) {
      this.#staticDirty = false;
      const dragged = this.editor.draggedId;
      const scene: StaticScene = {
        camera,
        view: this.#view,
        dpr,
        image: this.#pyramid.pick(camera.zoom * dpr),
        imageSize: this.#size,
        ...(s.brightness !== 100 || s.contrast !== 100
          ? { imageFilter: `brightness(${s.brightness}%) contrast(${s.contrast}%)` }
          : {}),
        regions: this.index.inView(dirty && !full ? dirty : visibleBounds(camera, this.#view)),
        styleOf,
        skip: (r) => s.hidden.has(r.id) || r.id === dragged,
        labelsOf: (r) => r.labels.join(', '),
        // A stroke's region shows the stroke's canvas (its own, painted in place, or a new one).
        maskOf: (r) =>
          r.shape.kind !== 'brush'
            ? null
            : stroke?.region?.id === r.id
              ? stroke.canvas
              : this.brush.masks.of(r.id, r.shape.mask, r.shape.bounds, this.brush.colorOf(s, r)),
        newMask: stroke && !stroke.region ? { canvas: stroke.canvas, style: activeStyle } : null,
      };
      // The stroke may paint outside its region's old box: the region is drawn wherever it paints.
      if (stroke?.region && !scene.regions.includes(stroke.region))
        scene.regions = [...scene.regions, stroke.region];
      if (full) {
        this.#rested = false;
        canvases.base.render(scene);
      } else if (dirty) {
        // A stroke paints: a spread drawing begun before it would copy its older scene over the paint
        // when done. Dropped; the next rest after the stroke starts one that includes it.
        if (canvases.base.drawing) canvases.base.cancel();
        canvases.base.renderPart({ ...scene, clip: deviceRect(camera, dpr, dirty, canvases.baseCanvas) });
      } else {
        // The camera rests: the full drawing, a frame's budget at a time, shown when whole.
        if (!canvases.base.drawing) canvases.base.start(scene);
        if (canvases.base.step(FRAME_BUDGET_MS)) this.#rested = false;
        else this.schedule(false);
      }
    }
    const live = canvases.live.getContext('2d');
    if (!live) return;
    const selected = s.selected && !s.hidden.has(s.selected.id) ? s.selected : null;
    const drawing = this.editor.drawing();
    drawInteractive(live, {
      camera,
      dpr,
      selected: selected
        ? {
            shape: this.editor.shapeOf(selected),
            style: styleOf(selected),
            handles: this.#host.editable(selected),
            canRotate: this.#host.canRotate(selected),
          }
        : null,
      drawing: drawing ? { ...drawing, style: activeStyle } : null,
      crosshair: this.keyboard.at,
      brush:
        this.editor.brushAt && s.tool === 'brush' && !s.ws.readOnly
          ? { at: this.editor.brushAt, radius: s.brushSize / 2, erase: s.erase, color: activeStyle.color }
          : null,
    });
  }
}
