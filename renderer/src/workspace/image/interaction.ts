/**
 * What the pointer and keys do on the image, as one small state machine outside React: pan, draw a
 * rectangle/ellipse/keypoint/polygon, move, resize, rotate, drag/insert/delete a polygon's vertex,
 * nudge. A gesture previews in the interactive layer only and writes the document once, at its end,
 * inside History.beginGesture/endGesture: one drag is one undo step, and the static layer (thousands
 * of regions) is not redrawn while the pointer moves.
 */
import type { EditorHost, Pointer } from './editor-host.ts';
import { panBy, toNatural, toScreen, type Camera, type Point } from './model/camera.ts';
import {
  clampToImage,
  ellipseAsRect,
  ellipseFromCorners,
  moveShape,
  nearestEdge,
  rectAsEllipse,
  rectFromCorners,
  resizeRect,
  rotateRectToward,
  type PolygonShape,
  type Shape,
} from './model/geometry.ts';
import type { BrushStroke } from './brush-stroke.ts';
import type { ImageRegion } from './model/regions.ts';
import { HANDLE_SIZE, handlePoints } from './render/scene.ts';

export type { EditorHost, Pointer };

type Gesture =
  | { kind: 'pan'; from: Point; camera: Camera }
  | { kind: 'draw'; shape: 'rect' | 'ellipse'; from: Point; to: Point; snap: boolean }
  | { kind: 'move'; region: ImageRegion; from: Point }
  | { kind: 'resize'; region: ImageRegion; handle: number }
  | { kind: 'rotate'; region: ImageRegion }
  | { kind: 'vertex'; region: ImageRegion; index: number; points: Point[] }
  | { kind: 'paint'; stroke: BrushStroke };

/** Screen pixels within which a click closes a polygon on its first point or grabs a handle. */
const GRAB = HANDLE_SIZE;
/** A drag shorter than this (screen px) is a click. */
const MIN_DRAG = 3;

export class ImageEditor {
  readonly #host: EditorHost;
  #gesture: Gesture | null = null;
  /** The region's shape as the gesture has it now (previewed, not yet written). */
  #preview: Shape | null = null;
  #moved = false;
  /** A polygon being drawn, point by point. */
  #polygon: Point[] | null = null;
  #cursor: Point | null = null;
  /** Where the brush is (natural px) while the brush tool is in use and the pointer over the image. */
  #brushAt: Point | null = null;

  constructor(host: EditorHost) {
    this.#host = host;
  }

  /** The region being dragged (drawn by the interactive layer only), if any. */
  get draggedId(): string | null {
    const g = this.#gesture;
    // A stroke's region stays on the static layer: its frames redraw the dirty box there.
    if (g?.kind === 'paint') return null;
    return g && 'region' in g && this.#moved ? g.region.id : null;
  }

  /** The stroke being painted, if any. */
  get stroke(): BrushStroke | null {
    return this.#gesture?.kind === 'paint' ? this.#gesture.stroke : null;
  }

  /** Where the brush outline is drawn. */
  get brushAt(): Point | null {
    return this.#brushAt;
  }

