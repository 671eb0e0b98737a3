/**
 * Drawing on two canvases, as Excalidraw does. The static layer (the image and every region in view)
 * is redrawn only when the document or the camera changes, batched by style: one path, one fill and
 * one stroke per colour, whatever the number of regions. The interactive layer holds what moves with
 * the pointer (the selected or dragged region, its handles, a shape being drawn) and is cheap to
 * redraw every frame. Polygon paths are cached per record object: a record's version is its identity.
 */
import { cameraMatrix, toScreen, type Camera, type Point, type Size } from '../model/camera.ts';
import {
  rectCorners,
  rectHandles,
  rotateHandle,
  ellipseAsRect,
  type RectShape,
  type Shape,
} from '../model/geometry.ts';
import type { ImageRegion } from '../model/regions.ts';
import { drawLabels } from './labels.ts';
import type { RegionStyle } from './styles.ts';

/** Screen radius under which a keypoint is never drawn, so a 1-px point stays visible when zoomed out. */
const MIN_POINT_RADIUS = 4;
export const HANDLE_SIZE = 8;
/** How opaque a brush mask is drawn (times the control's opacity): the image shows through. */
export const MASK_ALPHA = 0.55;
export const ROTATE_OFFSET = 24;

const pathCache = new WeakMap<object, Path2D>();

function polygonPath(points: readonly Point[], closed: boolean): Path2D {
  const path = new Path2D();
  points.forEach((p, i) => (i === 0 ? path.moveTo(p.x, p.y) : path.lineTo(p.x, p.y)));
  if (closed && points.length > 2) path.closePath();
  return path;
}

/** Adds `shape` (natural pixels) to `path`; `cacheKey` is the record the shape came from. */
export function addShape(path: Path2D, shape: Shape, zoom: number, cacheKey?: object): void {
  switch (shape.kind) {
    case 'rect':
      if (shape.rotation === 0) path.rect(shape.x, shape.y, shape.width, shape.height);
      else {
        const c = rectCorners(shape);
        path.moveTo(c[0]!.x, c[0]!.y);
        for (let i = 1; i < 4; i++) path.lineTo(c[i]!.x, c[i]!.y);
        path.closePath();
      }
      return;
    case 'ellipse':
      path.moveTo(
        shape.x + Math.abs(shape.radiusX) * Math.cos((shape.rotation * Math.PI) / 180),
        shape.y + Math.abs(shape.radiusX) * Math.sin((shape.rotation * Math.PI) / 180),
      );
      path.ellipse(
        shape.x,
        shape.y,
        Math.abs(shape.radiusX),
        Math.abs(shape.radiusY),
        (shape.rotation * Math.PI) / 180,
        0,
        2 * Math.PI,
      );
      return;
    case 'polygon': {
      let cached = cacheKey ? pathCache.get(cacheKey) : undefined;
      if (!cached) {
        cached = polygonPath(shape.points, shape.closed);
        if (cacheKey) pathCache.set(cacheKey, cached);
      }
      path.addPath(cached);
      return;
    }
    case 'point': {
      const r = Math.max(shape.radius, MIN_POINT_RADIUS / zoom);
      path.moveTo(shape.x + r, shape.y);
      path.arc(shape.x, shape.y, r, 0, 2 * Math.PI);
      return;
    }
  }
}

/**
 * Adds `shape` to `path` in screen pixels (the static layer strokes at the identity transform, where
 * the rasteriser's thin-line path is fastest); polygons reuse their cached natural-pixel path.
 */
