/**
 * Benchmark: text spans in Chromium. A 1 MB text (about 180k words) with 10,000 spans, in the real
 * ConfigView: open to interactive (render → the frame after commit), adding a span (the store write →
 * the frame that shows it), scrolling frames; each beside a baseline that wraps each span in its own
 * element in one flat tree redrawn whole on any change (the ratio is baseline / ours).
 *   node_modules/.bin/node test/bench/text.bench.ts [adds=20]
 */
import { build } from 'esbuild';
import path from 'node:path';
import { launchChromium } from '../support/chromium.ts';

const adds = Number(process.argv[2] ?? 20);
const at = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`;

const bundle = await build({
  entryPoints: [path.join(import.meta.dirname, 'text-bench-page.tsx')],
  bundle: true,
  write: false,
  format: 'iife',
  jsx: 'automatic',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  outdir: 'out',
  logLevel: 'error',
});
const js = bundle.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
const css = bundle.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';

type Bench = {
  open(kind: string, spans?: number): Promise<number>;
  addSpan(n: number): Promise<number>;
  scroll(frames: number): Promise<number[]>;
  elements(): number;
};

const browser = await launchChromium();
try {
  const results: Record<
    string,
    { open: number; add: number[]; addFrame: number[]; scroll: number[]; elements: number }
  > = {};
  for (const kind of ['chunked', 'baseline'] as const) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.setContent(
      `<!doctype html><html><head><style>:root{--accent:#2f5bea;--ink:#1d2330;--panel:#fff;--line:#ddd;--muted:#666}${css}</style></head><body><div id="root"></div></body></html>`,
    );
    await page.addScriptTag({ content: js });
    const bench = () => (window as unknown as { bench: Bench }).bench;
    // A warm-up open (JIT, fonts), then the measured one.
    await page.evaluate(`(${bench})().open('${kind}', 100)`);
    // The median of three opens: the machine is shared, one figure is noise.
    const opens: number[] = [];
    for (let i = 0; i < 3; i++) opens.push((await page.evaluate(`(${bench})().open('${kind}')`)) as number);
    const open = at(opens, 0.5);
    const add: number[] = [];
    const addFrame: number[] = [];
    for (let i = 0; i < adds; i++) {
      const r = (await page.evaluate(`(${bench})().addSpan(${i})`)) as { work: number; frame: number };
      add.push(r.work);
      addFrame.push(r.frame);
    }
    const scroll = (await page.evaluate(`(${bench})().scroll(60)`)) as number[];
    const elements = (await page.evaluate(`(${bench})().elements()`)) as number;
    results[kind] = { open, add, addFrame, scroll, elements };
    await page.close();
  }
  const ours = results.chunked!;
  const base = results.baseline!;
  const row = (name: string, a: number, b: number, unit = ms): [string, string, string, string] => [
    name,
    unit(a),
    unit(b),
    `${(b / a).toFixed(1)}×`,
  ];
  const rows: [string, string, string, string][] = [
    row('open to interactive (1 MB, 10,000 spans), median of 3', ours.open, base.open),
    row('adding a span: commit + layout, median', at(ours.add, 0.5), at(base.add, 0.5)),
    row('adding a span: commit + layout, p95', at(ours.add, 0.95), at(base.add, 0.95)),
    row('adding a span: to the next frame, p95', at(ours.addFrame, 0.95), at(base.addFrame, 0.95)),
    row('scrolling 300 px a frame: frame interval, p95', at(ours.scroll, 0.95), at(base.scroll, 0.95)),
    row('elements in the text', ours.elements, base.elements, String),
  ];

  console.log(`| measure | chunked runs (ours) | one element per span (baseline) | baseline / ours |`);
  console.log(`| --- | --- | --- | --- |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(
    'targets: open < 1000 ms, adding a span < 50 ms, frames p95 < 16 ms (a frame on time is 16.7 ms apart)',
  );
} finally {
  await browser.close();
}