  /** The pointer left the image: no brush outline. */
  leave(): void {
    if (!this.#brushAt) return;
    this.#brushAt = null;
    this.#host.invalidate(false);
  }

  /** The selected region's shape to draw now: mid-gesture, the preview. */
  shapeOf(region: ImageRegion): Shape {
    const g = this.#gesture;
    return g && 'region' in g && g.region.id === region.id && this.#preview ? this.#preview : region.shape;
  }

  /** The shape being drawn, with the cursor for a polygon's rubber band. */
  drawing(): { shape: Shape; cursor?: Point } | null {
    if (this.#polygon) {
      const shape: PolygonShape = { kind: 'polygon', points: this.#polygon, closed: false };
      return this.#cursor ? { shape, cursor: this.#cursor } : { shape };
    }
    const g = this.#gesture;
    if (g?.kind === 'draw' && this.#preview) return { shape: this.#preview };
    return null;
  }

  get drawingPolygon(): boolean {
    return this.#polygon !== null;
  }

  /** A rectangle or ellipse is being dragged open. */
  get drawingShape(): boolean {
    return this.#gesture?.kind === 'draw';
  }

  #natural(p: Pointer, snap = false): Point {
    const size = this.#host.imageSize();
    const n = clampToImage(toNatural(this.#host.camera(), p), size.width, size.height);
    return snap ? { x: Math.round(n.x), y: Math.round(n.y) } : n;
  }

  /** Which handle of the selected region is under the screen point, if any. */
  #handleAt(region: ImageRegion, p: Pointer): number {
    const camera = this.#host.camera();
    const points = handlePoints(region.shape, this.#host.canRotate(region), camera.zoom);
    return points.findIndex((q) => {
      const s = toScreen(camera, q);
      return Math.abs(s.x - p.x) <= GRAB && Math.abs(s.y - p.y) <= GRAB;
    });
  }

  pointerDown(p: Pointer): void {
    const host = this.#host;
    this.#moved = false;
    if (p.pan) return this.#start({ kind: 'pan', from: p, camera: host.camera() });
    const tool = host.readOnly() ? null : host.tool();
    if (this.#polygon) return this.#addPolygonPoint(p);
    if (tool?.kind === 'brush') {
      // Unclamped: a stroke may start or pass outside the image, it paints what is inside.
      const stroke = host.beginStroke(toNatural(host.camera(), p));
      if (stroke) this.#start({ kind: 'paint', stroke });
      return;
    }
    const n = this.#natural(p);
    const tolerance = GRAB / host.camera().zoom;
    const selected = host.selected();
    if (selected && host.editable(selected)) {
      const handle = this.#handleAt(selected, p);
      if (handle >= 0) return this.#grabHandle(selected, handle, p);
      if (selected.shape.kind === 'polygon') {
        const edge = nearestEdge(selected.shape.points, n, selected.shape.closed);
        if (edge.distance <= tolerance / 2) {
          // On an edge: a new vertex there, dragged at once (one step with its drag).
          const points = [...selected.shape.points];
          points.splice(edge.index + 1, 0, edge.at);
          this.#preview = { ...selected.shape, points };
          this.#moved = true;
          return this.#start({ kind: 'vertex', region: selected, index: edge.index + 1, points }, true);
        }
      }
    }
    const hit = host.hit(n, tolerance);
    if (hit) {
      host.select(hit.id);
      // A mask is painted and erased, not dragged.
      if (host.editable(hit) && hit.shape.kind !== 'brush')
        return this.#start({ kind: 'move', region: hit, from: n }, true);
      return;
    }
    host.select(null);
    if (!tool) return this.#start({ kind: 'pan', from: p, camera: host.camera() });
    switch (tool.kind) {
      case 'point':
        host.beginGesture();
        host.create({ kind: 'point', ...this.#natural(p, tool.snap), radius: 0 });
        host.endGesture();
        return;
      case 'polygon':
        return this.#addPolygonPoint(p);
      default: {
        const from = this.#natural(p, tool.snap);
        return this.#start({ kind: 'draw', shape: tool.kind, from, to: from, snap: tool.snap });
      }
    }
  }

  #grabHandle(region: ImageRegion, handle: number, p: Pointer): void {
    if (region.shape.kind === 'polygon') {
      if (p.alt) {
        // Alt+click on a vertex deletes it (a polygon keeps at least three).
        if (region.shape.points.length <= 3) return;
        const points = region.shape.points.filter((_, i) => i !== handle);
        this.#host.beginGesture();
        this.#host.update(region, { ...region.shape, points });
        this.#host.endGesture();
        return;
      }
      return this.#start({ kind: 'vertex', region, index: handle, points: [...region.shape.points] }, true);
    }
    if (handle === 8) return this.#start({ kind: 'rotate', region }, true);
    this.#start({ kind: 'resize', region, handle }, true);
  }

  #start(gesture: Gesture, edits = false): void {
    this.#gesture = gesture;
    if (edits) this.#host.beginGesture();
    this.#host.invalidate(false);
  }

  #addPolygonPoint(p: Pointer): void {
    const snap = this.#host.tool()?.snap ?? false;
    const n = this.#natural(p, snap);
    const points = this.#polygon ?? [];
    const first = points[0];
    if (first && points.length >= 3) {
      const s = toScreen(this.#host.camera(), first);
      if (Math.abs(s.x - p.x) <= GRAB && Math.abs(s.y - p.y) <= GRAB) return this.closePolygon();
    }
    this.#polygon = [...points, n];
    this.#host.invalidate(false);
  }

  /** Closes the polygon being drawn (its first point clicked, Enter, a double click). */
  closePolygon(): void {
    const points = this.#polygon;
    this.#polygon = null;
    this.#cursor = null;
    if (points && points.length >= 3) {
      this.#host.beginGesture();
      this.#host.create({ kind: 'polygon', points, closed: true });
      this.#host.endGesture();
    }
    this.#host.invalidate(false);
  }

  /** The pointer's cursor over `p` when no gesture runs: what a press there would do. */
  cursorAt(p: Pointer): string {
    const host = this.#host;
    if (this.#gesture)
      return this.#gesture.kind === 'pan' ? 'grabbing' : this.#gesture.kind === 'paint' ? 'none' : 'move';
    if (p.pan) return 'grab';
    if (!host.readOnly() && host.tool()?.kind === 'brush') return 'none';
    if (this.#polygon) return 'crosshair';
    const selected = host.selected();
    if (selected && host.editable(selected)) {
      const handle = this.#handleAt(selected, p);
      if (handle >= 0)
        return selected.shape.kind === 'polygon' ? 'pointer' : handle === 8 ? 'alias' : 'nwse-resize';
    }
    const hit = host.hit(this.#natural(p), GRAB / host.camera().zoom);
    if (hit) return host.editable(hit) ? 'move' : 'pointer';
    return host.readOnly() || !host.tool() ? 'default' : 'crosshair';
  }

  pointerMove(p: Pointer): void {
    const g = this.#gesture;
    if (g?.kind === 'paint' || (!g && !this.#host.readOnly() && this.#host.tool()?.kind === 'brush')) {
      this.#brushAt = p.pan ? null : toNatural(this.#host.camera(), p);
      if (g?.kind === 'paint' && this.#brushAt) {
        g.stroke.to(this.#brushAt);
        this.#moved = true;
      }
      return this.#host.invalidate(false);
    }
    if (this.#polygon && !g) {
      this.#cursor = this.#natural(p);
      return this.#host.invalidate(false);
    }
    if (!g) return;
    const wasMoved = this.#moved;
    if (g.kind === 'pan') {
      this.#host.setCamera(panBy(g.camera, p.x - g.from.x, p.y - g.from.y));
      return;
    }
    const n = this.#natural(p, g.kind === 'draw' && g.snap);
    const shape = 'region' in g ? g.region.shape : null;
    switch (g.kind) {
      case 'draw': {
        g.to = n;
        const from = toScreen(this.#host.camera(), g.from);
        if (Math.abs(from.x - p.x) < MIN_DRAG && Math.abs(from.y - p.y) < MIN_DRAG) return;
        this.#preview = g.shape === 'rect' ? rectFromCorners(g.from, n) : ellipseFromCorners(g.from, n);
        break;
      }
      case 'move':
        this.#preview = moveShape(shape!, n.x - g.from.x, n.y - g.from.y);
        break;
      case 'resize':
        if (shape!.kind === 'rect') this.#preview = resizeRect(shape!, g.handle, n);
        else if (shape!.kind === 'ellipse')
          this.#preview = rectAsEllipse(resizeRect(ellipseAsRect(shape!), g.handle, n));
        break;
      case 'rotate': {
        const step = p.shift ? 15 : 0;
        if (shape!.kind === 'rect') this.#preview = rotateRectToward(shape!, n, step);
        else if (shape!.kind === 'ellipse')
          this.#preview = rectAsEllipse(rotateRectToward(ellipseAsRect(shape!), n, step));
        break;
      }
      case 'vertex': {
        g.points[g.index] = n;
        this.#preview = {
          kind: 'polygon',
          points: [...g.points],
          closed: shape!.kind === 'polygon' ? shape!.closed : true,
        };
        break;
      }
    }
    this.#moved = true;
    // The first real move takes the region off the static layer: one redraw there, then only here.
    this.#host.invalidate(!wasMoved && 'region' in g);
  }

  pointerUp(): void {
    const g = this.#gesture;
    if (!g) return;
    const preview = this.#preview;
    const moved = this.#moved;
    this.#gesture = null;
    this.#preview = null;
    this.#moved = false;
    if (g.kind === 'paint') {
      const kept = g.stroke.changed;
      if (kept) {
        this.#host.beginGesture();
        const shape = g.stroke.finish();
        if (g.stroke.region) this.#host.update(g.stroke.region, shape);
        else this.#host.create(shape);
        this.#host.endGesture();
      }
      this.#host.endStroke(g.stroke, kept);
      return this.#host.invalidate(true);
    }
    if (g.kind === 'draw') {
      if (moved && preview) {
        this.#host.beginGesture();
        this.#host.create(preview);
        this.#host.endGesture();
      }
    } else if (g.kind !== 'pan') {
      if (moved && preview) this.#host.update(g.region, preview);
      this.#host.endGesture();
    }
    this.#host.invalidate(moved && g.kind !== 'pan');
  }

  /** Escape: a polygon being drawn is dropped, a gesture is cancelled, else the selection is cleared. */
  cancel(): boolean {
    if (this.#polygon) {
      this.#polygon = null;
      this.#cursor = null;
      this.#host.invalidate(false);
      return true;
    }
    const g = this.#gesture;
    if (g) {
      this.#gesture = null;
      this.#preview = null;
      if (g.kind === 'paint') {
        this.#host.endStroke(g.stroke, false);
        this.#host.invalidate(true);
        this.#moved = false;
        return true;
      }
      if (g.kind !== 'pan' && g.kind !== 'draw') this.#host.endGesture();
      this.#host.invalidate(this.#moved);
      this.#moved = false;
      return true;
    }
    return false;
  }

  /** Backspace while drawing a polygon: its last point goes. */
  undoPoint(): boolean {
    if (!this.#polygon) return false;
    this.#polygon = this.#polygon.length > 1 ? this.#polygon.slice(0, -1) : null;
    this.#host.invalidate(false);
    return true;
  }

  /** Arrow keys: the selected region moves by `dx, dy` screen pixels (one undo step a press). */
  nudge(dx: number, dy: number): boolean {
    const region = this.#host.selected();
    if (!region || !this.#host.editable(region) || this.#gesture || region.shape.kind === 'brush')
      return false;
    const camera = this.#host.camera();
    const a = toNatural(camera, { x: 0, y: 0 });
    const b = toNatural(camera, { x: dx, y: dy });
    this.#host.beginGesture();
    this.#host.update(region, moveShape(region.shape, b.x - a.x, b.y - a.y));
    this.#host.endGesture();
    return true;
  }
}