export function addShapeOnScreen(
  path: Path2D,
  shape: Shape,
  camera: Camera,
  matrix: DOMMatrix,
  cacheKey: object,
): void {
  const z = camera.zoom;
  switch (shape.kind) {
    case 'rect': {
      if (shape.rotation === 0 && camera.rotation === 0) {
        path.rect(shape.x * z + camera.panX, shape.y * z + camera.panY, shape.width * z, shape.height * z);
        return;
      }
      const c = rectCorners(shape).map((p) => toScreen(camera, p));
      path.moveTo(c[0]!.x, c[0]!.y);
      for (let i = 1; i < 4; i++) path.lineTo(c[i]!.x, c[i]!.y);
      path.closePath();
      return;
    }
    case 'ellipse': {
      const c = toScreen(camera, shape);
      const rot = ((shape.rotation + camera.rotation) * Math.PI) / 180;
      const rx = Math.abs(shape.radiusX) * z;
      path.moveTo(c.x + rx * Math.cos(rot), c.y + rx * Math.sin(rot));
      path.ellipse(c.x, c.y, rx, Math.abs(shape.radiusY) * z, rot, 0, 2 * Math.PI);
      return;
    }
    case 'polygon': {
      let cached = pathCache.get(cacheKey);
      if (!cached) pathCache.set(cacheKey, (cached = polygonPath(shape.points, shape.closed)));
      path.addPath(cached, matrix);
      return;
    }
    case 'point': {
      const c = toScreen(camera, shape);
      const r = Math.max(shape.radius * z, MIN_POINT_RADIUS);
      path.moveTo(c.x + r, c.y);
      path.arc(c.x, c.y, r, 0, 2 * Math.PI);
      return;
    }
  }
}

export interface StaticScene {
  camera: Camera;
  /** CSS pixels of the view. */
  view: Size;
  dpr: number;
  image: CanvasImageSource | null;
  imageSize: Size;
  /** The image's brightness and contrast (Image brightnessControl/contrastControl), a canvas filter. */
  imageFilter?: string;
  /** In view, in document order (culled by the caller through the spatial index). */
  regions: readonly ImageRegion[];
  styleOf: (region: ImageRegion) => RegionStyle;
  /** Regions not drawn here: hidden ones, and the one being dragged (the interactive layer has it). */
  skip: (region: ImageRegion) => boolean;
  /** Draw label names on regions when there is room (few regions in view, wide enough on screen). */
  labelsOf?: (region: ImageRegion) => string;
  /** A brush region's mask as a natural-size canvas (render/brush-canvases.ts); null: nothing painted. */
  maskOf?: (region: ImageRegion) => CanvasImageSource | null;
  /** A stroke that will make a new brush region: its canvas so far, drawn over the other masks. */
  newMask?: { canvas: CanvasImageSource; style: RegionStyle } | null;
  /** Only this device-pixel rectangle is drawn again (a brush stroke's dirty box); the rest is kept. */
  clip?: { x: number; y: number; width: number; height: number };
}

function setCamera(ctx: CanvasRenderingContext2D, camera: Camera, dpr: number): void {
  const [a, b, c, d, e, f] = cameraMatrix(camera);
  ctx.setTransform(a * dpr, b * dpr, c * dpr, d * dpr, e * dpr, f * dpr);
}

export function drawStatic(ctx: CanvasRenderingContext2D, scene: StaticScene): void {
  drawBase(ctx, scene);
  drawRegions(ctx, scene, 0, scene.regions.length);
  finishStatic(ctx, scene);
}

