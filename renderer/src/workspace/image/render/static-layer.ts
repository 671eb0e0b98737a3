/**
 * The static layer's canvas and a snapshot of its last full drawing. While the camera moves (a pan,
 * a wheel zoom), a frame is the snapshot re-projected (one bitmap copy, whatever the number of
 * regions); the full drawing (image, every region in view) follows once the camera rests. Valid for
 * pan and zoom at one rotation: screen' = k·(screen − pan) + pan', k = zoom'/zoom.
 *
 * The drawing after the camera rests is spread over frames (`start`/`step`): drawn into a canvas
 * behind, a slice of regions at a time within a frame's budget, and shown in one copy when whole;
 * until then the view keeps the re-projected snapshot. Thousands of regions never cost one long frame.
 */
import { toScreen, type Bounds, type Camera } from '../model/camera.ts';
import { drawBase, drawRegions, drawStatic, finishStatic, type StaticScene } from './scene.ts';

/** Regions drawn between two looks at the clock. */
const SLICE = 250;

export class StaticLayer {
  readonly #canvas: HTMLCanvasElement;
  #snapshot: HTMLCanvasElement | null = null;
  #camera: Camera | null = null;
  #job: { scene: StaticScene; next: number } | null = null;
  #back: HTMLCanvasElement | null = null;
  #probe: HTMLCanvasElement | null = null;

  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas;
  }

  /** Draws everything and keeps the result for re-projection. */
  render(scene: StaticScene): void {
    const ctx = this.#canvas.getContext('2d');
    if (!ctx) return;
    this.#job = null;
    drawStatic(ctx, scene);
    this.#keep(scene.camera);
  }

  /** Starts the drawing of `scene` behind the view; `step` continues it. */
  start(scene: StaticScene): void {
    this.#job = { scene, next: -1 };
  }

  get drawing(): boolean {
    return this.#job !== null;
  }

  /** The camera moved again, or the document changed: the drawing behind is dropped. */
  cancel(): void {
    this.#job = null;
  }

  /**
   * Draws on behind the view for about `budget` ms; true once the drawing is whole and shown.
   * `now` is the clock (performance.now; a test's own).
   */
  step(budget: number, now: () => number = () => performance.now()): boolean {
    const job = this.#job;
    if (!job) return true;
    const started = now();
    const back = (this.#back ??= document.createElement('canvas'));
    if (back.width !== this.#canvas.width || back.height !== this.#canvas.height) {
      back.width = this.#canvas.width;
      back.height = this.#canvas.height;
    }
    const ctx = back.getContext('2d');
    const front = this.#canvas.getContext('2d');
    if (!ctx || !front) return true;
    const { scene } = job;
    // A canvas records its drawing and rasterises it when it is used: copying a pixel of it after
    // each part makes that part's cost fall in this frame, not in the one that shows the whole. A
    // copy, not a read: an image from another origin (presigned S3) forbids reading its pixels.
    const probe = (this.#probe ??= Object.assign(document.createElement('canvas'), { width: 1, height: 1 }));
    const rasterise = () => probe.getContext('2d')?.drawImage(back, 0, 0, 1, 1, 0, 0, 1, 1);
    if (job.next < 0) {
      drawBase(ctx, scene);
      rasterise();
      job.next = 0;
    }
    while (job.next < scene.regions.length && now() - started < budget) {
      const to = Math.min(scene.regions.length, job.next + SLICE);
      drawRegions(ctx, scene, job.next, to);
      rasterise();
      job.next = to;
    }
    if (job.next < scene.regions.length) return false;
    finishStatic(ctx, scene);
    front.setTransform(1, 0, 0, 1, 0, 0);
    front.clearRect(0, 0, this.#canvas.width, this.#canvas.height);
    front.drawImage(back, 0, 0);
    this.#job = null;
    this.#keep(scene.camera);
    return true;
  }

  /** The canvas as it is now becomes the snapshot re-projection starts from. */
  #keep(camera: Camera): void {
    const snap = (this.#snapshot ??= document.createElement('canvas'));
    if (snap.width !== this.#canvas.width || snap.height !== this.#canvas.height) {
      snap.width = this.#canvas.width;
      snap.height = this.#canvas.height;
    }
    const sctx = snap.getContext('2d');
    if (!sctx) return;
    sctx.clearRect(0, 0, snap.width, snap.height);
    sctx.drawImage(this.#canvas, 0, 0);
    this.#camera = camera;
  }

  /**
   * Draws `scene.clip` (device px) again, at the camera of the last full drawing, and keeps it in the
   * snapshot: a brush stroke's frame costs the pixels under the brush, whatever the image's size.
   */
  renderPart(scene: StaticScene & { clip: NonNullable<StaticScene['clip']> }): void {
    const ctx = this.#canvas.getContext('2d');
    const sctx = this.#snapshot?.getContext('2d');
    if (!ctx) return;
    drawStatic(ctx, scene);
    const { x, y, width, height } = scene.clip;
    if (!sctx || width <= 0 || height <= 0) return;
    sctx.clearRect(x, y, width, height);
    sctx.drawImage(this.#canvas, x, y, width, height, x, y, width, height);
  }

  /** The last drawing moved to `camera`; false when it cannot be (none yet, another rotation). */
  reproject(camera: Camera, dpr: number): boolean {
    const from = this.#camera;
    const snap = this.#snapshot;
    const ctx = this.#canvas.getContext('2d');
    if (!from || !snap || !ctx || from.rotation !== camera.rotation) return false;
    const k = camera.zoom / from.zoom;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.#canvas.width, this.#canvas.height);
    ctx.imageSmoothingEnabled = true;
    ctx.setTransform(k, 0, 0, k, (camera.panX - k * from.panX) * dpr, (camera.panY - k * from.panY) * dpr);
    ctx.drawImage(snap, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    return true;
  }

  /** Sizes changed: the snapshot no longer matches. */
  invalidate(): void {
    this.#camera = null;
  }
}

/** A natural-pixel box on the canvas, in whole device pixels (a pixel of margin for the edges). */
export function deviceRect(camera: Camera, dpr: number, box: Bounds, canvas: HTMLCanvasElement) {
  const corners = [
    toScreen(camera, { x: box.minX, y: box.minY }),
    toScreen(camera, { x: box.maxX, y: box.minY }),
    toScreen(camera, { x: box.minX, y: box.maxY }),
    toScreen(camera, { x: box.maxX, y: box.maxY }),
  ];
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.x)) * dpr) - 1);
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.y)) * dpr) - 1);
  const x1 = Math.min(canvas.width, Math.ceil(Math.max(...corners.map((c) => c.x)) * dpr) + 1);
  const y1 = Math.min(canvas.height, Math.ceil(Math.max(...corners.map((c) => c.y)) * dpr) + 1);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
