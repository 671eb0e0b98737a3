import { describe, expect, it } from 'vitest';
import {
  cameraMatrix,
  fitBounds,
  fitCamera,
  fromPercent,
  panBy,
  toNatural,
  toPercent,
  toScreen,
  visibleBounds,
  zoomAt,
  type Camera,
  type ImageRotation,
} from './camera.ts';

const ROTATIONS: ImageRotation[] = [0, 90, 180, 270];
const IMAGE = { width: 4000, height: 3000 };
const VIEW = { width: 1000, height: 700 };

function close(a: { x: number; y: number }, b: { x: number; y: number }) {
  expect(a.x).toBeCloseTo(b.x, 6);
  expect(a.y).toBeCloseTo(b.y, 6);
}

describe('camera', () => {
  it('screen ⇄ natural are inverses at every zoom, pan and rotation', () => {
    for (const rotation of ROTATIONS)
      for (const zoom of [0.05, 0.25, 1, 3.5, 40]) {
        const camera: Camera = { zoom, panX: 123.5, panY: -42, rotation };
        for (const p of [
          { x: 0, y: 0 },
          { x: 4000, y: 3000 },
          { x: 17.25, y: 2999 },
        ]) {
          close(toNatural(camera, toScreen(camera, p)), p);
          // The matrix handed to the canvas maps the same way.
          const [a, b, c, d, e, f] = cameraMatrix(camera);
          close({ x: a * p.x + c * p.y + e, y: b * p.x + d * p.y + f }, toScreen(camera, p));
        }
      }
  });

  it('turns clockwise: at 90° the image top-left is at the top-right of the view', () => {
    const camera = fitCamera(VIEW, IMAGE, 90, 0);
    const topLeft = toScreen(camera, { x: 0, y: 0 });
    const topRight = toScreen(camera, { x: 4000, y: 0 });
    expect(topLeft.x).toBeGreaterThan(topRight.x - 1e-9);
    expect(topRight.y).toBeGreaterThan(topLeft.y);
    // Fitted on its turned size: 3000 wide on screen is the height's pixels.
    expect(camera.zoom).toBeCloseTo(Math.min(1000 / 3000, 700 / 4000), 9);
  });

  it('fits the whole image centred, for every rotation', () => {
    for (const rotation of ROTATIONS) {
      const camera = fitCamera(VIEW, IMAGE, rotation, 8);
      const b = visibleBounds(camera, VIEW);
      expect(b.minX).toBeLessThanOrEqual(0);
      expect(b.minY).toBeLessThanOrEqual(0);
      expect(b.maxX).toBeGreaterThanOrEqual(4000);
      expect(b.maxY).toBeGreaterThanOrEqual(3000);
      close(toScreen(camera, { x: 2000, y: 1500 }), { x: 500, y: 350 });
    }
  });

  it('zooms about the pointer: the natural point under it stays under it', () => {
    for (const rotation of ROTATIONS) {
      const camera = fitCamera(VIEW, IMAGE, rotation);
      const pointer = { x: 300, y: 200 };
      const under = toNatural(camera, pointer);
      const zoomed = zoomAt(camera, 4, pointer);
      expect(zoomed.zoom).toBeCloseTo(camera.zoom * 4, 9);
      close(toScreen(zoomed, under), pointer);
    }
  });

  it('pans in screen pixels whatever the rotation', () => {
    const camera = fitCamera(VIEW, IMAGE, 270);
    const p = { x: 100, y: 200 };
    const before = toScreen(camera, p);
    close(toScreen(panBy(camera, 10, -5), p), { x: before.x + 10, y: before.y - 5 });
  });

  it('zooms to a selection: its box fills the view, centred, never past the cap', () => {
    const camera = fitBounds(VIEW, { minX: 1000, minY: 500, maxX: 1200, maxY: 600 }, 0, 0);
    expect(camera.zoom).toBeCloseTo(5, 9);
    close(toScreen(camera, { x: 1100, y: 550 }), { x: 500, y: 350 });
    expect(fitBounds(VIEW, { minX: 10, minY: 10, maxX: 11, maxY: 11 }).zoom).toBe(16);
    // Turned a quarter, a tall box runs across the view: limited by its height, not the view's.
    const tall = { minX: 0, minY: 0, maxX: 100, maxY: 500 };
    expect(fitBounds(VIEW, tall, 0, 0).zoom).toBeCloseTo(1.4, 9);
    expect(fitBounds(VIEW, tall, 90, 0).zoom).toBeCloseTo(2, 9);
  });

  it('percent ⇄ natural pixels of the original image', () => {
    close(toPercent({ x: 1000, y: 750 }, IMAGE), { x: 25, y: 25 });
    close(fromPercent({ x: 3.1, y: 8.2 }, { width: 1920, height: 1280 }), { x: 59.52, y: 104.96 });
    close(fromPercent(toPercent({ x: 1234.5, y: 99 }, IMAGE), IMAGE), { x: 1234.5, y: 99 });
  });
});