/** The first part of a static drawing: cleared (or its clip), the image, the brush masks. */
export function drawBase(ctx: CanvasRenderingContext2D, scene: StaticScene): void {
  const { camera, dpr, clip } = scene;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (clip) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(clip.x, clip.y, clip.width, clip.height);
    ctx.clip();
    ctx.clearRect(clip.x, clip.y, clip.width, clip.height);
  } else ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  setCamera(ctx, camera, dpr);
  if (scene.image) {
    // Crisp pixels when zoomed in: each image pixel a sharp square, as annotators need at the edges.
    ctx.imageSmoothingEnabled = camera.zoom < 2;
    ctx.filter = scene.imageFilter ?? 'none';
    ctx.drawImage(scene.image, 0, 0, scene.imageSize.width, scene.imageSize.height);
    ctx.filter = 'none';
  }
  // Brush masks over the image, under the outlines: nearest pixels (square when zoomed in, and the
  // cheapest scaling of a natural-size canvas when zoomed out).
  ctx.imageSmoothingEnabled = false;
  if (scene.maskOf)
    for (const region of scene.regions) {
      if (region.shape.kind !== 'brush' || scene.skip(region)) continue;
      const mask = scene.maskOf(region);
      if (!mask) continue;
      ctx.globalAlpha = scene.styleOf(region).opacity * MASK_ALPHA;
      ctx.drawImage(mask, 0, 0);
    }
  if (scene.newMask) {
    ctx.globalAlpha = scene.newMask.style.opacity * MASK_ALPHA;
    ctx.drawImage(scene.newMask.canvas, 0, 0);
  }
  ctx.globalAlpha = 1;
}

/** Regions `from`..`to` of the scene in screen pixels: one path per style, filled and stroked once. */
export function drawRegions(
  ctx: CanvasRenderingContext2D,
  scene: StaticScene,
  from: number,
  to: number,
): void {
  const { camera, dpr } = scene;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const matrix = new DOMMatrix([...cameraMatrix(camera)]);
  const batches = new Map<string, { style: RegionStyle; path: Path2D; open: Path2D | null }>();
  for (let i = from; i < to; i++) {
    const region = scene.regions[i]!;
    if (region.shape.kind === 'brush' || scene.skip(region)) continue;
    const style = scene.styleOf(region);
    let batch = batches.get(style.key);
    if (!batch) batches.set(style.key, (batch = { style, path: new Path2D(), open: null }));
    if (region.shape.kind === 'polygon' && !region.shape.closed) {
      batch.open ??= new Path2D();
      addShapeOnScreen(batch.open, region.shape, camera, matrix, region.record);
    } else addShapeOnScreen(batch.path, region.shape, camera, matrix, region.record);
  }
  for (const { style, path, open } of batches.values()) {
    ctx.globalAlpha = style.opacity * style.fillOpacity;
    ctx.fillStyle = style.color;
    ctx.fill(path);
    ctx.globalAlpha = style.opacity;
    ctx.strokeStyle = style.color;
    ctx.lineWidth = style.strokeWidth;
    ctx.stroke(path);
    if (open) ctx.stroke(open);
  }
  ctx.globalAlpha = 1;
}

/** The last part: labels on regions when there is room, and the clip (if any) undone. */
export function finishStatic(ctx: CanvasRenderingContext2D, scene: StaticScene): void {
  if (scene.labelsOf && scene.regions.length <= 300) drawLabels(ctx, scene);
  if (scene.clip) ctx.restore();
}

export interface InteractiveScene {
  camera: Camera;
  dpr: number;
  /** The selected region's shape as it is now (mid-drag: where the pointer put it). */
  selected: { shape: Shape; style: RegionStyle; handles: boolean; canRotate: boolean } | null;
  /** A shape being drawn (a rectangle being dragged open, a polygon's points so far). */
  drawing: { shape: Shape; style: RegionStyle; cursor?: Point } | null;
  /** The brush under the pointer: where it paints and how wide (natural px). */
  brush?: { at: Point; radius: number; erase: boolean; color: string } | null;
  /** The keyboard's crosshair (natural px), drawn across the view. */
  crosshair?: Point | null;
}

