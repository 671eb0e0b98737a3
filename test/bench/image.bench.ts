/**
 * Benchmark: the image workspace's renderer in Chromium (Debian's, through playwright-core, software
 * raster: --disable-gpu, so the figures are a floor for a real window). A 4000×3000 image with N
 * rectangles and N/10 polygons (5,000 + 500, and the smaller 500 and 2,000 scenes), the app's own
 * modules (bundled with esbuild from renderer/src/workspace/image):
 *   - drag frame: ours redraws the interactive layer only (the dragged region, its handles);
 *     the baseline redraws every region each frame, one path per region (as a per-shape scene graph does);
 *   - pan/zoom frame: ours re-projects the static layer's last drawing while the camera moves, and
 *     draws it in full (culled by the R-tree, batched by style, the image from a smaller copy) once it
 *     rests; the baseline redraws every region each frame; at fit (everything in view) and at 4× zoom;
 *     that full drawing spread over frames (6 ms of drawing each, as the app does, shown when whole): its longest
 *     frame and how many frames it takes;
 *   - pointer hit test: R-tree candidates + exact geometry vs a loop over every region;
 *   - task open to interactive: records → regions → index, and the JS heap after it.
 * Each frame's time includes a 1-pixel readback, which makes the raster finish before the clock stops.
 *   node_modules/.bin/node test/bench/image.bench.ts [frames=60]
 */
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../harness/harness-server.ts';
import { launchChromium } from '../support/chromium.ts';

const frames = Number(process.argv[2] ?? 60);
const imageDir = path.join(repoRoot, 'renderer/src/workspace/image');

