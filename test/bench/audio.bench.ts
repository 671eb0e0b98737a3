/**
 * Benchmark: audio segments in Chromium. A 1-hour WAV (16 kHz mono, 115 MB) with 1,000 segments:
 * the waveform shown after the bytes arrive (a PCM WAV's peaks read from its bytes, the pyramid
 * built, drawn, the next frame; the same hour through WebAudio's decodeAudioData beside it), and a
 * segment dragged a step a frame: our canvas (the other segments copied from a snapshot taken when
 * the drag starts) beside a canvas that redraws every segment each frame and one DOM element per
 * segment re-rendered by React (the ratio is baseline / ours). Frame figures are the main thread's
 * CPU per frame from a trace (the page's own cost on a shared machine) and the draw call's wall time.
 *   node_modules/.bin/node test/bench/audio.bench.ts [seconds=3600] [segments=1000]
 */
import { build } from 'esbuild';
import path from 'node:path';
import { launchChromium } from '../support/chromium.ts';
import { withFrameCpu } from './text-frame-cpu.ts';

const seconds = Number(process.argv[2] ?? 3600);
const count = Number(process.argv[3] ?? 1000);
const FRAMES = 120;
const at = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
const p95 = (samples: number[]) => at(samples, 0.95);
const ms = (v: number) => `${v.toFixed(1)} ms`;

// The page is served from an http origin the bench makes up (routed below), so the waveform's worker
// (peaks-worker.ts, bundled on its own) loads from beside it as it does in the app.
const ORIGIN = 'http://audio-bench.invalid';
const bundleOf = async (entry: string, format: 'iife' | 'esm') => {
  const out = await build({
    entryPoints: [path.join(import.meta.dirname, entry)],
    bundle: true,
    write: false,
    format,
    jsx: 'automatic',
    minify: true,
    define: {
      'process.env.NODE_ENV': '"production"',
      'import.meta.url': JSON.stringify(`${ORIGIN}/workspace/audio/page.js`),
    },
    outdir: 'out',
    logLevel: 'error',
  });
  return out.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
};
const js = await bundleOf('audio-bench-page.tsx', 'iife');
const worker = await bundleOf('../../renderer/src/workspace/audio/peaks-worker.ts', 'esm');

type Shown = {
  decodeAndPeaks: number;
  shown: number;
  duration: number;
  rate: number;
  froze: number;
  computedIn: string;
};
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 400 } });
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith('peaks-worker.ts'))
      return route.fulfill({ contentType: 'text/javascript', body: worker });
    if (url.pathname.endsWith('page.js')) return route.fulfill({ contentType: 'text/javascript', body: js });
    return route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html><body><script src="/workspace/audio/page.js"></script></body></html>',
    });
  });
  await page.goto(`${ORIGIN}/`);
  const call = <T>(expr: string) => page.evaluate(`window.bench.${expr}`) as Promise<T>;
  const bytes = await call<number>(`prepare(${seconds})`);
  // The median of three: the machine is shared, one figure is noise.
  const shows: Shown[] = [];
  for (let i = 0; i < 3; i++) shows.push(await call<Shown>(`showWaveform(${count})`));
  shows.sort((a, b) => a.shown - b.shown);
  const shown = shows[1]!;
  const inWindow: Shown[] = [];
  for (let i = 0; i < 3; i++) inWindow.push(await call<Shown>(`showWaveform(${count}, true)`));
  inWindow.sort((a, b) => a.shown - b.shown);
  const windowed = inWindow[1]!;
  const webAudio = await call<number>('webAudio()');
  const traced = async (expr: string) => {
    const { result, cpu } = await withFrameCpu(browser, page, () => call<number[]>(expr));
    return { wall: result, cpu };
  };
  const oursFit = await traced(`dragOurs(${FRAMES}, 0)`);
  const redrawFit = await traced(`dragRedrawAll(${FRAMES})`);
  const domFit = await traced(`dragDom(${FRAMES})`);
  await call<Shown>(`showWaveform(${count})`);
  const oursZoomed = await traced(`dragOurs(${FRAMES}, 4)`);
  const redrawZoomed = await traced(`dragRedrawAll(${FRAMES})`);

  const row = (name: string, a: number, b: number, c?: number) =>
    `| ${name} | ${ms(a)} | ${ms(b)} (${(b / a).toFixed(1)}×) | ${c === undefined ? '–' : `${ms(c)} (${(c / a).toFixed(1)}×)`} |`;
  console.log(
    `1-hour audio: ${(bytes / 1e6).toFixed(0)} MB WAV, ${shown.duration.toFixed(0)} s, ${count} segments, view ${1200} px`,
  );
  console.log(`| measure | ours | every segment redrawn | one element per segment |`);
  console.log(`| --- | --- | --- | --- |`);
  console.log(
    `| waveform shown after the bytes arrive, median of 3 | ${ms(shown.shown)} | peaks in the window: ${ms(windowed.shown)} | – |`,
  );
  console.log(
    `| longest frame gap while it is made (peaks in a ${shown.computedIn}) | ${ms(shown.froze)} | peaks in the ${windowed.computedIn}: ${ms(windowed.froze)} (${(windowed.froze / shown.froze).toFixed(1)}×) | – |`,
  );
  console.log(
    `| … of which the peak pyramid (${shown.rate === 16000 ? 'read from the WAV bytes' : 'decoded by WebAudio'}) | ${ms(shown.decodeAndPeaks)} | – | – |`,
  );
  console.log(
    row(
      'drag, whole hour in view: main-thread CPU per frame, p95',
      p95(oursFit.cpu),
      p95(redrawFit.cpu),
      p95(domFit.cpu),
    ),
  );
  console.log(
    row(
      'drag, whole hour in view: draw wall time, p95',
      p95(oursFit.wall),
      p95(redrawFit.wall),
      p95(domFit.wall),
    ),
  );
  console.log(
    row('drag, zoomed 16× (225 s in view): CPU per frame, p95', p95(oursZoomed.cpu), p95(redrawZoomed.cpu)),
  );
  console.log(
    `| the same hour decoded by WebAudio instead (MP3, AAC… go this way) | ${ms(webAudio)} | – | – |`,
  );
  console.log('targets: waveform shown < 2000 ms, a drag frame p95 < 16 ms');
} finally {
  await browser.close();
}