export function drawInteractive(ctx: CanvasRenderingContext2D, scene: InteractiveScene): void {
  const { camera, dpr } = scene;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  for (const item of [scene.selected, scene.drawing]) {
    if (!item) continue;
    if (item.shape.kind === 'brush') {
      // A mask has no outline: its painted box, dashed, says which region is selected.
      const b = item.shape.bounds;
      if (b.maxX <= b.minX) continue;
      setCamera(ctx, camera, dpr);
      ctx.setLineDash([6 / camera.zoom, 4 / camera.zoom]);
      ctx.strokeStyle = item.style.color;
      ctx.lineWidth = 1.5 / camera.zoom;
      ctx.strokeRect(b.minX, b.minY, b.maxX - b.minX, b.maxY - b.minY);
      ctx.setLineDash([]);
      continue;
    }
    setCamera(ctx, camera, dpr);
    const path = new Path2D();
    addShape(path, item.shape, camera.zoom);
    ctx.globalAlpha = item.style.opacity * Math.max(item.style.fillOpacity, 0.3);
    ctx.fillStyle = item.style.color;
    if (item.shape.kind !== 'polygon' || item.shape.closed) ctx.fill(path);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = item.style.color;
    ctx.lineWidth = (item.style.strokeWidth + 1) / camera.zoom;
    ctx.stroke(path);
  }
  const drawing = scene.drawing;
  if (drawing?.cursor && drawing.shape.kind === 'polygon') {
    const last = drawing.shape.points.at(-1);
    if (last) {
      ctx.setLineDash([4 / camera.zoom, 4 / camera.zoom]);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(drawing.cursor.x, drawing.cursor.y);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    drawHandles(ctx, camera, dpr, drawing.shape.points, drawing.style.color, true);
  }
  if (scene.brush) {
    setCamera(ctx, camera, dpr);
    ctx.beginPath();
    ctx.arc(scene.brush.at.x, scene.brush.at.y, scene.brush.radius, 0, 2 * Math.PI);
    ctx.lineWidth = 1.5 / camera.zoom;
    ctx.setLineDash(scene.brush.erase ? [3 / camera.zoom, 3 / camera.zoom] : []);
    ctx.strokeStyle = scene.brush.color;
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (scene.crosshair) {
    const c = toScreen(camera, scene.crosshair);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.lineWidth = 1;
    for (const [color, offset] of [
      ['#fff', 1],
      ['#000', 0],
    ] as const) {
      ctx.strokeStyle = color;
      ctx.beginPath();
      ctx.moveTo(c.x + offset, 0);
      ctx.lineTo(c.x + offset, ctx.canvas.height / dpr);
      ctx.moveTo(0, c.y + offset);
      ctx.lineTo(ctx.canvas.width / dpr, c.y + offset);
      ctx.stroke();
    }
    ctx.beginPath();
    ctx.arc(c.x, c.y, 6, 0, 2 * Math.PI);
    ctx.stroke();
  }
  const selected = scene.selected;
  if (selected?.handles)
    drawHandles(
      ctx,
      camera,
      dpr,
      handlePoints(selected.shape, selected.canRotate, camera.zoom),
      selected.style.color,
      selected.shape.kind === 'polygon',
    );
}

/** Where a selected shape's handles are (natural px): resize handles, then the rotate handle if any. */
export function handlePoints(shape: Shape, canRotate: boolean, zoom: number): Point[] {
  const rect: RectShape | null =
    shape.kind === 'rect' ? shape : shape.kind === 'ellipse' ? ellipseAsRect(shape) : null;
  if (rect) {
    const handles = rectHandles(rect);
    if (canRotate) handles.push(rotateHandle(rect, ROTATE_OFFSET / zoom));
    return handles;
  }
  if (shape.kind === 'polygon') return shape.points;
  return [];
}

function drawHandles(
  ctx: CanvasRenderingContext2D,
  camera: Camera,
  dpr: number,
  points: readonly Point[],
  color: string,
  round: boolean,
): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = color;
  ctx.fillStyle = '#fff';
  const h = HANDLE_SIZE / 2;
  for (const p of points) {
    const s = toScreen(camera, p);
    ctx.beginPath();
    if (round) ctx.arc(s.x, s.y, h, 0, 2 * Math.PI);
    else ctx.rect(s.x - h, s.y - h, HANDLE_SIZE, HANDLE_SIZE);
    ctx.fill();
    ctx.stroke();
  }
}