// The page's code: the app's renderer modules and a naive baseline, measured the same way.
const PAGE = String.raw`
import { addShape, drawInteractive } from './render/scene.ts';
import { StaticLayer } from './render/static-layer.ts';
import { ImagePyramid } from './render/image-pyramid.ts';
import { StyleTable } from './render/styles.ts';
import { SpatialIndex } from './model/spatial-index.ts';
import { regionsOf } from './model/regions.ts';
import { fitCamera, panBy, visibleBounds, zoomAt, cameraMatrix } from './model/camera.ts';
import { hitShape, moveShape } from './model/geometry.ts';

const W = 4000, H = 3000, VIEW = { width: 1280, height: 800 }, SIZE = { width: W, height: H };
const LABELS = ['Word', 'Line', 'Figure'];
const COLORS = ['#e6194b', '#3cb44b', '#4363d8'];

function rng(seed) { return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296); }

function scene(nRects, nPolys) {
  const r = rng(7);
  const records = [];
  for (let i = 0; i < nRects; i++) {
    const label = LABELS[i % 3];
    records.push({ key: 'r' + i, id: 'r' + i, fromName: 'label', toName: 'image', type: 'rectanglelabels',
      value: { x: r() * 97, y: r() * 97, width: 0.3 + r() * 2.5, height: 0.2 + r() * 1.5, rotation: i % 10 === 0 ? 15 : 0, rectanglelabels: [label] },
      meta: {}, order: i, raw: null });
  }
  for (let i = 0; i < nPolys; i++) {
    const cx = 3 + r() * 94, cy = 3 + r() * 94, n = 6 + Math.floor(r() * 6), rad = 0.5 + r() * 2;
    const points = Array.from({ length: n }, (_, k) => [cx + Math.cos((k / n) * 2 * Math.PI) * rad * (0.6 + r() * 0.4), cy + Math.sin((k / n) * 2 * Math.PI) * rad * (0.6 + r() * 0.4)]);
    records.push({ key: 'p' + i, id: 'p' + i, fromName: 'poly', toName: 'image', type: 'polygonlabels',
      value: { points, polygonlabels: [LABELS[i % 3]] }, meta: {}, order: nRects + i, raw: null });
  }
  return records;
}

const options = LABELS.map((value, i) => ({ value, background: COLORS[i], children: [] }));
const controls = [
  { kind: 'control', id: '1', tag: 'RectangleLabels', name: 'label', attrs: {}, toName: ['image'], options, required: false, perRegion: false, perItem: false, editable: true },
  { kind: 'control', id: '2', tag: 'PolygonLabels', name: 'poly', attrs: {}, toName: ['image'], options, required: false, perRegion: false, perItem: false, editable: true },
];

async function makeImage() {
  const c = new OffscreenCanvas(W, H);
  const g = c.getContext('2d');
  const grad = g.createLinearGradient(0, 0, W, H);
  grad.addColorStop(0, '#eee'); grad.addColorStop(1, '#999');
  g.fillStyle = grad; g.fillRect(0, 0, W, H);
  return c.transferToImageBitmap();
}

const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))];
const flush = (ctx) => ctx.getImageData(0, 0, 1, 1);

/** The baseline: every region each frame, its own path, style set per region. */
function naive(ctx, camera, image, regions, styleOf, moved) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, VIEW.width, VIEW.height);
  const [a, b, c, d, e, f] = cameraMatrix(camera);
  ctx.setTransform(a, b, c, d, e, f);
  ctx.drawImage(image, 0, 0, W, H);
  for (const region of regions) {
    const style = styleOf(region);
    const path = new Path2D();
    addShape(path, moved && moved.id === region.id ? moved.shape : region.shape, camera.zoom);
    ctx.globalAlpha = style.fillOpacity; ctx.fillStyle = style.color; ctx.fill(path);
    ctx.globalAlpha = 1; ctx.strokeStyle = style.color; ctx.lineWidth = style.strokeWidth / camera.zoom; ctx.stroke(path);
  }
}

window.runBench = async (nRects, nPolys, frames) => {
  const baseCanvas = document.getElementById('base');
  const base = baseCanvas.getContext('2d');
  const layer = new StaticLayer(baseCanvas);
  const live = document.getElementById('live').getContext('2d');
  const image = await makeImage();
  let ready;
  const made = new Promise((resolve) => (ready = resolve));
  const pyramid = new ImagePyramid(image, SIZE, ready);
  const records = scene(nRects, nPolys);
  const styles = new StyleTable(controls);
  const styleOf = (r) => styles.of(r.labelControl, r.labels[0]);
  let t = performance.now();
  const regions = regionsOf(records, 'image', SIZE);
  const index = new SpatialIndex();
  index.sync(regions);
  const fit = fitCamera(VIEW, SIZE);
  const sceneOf = (camera, skipId) => ({ camera, view: VIEW, dpr: 1, image: pyramid.pick(camera.zoom), imageSize: SIZE,
    regions: index.inView(visibleBounds(camera, VIEW)), styleOf, skip: (r) => r.id === skipId, labelsOf: (r) => r.labels.join(', ') });
  const drawOurs = (camera, skipId) => layer.render(sceneOf(camera, skipId));
  drawOurs(fit, null);
  flush(base);
  const openMs = performance.now() - t;
  await made;

  const dragged = regions[Math.floor(regions.length / 2)];
  const style = styleOf(dragged);
  const drag = { ours: [], base: [] };
  drawOurs(fit, dragged.id); // the drag's first frame takes the region off the static layer
  for (let f = 0; f < frames; f++) {
    const shape = moveShape(dragged.shape, f * 3, f * 2);
    t = performance.now();
    drawInteractive(live, { camera: fit, dpr: 1, selected: { shape, style, handles: true, canRotate: true }, drawing: null });
    flush(live);
    drag.ours.push(performance.now() - t);
    t = performance.now();
    naive(base, fit, image, regions, styleOf, { id: dragged.id, shape });
    flush(base);
    drag.base.push(performance.now() - t);
  }

  const pan = {};
  for (const [name, start] of [['fit', fit], ['4x', zoomAt(fit, 4, { x: 640, y: 400 })]]) {
    const ours = [], baseline = [], settle = [], spreadFrame = [], spreadFrames = [];
    drawOurs(start, null);
    for (let f = 0; f < frames; f++) {
      const camera = f % 2 ? panBy(start, f, -f) : zoomAt(start, 1 + f / 600, { x: 600, y: 380 });
      t = performance.now();
      layer.reproject(camera, 1);
      drawInteractive(live, { camera, dpr: 1, selected: null, drawing: null });
      flush(base);
      ours.push(performance.now() - t);
      if (f % 6 === 5) {
        // The camera rested: the full drawing, culled and batched.
        t = performance.now();
        drawOurs(camera, null);
        flush(base);
        settle.push(performance.now() - t);
        // The same drawing as the app does it once the camera rests: spread over frames.
        layer.start(sceneOf(camera, null));
        let done = false, count = 0;
        while (!done) {
          t = performance.now();
          done = layer.step(6);
          flush(base);
          spreadFrame.push(performance.now() - t);
          count++;
        }
        spreadFrames.push(count);
      }
      t = performance.now();
      naive(base, camera, image, regions, styleOf, null);
      flush(base);
      baseline.push(performance.now() - t);
    }
    pan[name] = { ours: p95(ours), base: p95(baseline), settle: p95(settle), spread: p95(spreadFrame),
      spreadFrames: Math.max(...spreadFrames), inView: index.inView(visibleBounds(start, VIEW)).length };
  }

  // Hit tests are too quick for the page's coarse clock one by one: batches of 100, per test.
  const hits = { ours: [], base: [] };
  const r = rng(11);
  for (let i = 0; i < 40; i++) {
    const points = Array.from({ length: 100 }, () => ({ x: r() * W, y: r() * H }));
    t = performance.now();
    for (const p of points) index.hit(p, 4);
    hits.ours.push((performance.now() - t) / 100);
    t = performance.now();
    for (const p of points) for (let k = regions.length - 1; k >= 0; k--) if (hitShape(regions[k].shape, p, 4)) break;
    hits.base.push((performance.now() - t) / 100);
  }
  window.__keep = { records, regions, index, layer, pyramid };
  return { regions: regions.length, openMs,
    drag: { ours: p95(drag.ours), base: p95(drag.base) }, pan,
    hit: { ours: p95(hits.ours), base: p95(hits.base) } };
};
`;

