/**
 * Audio channels in real Chromium on a bare page (the real ConfigView and the workspace's keys over
 * one Audio object, served from an http origin the test makes up): with splitchannels="true" a
 * stereo WAV is drawn a row per channel, and a segment drawn in a row is on that channel.
 */
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../lab/sample-data/wav.ts';
import { launchChromium } from '../support/chromium.ts';
import { screenshotPath } from '../support/screenshots.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** A bare page: the real ConfigView (and the workspace's keys) over one audio object, at an http origin. */
const BARE_PAGE = `
import { createRoot } from 'react-dom/client';
import { useSyncExternalStore } from 'react';
import { AppServicesProvider } from '../../renderer/src/app/app-services.tsx';
import { bindConfig, classifyValue } from '../../core/labeling/bind-config.ts';
import { encodeRecord } from '../../core/labeling/codec.ts';
import { parseLabelingConfig } from '../../core/labeling/parse-config.ts';
import { ConfigView } from '../../renderer/src/workspace/ConfigView.tsx';
import { DocumentStore } from '../../renderer/src/workspace/model/document-store.ts';
import { History } from '../../renderer/src/workspace/model/history.ts';
import { buildHotkeyTable } from '../../renderer/src/workspace/model/hotkeys.ts';
import { SelectionStore } from '../../renderer/src/workspace/model/selection-store.ts';
import { useWorkspaceHotkeys } from '../../renderer/src/workspace/use-workspace-hotkeys.ts';

const config = bindConfig(parseLabelingConfig(window.XML), { audio: '/stereo.wav' }, classifyValue);
const store = new DocumentStore();
const history = new History(store);
const selection = new SelectionStore();
const table = buildHotkeyTable(config.root);
const services = { api: { tasks: { presign: async () => ({ ok: false }) } }, session: null, beforeSignOut: new Set() };
function Page() {
  const selected = useSyncExternalStore(selection.subscribe, selection.getSnapshot);
  useWorkspaceHotkeys({ table, root: config.root, store, history, readOnly: false, selection: selected,
    selectRegion: (id) => selection.select(id), sheetOpen: false, setSheetOpen: () => {}, onCommand: () => {} });
  return <AppServicesProvider services={services}><ConfigView config={config} store={store} history={history}
    readOnly={false} selection={selected} projectId="p" table={table} onSelectRegion={(id) => selection.select(id)} /></AppServicesProvider>;
}
window.items = () => store.records().map((r) => encodeRecord(r));
createRoot(document.getElementById('root')).render(<Page />);
`;

const ORIGIN = 'http://audio-page.invalid';

describe('audio channels (Chromium, bare page)', () => {
  it(
    'splitchannels: one waveform row per channel; a segment drawn in a row is on its channel',
    { timeout: 60_000 },
    async () => {
      const bundle = await build({
        stdin: {
          contents: BARE_PAGE,
          resolveDir: import.meta.dirname,
          loader: 'tsx',
          sourcefile: 'page.tsx',
        },
        bundle: true,
        write: false,
        format: 'iife',
        jsx: 'automatic',
        define: { 'process.env.NODE_ENV': '"production"' },
        outdir: 'out',
        logLevel: 'error',
      });
      const js = bundle.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
      const css = bundle.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
      // 2 s of stereo: a tone on the left, silence on the right (interleaved 16-bit frames).
      const rate = 8000;
      const frames = new Int16Array(rate * 2 * 2);
      for (let i = 0; i < rate * 2; i++)
        frames[2 * i] = Math.round(20000 * Math.sin((2 * Math.PI * 220 * i) / rate));
      const wav = encodeWav(frames, rate);
      wav.writeUInt16LE(2, 22); // channels
      wav.writeUInt32LE(rate * 4, 28); // bytes per second
      wav.writeUInt16LE(4, 32); // bytes per frame
      const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.route(`${ORIGIN}/**`, (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/stereo.wav') return route.fulfill({ contentType: 'audio/wav', body: wav });
        if (url.pathname === '/page.js') return route.fulfill({ contentType: 'text/javascript', body: js });
        return route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><html lang="en"><head><title>Audio</title><style>${css}</style></head><body><div id="root"></div></body></html>`,
        });
      });
      await page.goto(`${ORIGIN}/`);
      await page.evaluate(() =>
        Object.assign(window, {
          XML: '<View><Labels name="labels" toName="audio"><Label value="Left"/></Labels><Audio name="audio" value="$audio" splitchannels="true" height="140"/></View>',
        }),
      );
      await page.addScriptTag({ url: `${ORIGIN}/page.js` });
      const view = page.locator('.audio-view');
      await expect.poll(() => view.getAttribute('data-waveform'), { timeout: 15_000 }).toBe('ready');
      // Ink in the upper row (the tone), the lower (silence) a flat line.
      const ink = await page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('.audio-wave')!;
        const ctx = canvas.getContext('2d')!;
        const dpr = canvas.width / canvas.clientWidth;
        const rowInk = (top: number, bottom: number) => {
          const data = ctx.getImageData(
            0,
            Math.round(top * dpr),
            canvas.width,
            Math.round((bottom - top) * dpr),
          ).data;
          let n = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
          return n;
        };
        // The ruler is 18 px; two rows of 61 px below it.
        return { upper: rowInk(20, 78), lower: rowInk(81, 139) };
      });
      expect(ink.upper).toBeGreaterThan(10 * ink.lower);
      expect(ink.lower).toBeGreaterThan(0);

      const wave = page.getByTestId('audio-waveform-audio');
      const box = (await wave.boundingBox())!;
      const drag = async (y: number, from: number, to: number) => {
        await page.mouse.move(box.x + from * box.width, box.y + y);
        await page.mouse.down();
        await page.mouse.move(box.x + to * box.width, box.y + y, { steps: 5 });
        await page.mouse.up();
      };
      await page.locator('.ws-label-button', { hasText: 'Left' }).click(); // armed: drawing makes segments
      await drag(120, 0.1, 0.3); // the lower row
      await drag(40, 0.5, 0.7); // the upper row
      await page.screenshot({ path: screenshotPath('audio-channels') });
      const items = (await page.evaluate('window.items()')) as {
        value: { channel: number; start: number };
      }[];
      expect(items.map((i) => i.value.channel)).toEqual([1, 0]);
      expect(items[0]!.value.start).toBeCloseTo(0.2, 1);
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});
