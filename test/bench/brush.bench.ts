/**
 * Benchmark: brush masks in Chromium (Debian's, software raster: a floor for a real window), the app's
 * own modules bundled with esbuild. A 4000×3000 image whose mask already has a quarter painted:
 *   - stroke frame: ours paints the segment under the brush into the mask, writes only that dirty
 *     rectangle to the region's canvas and draws the static layer again inside that rectangle only
 *     (image, masks, outlines, clipped), then the interactive layer (the brush outline); the
 *     baseline writes the whole mask to the canvas and draws the whole static layer each frame;
 *   - encode at the stroke's end (what a submit sends: Label Studio's rle), and decode on open;
 *   - the mask's canvas built on open (only its painted box is written).
 * Each frame's time includes a 1-pixel readback, which makes the raster finish before the clock stops.
 *   node_modules/.bin/node test/bench/brush.bench.ts [frames=120]
 */
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../harness/harness-server.ts';
import { launchChromium } from '../support/chromium.ts';

const frames = Number(process.argv[2] ?? 120);
const imageDir = path.join(repoRoot, 'renderer/src/workspace/image');

const PAGE = String.raw`
import { BrushStroke } from './brush-stroke.ts';
import { drawInteractive } from './render/scene.ts';
import { StaticLayer, deviceRect } from './render/static-layer.ts';
import { paintBox, newMaskCanvas } from './render/brush-canvases.ts';
import { blankMask, maskBounds, paintSegment } from './model/brush-mask.ts';
import { fitCamera } from './model/camera.ts';
import { encodeBrushMask, decodeBrushMask } from '../../../../core/labeling/brush-rle.ts';

const W = 4000, H = 3000, SIZE = { width: W, height: H }, VIEW = { width: 1280, height: 800 };
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const flush = (ctx) => ctx.getImageData(0, 0, 1, 1);
const style = { key: 'x', color: '#3cb44b', strokeWidth: 2, opacity: 1, fillOpacity: 0.2 };

window.runBench = async (frames) => {
  const live = document.getElementById('live').getContext('2d');
  const baseCanvas = document.getElementById('base');
  const layer = new StaticLayer(baseCanvas);
  const g = new OffscreenCanvas(W, H).getContext('2d');
  const grad = g.createLinearGradient(0, 0, W, H);
  grad.addColorStop(0, '#eee'); grad.addColorStop(1, '#999');
  g.fillStyle = grad; g.fillRect(0, 0, W, H);
  const image = g.canvas.transferToImageBitmap();
  // A mask a quarter painted: wide bands across the image, as a segmentation of a large object is.
  const base = blankMask(SIZE);
  for (let y = 0; y < H; y += 400) paintSegment(base, { x: 100, y }, { x: W - 100, y: y + 200 }, 100, 255);
  let t = performance.now();
  const rle = encodeBrushMask(base);
  const encodeFirst = performance.now() - t;
  const decode = [];
  let decoded;
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    decoded = decodeBrushMask(rle, W, H);
    decode.push(performance.now() - t);
  }
  const bounds = maskBounds(decoded);
  t = performance.now();
  const canvas = newMaskCanvas(decoded);
  paintBox(canvas, decoded, bounds, [60, 180, 75]);
  live.drawImage(canvas, 0, 0, 1, 1);
  flush(live);
  const build = performance.now() - t;
  const region = { id: 'm1', shape: { kind: 'brush', mask: decoded, bounds } };

  const camera = fitCamera(VIEW, SIZE);
  const scene = (regions, maskOf) => ({ camera, view: VIEW, dpr: 1, image, imageSize: SIZE, regions,
    styleOf: () => style, skip: () => false, maskOf });
  const stroke = new BrushStroke({ region, size: SIZE, erase: false, radius: 20, color: style.color, canvas, at: { x: 500, y: 500 } });
  layer.render(scene([region], () => stroke.canvas));
  const ours = [], paints = [];
  for (let f = 0; f < frames; f++) {
    const at = { x: 500 + f * 25, y: 500 + Math.sin(f / 10) * 400 };
    t = performance.now();
    stroke.to(at);
    paints.push(performance.now() - t);
    const dirty = stroke.takeDirty();
    if (dirty) layer.renderPart({ ...scene([region], () => stroke.canvas), clip: deviceRect(camera, 1, dirty, baseCanvas) });
    drawInteractive(live, { camera, dpr: 1, selected: null, drawing: null,
      brush: { at, radius: 20, erase: false, color: style.color } });
    flush(baseCanvas.getContext('2d'));
    ours.push(performance.now() - t);
  }
  // The baseline: the same painting, the whole mask written to the canvas every frame.
  const naive = [];
  const mask = stroke.mask;
  const whole = { minX: 0, minY: 0, maxX: W, maxY: H };
  for (let f = 0; f < Math.min(frames, 20); f++) {
    const a = { x: 500 + f * 25, y: 1500 }, b = { x: 525 + f * 25, y: 1500 };
    t = performance.now();
    paintSegment(mask, a, b, 20, 255);
    paintBox(canvas, mask, whole, [60, 180, 75]);
    layer.render(scene([region], () => canvas));
    flush(baseCanvas.getContext('2d'));
    naive.push(performance.now() - t);
  }
  const encode = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    encodeBrushMask(stroke.finish().mask);
    encode.push(performance.now() - t);
  }
  return { paint: p95(paints), median: median(ours), stroke: p95(ours), naive: p95(naive), encode: p95(encode), encodeFirst, decode: p95(decode), build, rleBytes: rle.length };
};
`;

const bundle = await build({
  stdin: { contents: PAGE, resolveDir: imageDir, loader: 'ts', sourcefile: 'brush-bench-page.ts' },
  bundle: true,
  format: 'iife',
  write: false,
  target: 'es2022',
  logLevel: 'silent',
});

interface Figures {
  paint: number;
  median: number;
  stroke: number;
  naive: number;
  encode: number;
  encodeFirst: number;
  decode: number;
  build: number;
  rleBytes: number;
}

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.setContent(
    '<!doctype html><body style="margin:0"><canvas id="base" width="1280" height="800"></canvas>' +
      '<canvas id="live" width="1280" height="800" style="position:absolute;left:0;top:0"></canvas></body>',
  );
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  const f = (await page.evaluate(
    (count) => (window as unknown as { runBench: (n: number) => Promise<unknown> }).runBench(count),
    frames,
  )) as Figures;
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const rows = [
    ['measure (p95), 4000×3000 mask', 'ours', 'baseline'],
    ['stroke frame (paint + draw)', ms(f.stroke), ms(f.naive)],
    ['… its median', ms(f.median), ''],
    ['… of which painting the mask and its canvas', ms(f.paint), ''],
    ['encode the mask (rle, at stroke end / submit)', ms(f.encode), ''],
    ['decode on open', ms(f.decode), ''],
    ['build the mask canvas on open', ms(f.build), ''],
    ['rle size', `${(f.rleBytes / 1024).toFixed(1)} KiB`, ''],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
} finally {
  await browser.close();
}
