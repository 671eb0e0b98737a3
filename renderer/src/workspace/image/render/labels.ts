/** Label names drawn on regions when there is room (few in view, wide enough on screen). */
import { toScreen, type Camera } from '../model/camera.ts';
import { ellipseAsRect, rectCorners, type Shape } from '../model/geometry.ts';
import type { StaticScene } from './scene.ts';

export function drawLabels(ctx: CanvasRenderingContext2D, scene: StaticScene): void {
  ctx.setTransform(scene.dpr, 0, 0, scene.dpr, 0, 0);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  for (const region of scene.regions) {
    if (scene.skip(region)) continue;
    const text = scene.labelsOf!(region);
    if (!text) continue;
    const box = screenBox(scene.camera, region.shape);
    if (box.width < 48 || box.height < 16) continue;
    const style = scene.styleOf(region);
    const width = ctx.measureText(text).width + 6;
    ctx.fillStyle = style.color;
    ctx.fillRect(box.x, box.y - 16, width, 16);
    ctx.fillStyle = '#fff';
    ctx.fillText(text, box.x + 3, box.y - 2);
  }
}

function screenBox(camera: Camera, shape: Shape): { x: number; y: number; width: number; height: number } {
  const pts =
    shape.kind === 'brush'
      ? [
          { x: shape.bounds.minX, y: shape.bounds.minY },
          { x: shape.bounds.maxX, y: shape.bounds.maxY },
        ]
      : shape.kind === 'polygon'
        ? shape.points
        : shape.kind === 'rect'
          ? rectCorners(shape)
          : shape.kind === 'ellipse'
            ? rectCorners(ellipseAsRect(shape))
            : [{ x: shape.x, y: shape.y }];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of pts) {
    const s = toScreen(camera, p);
    minX = Math.min(minX, s.x);
    minY = Math.min(minY, s.y);
    maxX = Math.max(maxX, s.x);
    maxY = Math.max(maxY, s.y);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}
