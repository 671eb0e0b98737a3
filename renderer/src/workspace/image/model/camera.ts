/**
 * The camera over one image: natural pixels (the image file's own) ⇄ screen (CSS pixels of the view)
 * at any zoom, pan and image rotation, and natural ⇄ Label Studio percent. One affine matrix, the
 * same the canvas is given (`setTransform`), so what is drawn and what is hit-tested cannot disagree.
 * Pure: no DOM, no React.
 */

export interface Point {
  x: number;
  y: number;
}

/** Label Studio's `image_rotation`: the view turns in quarter turns (clockwise degrees). */
export type ImageRotation = 0 | 90 | 180 | 270;

export interface Camera {
  /** Screen pixels per natural pixel. */
  zoom: number;
  /** Where natural (0, 0) lands on screen. */
  panX: number;
  panY: number;
  rotation: ImageRotation;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 64;

/** [a, b, c, d, e, f] as in `ctx.setTransform`: screen = (a·x + c·y + e, b·x + d·y + f). */
export type Matrix = readonly [number, number, number, number, number, number];

/** Exact quarter turns: cos/sin of 90° are 0 and 1, not 6e-17. */
function turn(rotation: ImageRotation): { cos: number; sin: number } {
  switch (rotation) {
    case 0:
      return { cos: 1, sin: 0 };
    case 90:
      return { cos: 0, sin: 1 };
    case 180:
      return { cos: -1, sin: 0 };
    case 270:
      return { cos: 0, sin: -1 };
  }
}

export function cameraMatrix(camera: Camera): Matrix {
  const { cos, sin } = turn(camera.rotation);
  const z = camera.zoom;
  return [z * cos, z * sin, -z * sin, z * cos, camera.panX, camera.panY];
}

export function toScreen(camera: Camera, p: Point): Point {
  const [a, b, c, d, e, f] = cameraMatrix(camera);
  return { x: a * p.x + c * p.y + e, y: b * p.x + d * p.y + f };
}

export function toNatural(camera: Camera, s: Point): Point {
  const { cos, sin } = turn(camera.rotation);
  const dx = (s.x - camera.panX) / camera.zoom;
  const dy = (s.y - camera.panY) / camera.zoom;
  // The inverse of a rotation is its transpose.
  return { x: cos * dx + sin * dy, y: -sin * dx + cos * dy };
}

/** The image's size as the view shows it (width and height swap on a quarter turn). */
export function shownSize(image: Size, rotation: ImageRotation): Size {
  return rotation === 90 || rotation === 270
    ? { width: image.height, height: image.width }
    : { width: image.width, height: image.height };
}

/** The whole image in the view, centred, with `margin` screen pixels around it. */
export function fitCamera(view: Size, image: Size, rotation: ImageRotation = 0, margin = 8): Camera {
  const shown = shownSize(image, rotation);
  const zoom = clampZoom(
    Math.min(
      Math.max(1, view.width - 2 * margin) / shown.width,
      Math.max(1, view.height - 2 * margin) / shown.height,
    ),
  );
  return centreOn({ zoom, panX: 0, panY: 0, rotation }, view, {
    x: image.width / 2,
    y: image.height / 2,
  });
}

/** A natural-pixel box (a selected region) filling the view, centred, at most `maxZoom`. */
export function fitBounds(
  view: Size,
  bounds: Bounds,
  rotation: ImageRotation = 0,
  margin = 40,
  maxZoom = 16,
): Camera {
  const shown = shownSize(
    { width: Math.max(1, bounds.maxX - bounds.minX), height: Math.max(1, bounds.maxY - bounds.minY) },
    rotation,
  );
  const zoom = clampZoom(
    Math.min(
      maxZoom,
      Math.max(1, view.width - 2 * margin) / shown.width,
      Math.max(1, view.height - 2 * margin) / shown.height,
    ),
  );
  return centreOn({ zoom, panX: 0, panY: 0, rotation }, view, {
    x: (bounds.minX + bounds.maxX) / 2,
    y: (bounds.minY + bounds.maxY) / 2,
  });
}

/** The same zoom and rotation, panned so natural point `p` sits at the view's centre. */
export function centreOn(camera: Camera, view: Size, p: Point): Camera {
  const at = toScreen({ ...camera, panX: 0, panY: 0 }, p);
  return { ...camera, panX: view.width / 2 - at.x, panY: view.height / 2 - at.y };
}

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** Zooms by `factor` keeping the natural point under screen point `s` where it is (wheel, pinch). */
export function zoomAt(camera: Camera, factor: number, s: Point): Camera {
  const anchor = toNatural(camera, s);
  const next = { ...camera, zoom: clampZoom(camera.zoom * factor) };
  const moved = toScreen(next, anchor);
  return { ...next, panX: next.panX + s.x - moved.x, panY: next.panY + s.y - moved.y };
}

export function panBy(camera: Camera, dx: number, dy: number): Camera {
  return { ...camera, panX: camera.panX + dx, panY: camera.panY + dy };
}

/** The natural-pixel box the view shows (for culling): the bounds of the view's four corners. */
export function visibleBounds(camera: Camera, view: Size): Bounds {
  const corners = [
    toNatural(camera, { x: 0, y: 0 }),
    toNatural(camera, { x: view.width, y: 0 }),
    toNatural(camera, { x: 0, y: view.height }),
    toNatural(camera, { x: view.width, y: view.height }),
  ];
  return boundsOf(corners);
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boundsOf(points: readonly Point[]): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  return { minX, minY, maxX, maxY };
}

/** Natural pixels → Label Studio percent of the original image. */
export function toPercent(p: Point, image: Size): Point {
  return { x: (p.x / image.width) * 100, y: (p.y / image.height) * 100 };
}

/** Label Studio percent → natural pixels. */
export function fromPercent(p: Point, image: Size): Point {
  return { x: (p.x * image.width) / 100, y: (p.y * image.height) / 100 };
}
