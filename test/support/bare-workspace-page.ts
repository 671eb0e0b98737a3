/**
 * A bare Chromium page with the real ConfigView over one config, its task data and a stored result,
 * and the workspace's hotkeys: for object views tested without the lab (HyperText, Paragraphs).
 * `window.items()` gives the document's result items as Label Studio writes them.
 */
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';

const BARE_PAGE = `
import { createRoot } from 'react-dom/client';
import { bindConfig, classifyValue } from '../../core/labeling/bind-config.ts';
import { decodeResult, encodeRecord } from '../../core/labeling/codec.ts';
import { parseLabelingConfig } from '../../core/labeling/parse-config.ts';
import { ConfigView } from '../../renderer/src/workspace/ConfigView.tsx';
import { DocumentStore } from '../../renderer/src/workspace/model/document-store.ts';
import { History } from '../../renderer/src/workspace/model/history.ts';
import { buildHotkeyTable } from '../../renderer/src/workspace/model/hotkeys.ts';
import { SelectionStore } from '../../renderer/src/workspace/model/selection-store.ts';
import { useWorkspaceHotkeys } from '../../renderer/src/workspace/use-workspace-hotkeys.ts';
import { useSyncExternalStore } from 'react';

const config = bindConfig(parseLabelingConfig(window.XML), window.DATA, classifyValue);
const store = new DocumentStore(decodeResult(window.RESULT).records);
const history = new History(store);
const selection = new SelectionStore();
const table = buildHotkeyTable(config.root);
function Page() {
  const selected = useSyncExternalStore(selection.subscribe, selection.getSnapshot);
  useWorkspaceHotkeys({ table, root: config.root, store, history, readOnly: false, selection: selected,
    selectRegion: (id) => selection.select(id), sheetOpen: false, setSheetOpen: () => {}, onCommand: () => {} });
  return <ConfigView config={config} store={store} history={history} readOnly={false} selection={selected}
    projectId="p" table={table} onSelectRegion={(id) => selection.select(id)} />;
}
window.items = () => store.records().map((r) => encodeRecord(r));
createRoot(document.getElementById('root')).render(<Page />);
`;

let bundled: Promise<{ js: string; css: string }> | null = null;

/** The bare page, bundled once (esbuild), with this config, task data and stored result. */
export async function barePage(
  browser: Browser,
  xml: string,
  data: Record<string, unknown>,
  result: unknown[],
): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  bundled ??= build({
    stdin: { contents: BARE_PAGE, resolveDir: import.meta.dirname, loader: 'tsx', sourcefile: 'page.tsx' },
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: 'out',
    logLevel: 'error',
  }).then((bundle) => ({
    js: bundle.outputFiles.find((f) => f.path.endsWith('.js'))!.text,
    css: bundle.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '',
  }));
  const { js, css } = await bundled;
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent(
    `<!doctype html><html lang="en"><head><title>Workspace</title><style>:root{--panel:#fff;--line:#ccc;--muted:#555;--ink:#111;--accent:#2f5bea}${css}</style></head><body><div id="root"></div></body></html>`,
  );
  await page.evaluate(([x, d, r]) => Object.assign(window, { XML: x, DATA: d, RESULT: r }), [
    xml,
    data,
    result,
  ] as const);
  await page.addScriptTag({ content: js });
  return { page, requests, errors };
}