const bundle = await build({
  stdin: { contents: PAGE, resolveDir: imageDir, loader: 'ts', sourcefile: 'image-bench-page.ts' },
  bundle: true,
  format: 'iife',
  write: false,
  target: 'es2022',
  logLevel: 'silent',
});

interface Figures {
  regions: number;
  openMs: number;
  drag: { ours: number; base: number };
  pan: Record<
    'fit' | '4x',
    { ours: number; base: number; settle: number; spread: number; spreadFrames: number; inView: number }
  >;
  hit: { ours: number; base: number };
}

const browser = await launchChromium();
const rows: string[][] = [['scene', 'measure (p95)', 'ours', 'baseline', 'ratio']];
try {
  for (const rects of [500, 2000, 5000]) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent(
      '<!doctype html><body style="margin:0"><canvas id="base" width="1280" height="800"></canvas>' +
        '<canvas id="live" width="1280" height="800" style="position:absolute;left:0;top:0"></canvas></body>',
    );
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const f = (await page.evaluate(
      ([n, polys, count]) =>
        (window as unknown as { runBench: (a: number, b: number, c: number) => Promise<unknown> }).runBench(
          n!,
          polys!,
          count!,
        ),
      [rects, rects / 10, frames],
    )) as Figures;
    const scene = `${rects} + ${rects / 10}`;
    const ms = (v: number) => `${v < 0.1 ? v.toFixed(4) : v.toFixed(2)} ms`;
    const ratio = (a: number, b: number) => `${(b / a).toFixed(1)}× faster`;
    rows.push([scene, 'drag frame', ms(f.drag.ours), ms(f.drag.base), ratio(f.drag.ours, f.drag.base)]);
    for (const name of ['fit', '4x'] as const) {
      const p = f.pan[name];
      rows.push([
        scene,
        `pan/zoom frame at ${name} (${p.inView} in view)`,
        ms(p.ours),
        ms(p.base),
        ratio(p.ours, p.base),
      ]);
      rows.push([
        scene,
        `… full redraw once the camera rests at ${name}`,
        ms(p.settle),
        ms(p.base),
        ratio(p.settle, p.base),
      ]);
      rows.push([
        scene,
        `… spread over ${p.spreadFrames} frames: the longest at ${name}`,
        ms(p.spread),
        ms(p.base),
        ratio(p.spread, p.base),
      ]);
    }
    rows.push([scene, 'pointer hit test', ms(f.hit.ours), ms(f.hit.base), ratio(f.hit.ours, f.hit.base)]);
    rows.push([scene, 'open: regions + index + first frame', ms(f.openMs), '', '']);
    // The page keeps the scene alive (window.__keep): the heap after a collection is what it holds.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    rows.push([
      scene,
      'renderer JS heap with the scene open',
      `${(heap.usedSize / 1048576).toFixed(1)} MB`,
      '',
      '',
    ]);
    await page.close();
  }
} finally {
  await browser.close();
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
