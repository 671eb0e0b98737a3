/**
 * Text spans in real Chromium against the lab: the "News: named entities" project labelled with the
 * keyboard (caret, Shift+Ctrl+arrows, a label's hotkey, relabel, Delete) and with the mouse (a label
 * armed, then a drag widened to words), a per-region comment on a span, submitted → the lab's S3 holds
 * Label Studio's `labels` items (start/end as string indices, text, labels) and the comment under the
 * span's id, and a relation between two spans (`{type:'relation', from_id, to_id, direction, labels}`);
 * axe-core finds nothing serious. And HyperText in Chromium (the real ConfigView on a bare page): task
 * HTML with scripts, handlers, styles and remote loads is shown with none of them, a span selected
 * with the mouse and labelled with its key is stored as Label Studio stores it (xpaths, offsets,
 * globalOffsets, text), a stored one is painted, a click selects and Delete removes; spans made with
 * the keyboard caret (a line per block) and a label key; a label at its maxUsages refused with a note.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { labOrganization } from '../lab/app-organization.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { openAnnotatorApp, openProject, type AnnotatorApp } from '../support/annotator-app.ts';
import { seriousAccessibilityProblems } from '../support/axe.ts';
import { launchChromium } from '../support/chromium.ts';
import { screenshotPath } from '../support/screenshots.ts';

let browser: Browser;
let lab: Lab;
let dir: string;
let admin: S3Client;
const apps: AnnotatorApp[] = [];

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});
beforeEach(async (context) => {
  // The HyperText test runs on a bare page: no lab.
  if (context.task.name.startsWith('HyperText') || context.task.name.startsWith('a dialogue')) return;
  dir = mkdtempSync(path.join(tmpdir(), 'fa-text-'));
  lab = await startLab({ idp: 'node', data: 'sample' });
  admin = new S3Client({
    region: lab.s3.region,
    endpoint: lab.s3.endpoint,
    forcePathStyle: true,
    credentials: lab.credentials.admin,
  });
}, 60_000);
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  admin?.destroy();
  await lab?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const NER = 'News: named entities';
const TEXT = 'Ada Lovelace met Charles Babbage in London to discuss the Analytical Engine.';

async function languageApp(name: string): Promise<AnnotatorApp> {
  const opened = await openAnnotatorApp({
    browser,
    lab,
    dir,
    name,
    username: 'multi',
    role: lab.roles.languageAnnotator.name,
    organization: labOrganization(lab, { id: 'sandbox' }),
  });
  apps.push(opened);
  return opened;
}

type Item = {
  id?: string;
  origin?: string;
  from_name?: string;
  to_name?: string;
  type: string;
  value?: unknown;
};
async function resultOf(taskId: string): Promise<Item[]> {
  const project = lab.projects.find((p) => p.id.endsWith('news-ner'))!;
  const object = await admin.send(
    new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${project.targetPrefix}${taskId}.json` }),
  );
  const doc = JSON.parse(await object.Body!.transformToString()) as { annotations: { result: Item[] }[] };
  expect(doc.annotations).toHaveLength(1);
  return doc.annotations[0]!.result;
}

const status = (page: Page) => page.getByTestId('text-status-text').textContent();

/** The screen box of characters [start, end) of the text view, found through its text nodes. */
async function boxOf(page: Page, start: number, end: number) {
  return page.evaluate(
    ([from, to]) => {
      const root = document.querySelector('[data-text="text"]')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent!.length;
        if (from >= seen && from <= seen + length) range.setStart(node, from - seen);
        if (to >= seen && to <= seen + length) {
          range.setEnd(node, to - seen);
          break;
        }
        seen += length;
      }
      const rect = range.getBoundingClientRect();
      return { left: rect.left, right: rect.right, y: rect.top + rect.height / 2 };
    },
    [start, end] as const,
  );
}

describe('text spans (Chromium + lab)', () => {
  it(
    "labels named entities by keyboard and by mouse, with a per-region comment; S3 gets Label Studio's shape",
    { timeout: 120_000 },
    async () => {
      const { page, pageErrors } = await languageApp('ner');
      await openProject(page, NER);
      await page.getByTestId('label-all').click();
      await expect.poll(() => page.getByTestId('task-viewer').getAttribute('aria-label')).toBe('Task 100');
      const text = page.getByRole('textbox', { name: 'Text text' });
      await expect.poll(() => text.textContent()).toBe(TEXT);

      // Keyboard: the caret at the start, Shift+Ctrl+→ twice selects "Ada Lovelace", 1 = Person.
      await text.focus();
      await page.keyboard.press('Shift+Control+ArrowRight');
      await page.keyboard.press('Shift+Control+ArrowRight');
      await expect.poll(() => status(page)).toBe('Selected “Ada Lovelace” (0–12): press a label.');
      await page.keyboard.press('1');
      await expect.poll(() => status(page)).toBe('Span Person: “Ada Lovelace” (0–12).');

      // The selected span's per-region comment.
      const note = page.getByPlaceholder('Why this entity?');
      await note.focus();
      await page.keyboard.type('first programmer');
      await page.keyboard.press('Enter');

      // "Charles Babbage" by keyboard, labelled Organization (2), then relabelled Person (1).
      await text.focus();
      await page.keyboard.press('Control+ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Shift+Control+ArrowRight');
      await page.keyboard.press('Shift+Control+ArrowRight');
      await page.keyboard.press('2');
      await expect.poll(() => status(page)).toBe('Span Organization: “Charles Babbage” (17–32).');
      await page.keyboard.press('1');
      await expect.poll(() => status(page)).toBe('Span Person: “Charles Babbage” (17–32).');

      // A span made and deleted: "discuss the" (3 = Location), then Delete.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+ArrowRight'); // " in"
      await page.keyboard.press('Control+ArrowRight'); // " London"
      await page.keyboard.press('Control+ArrowRight'); // " to"
      await page.keyboard.press('ArrowRight'); // the space before "discuss"
      await page.keyboard.press('Shift+Control+ArrowRight');
      await page.keyboard.press('Shift+Control+ArrowRight');
      await expect.poll(() => status(page)).toBe('Selected “discuss the” (46–57): press a label.');
      await page.keyboard.press('3');
      await expect.poll(() => page.locator('.ws-run-span').count()).toBe(3);
      await page.keyboard.press('Delete');
      await expect.poll(() => page.locator('.ws-run-span').count()).toBe(2);
      expect(await status(page)).toBe('');

      // Mouse, label first: arm Location, then drag across part of "London": widened to the word.
      const location = page.getByRole('button', { name: /Location/ });
      await location.click();
      expect(await location.getAttribute('aria-pressed')).toBe('true');
      const london = TEXT.indexOf('London');
      const box = await boxOf(page, london + 1, london + 4);
      await page.mouse.move(box.left + 1, box.y);
      await page.mouse.down();
      await page.mouse.move(box.right - 1, box.y, { steps: 5 });
      await page.mouse.up();
      await expect.poll(() => status(page)).toBe(`Span Location: “London” (${london}–${london + 6}).`);

      // A click on a span selects it (its comment shows again).
      const ada = await boxOf(page, 4, 8);
      await page.mouse.click((ada.left + ada.right) / 2, ada.y);
      await expect.poll(() => status(page)).toBe('Span Person: “Ada Lovelace” (0–12).');
      await expect.poll(() => note.inputValue().catch(() => '')).toBe('');
      await expect.poll(() => page.getByText('first programmer').count()).toBe(1);

      // A relation by keyboard: "Link the selected region to…", then the caret into "Charles" + Enter.
      await page.getByRole('button', { name: 'Link the selected region to…' }).focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: 'Linking from' }).textContent())
        .toBe('Linking from “Ada Lovelace”: select the region it relates to.');
      await text.focus();
      for (const key of ['Control+ArrowRight', 'Control+ArrowRight', 'ArrowRight', 'ArrowRight', 'Enter'])
        await page.keyboard.press(key);
      const relation = page.getByTestId('relation');
      await expect.poll(() => relation.count()).toBe(1);
      expect(await relation.locator('.ws-relation-ends').textContent()).toBe(
        '“Ada Lovelace” → “Charles Babbage”',
      );
      await relation.getByRole('button', { name: 'met' }).click();

      // The region list is the keyboard path to every span: ↓ from the selected one selects the next.
      const list = page.getByRole('region', { name: 'Spans of text' });
      expect(await list.locator('[data-region-id]').count()).toBe(3);
      await list.locator('[data-region-id] .region-name[tabindex="0"]').focus();
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => status(page)).toBe(`Span Location: “London” (${london}–${london + 6}).`);
      // The list moves its focus to the row it selected (a frame later).
      const focusedRow = () =>
        page.evaluate(() => document.activeElement?.closest('[data-region-id]')?.textContent ?? '');
      await expect.poll(focusedRow).toContain('London');
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => status(page)).toBe('Span Person: “Charles Babbage” (17–32).');
      await expect.poll(() => page.locator('.ws-relation-arrows path').count()).toBeGreaterThan(1);
      await page.screenshot({ path: screenshotPath('text-ner-spans') });
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      await page.keyboard.press('Control+Enter');
      await expect.poll(() => page.getByTestId('task-viewer').getAttribute('aria-label')).toBe('Task 101');
      const result = await resultOf('100');
      const spans = result.filter((r) => r.type === 'labels');
      expect(spans.map((r) => r.value)).toEqual([
        { start: 0, end: 12, text: 'Ada Lovelace', labels: ['Person'] },
        { start: 17, end: 32, text: 'Charles Babbage', labels: ['Person'] },
        { start: london, end: london + 6, text: 'London', labels: ['Location'] },
      ]);
      for (const span of spans) {
        expect(span).toMatchObject({ from_name: 'label', to_name: 'text', origin: 'manual' });
        expect(span.id).toMatch(/^[A-Za-z0-9]{10}$/);
      }
      expect(result.filter((r) => r.type === 'textarea')).toEqual([
        expect.objectContaining({
          id: spans[0]!.id,
          from_name: 'note',
          to_name: 'text',
          value: { text: ['first programmer'] },
        }),
      ]);
      expect(result.filter((r) => r.type === 'relation')).toEqual([
        { type: 'relation', from_id: spans[0]!.id, to_id: spans[1]!.id, direction: 'right', labels: ['met'] },
      ]);
      expect(pageErrors).toEqual([]);
    },
  );
});

/** A bare page with the real ConfigView over one object (HyperText, Paragraphs) and the workspace's hotkeys. */
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
async function barePage(xml: string, data: Record<string, unknown>, result: unknown[]) {
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

describe('HyperText and dialogues (Chromium, bare page)', () => {
  it(
    "HyperText: sanitized HTML, spans by mouse and by keyboard in Label Studio's shape, maxUsages, painted, selected, deleted",
    { timeout: 60_000 },
    async () => {
      const html =
        '<p onclick="window.pwned=1">Hello <b>big</b> world</p><script>window.pwned=2</script>' +
        '<img src="http://evil.example/x.png" onerror="window.pwned=3"><p style="background:url(http://evil.example/y)">' +
        'Second line</p><iframe src="http://evil.example/"></iframe><a href="javascript:window.pwned=4">link</a>';
      const stored = {
        id: 'h1',
        from_name: 'ner',
        to_name: 'html',
        type: 'hypertextlabels',
        value: {
          start: '/p[2]/text()[1]',
          end: '/p[2]/text()[1]',
          startOffset: 0,
          endOffset: 6,
          globalOffsets: { start: 15, end: 21 },
          text: 'Second',
          hypertextlabels: ['Greeting'],
        },
      };
      const { page, requests, errors } = await barePage(
        '<View><HyperTextLabels name="ner" toName="html"><Label value="Greeting" maxUsages="2"/><Label value="Other"/></HyperTextLabels><HyperText name="html" value="$html"/></View>',
        { html },
        [stored],
      );
      const view = page.locator('[data-hypertext="html"]');
      await expect.poll(() => view.textContent()).toBe('Hello big worldSecond linelink');
      // Nothing that runs, loads or styles survived; nothing was fetched; nothing ran.
      expect(
        await view.evaluate(
          (el) => el.querySelectorAll('script, img, iframe, [style], [onclick], [href]').length,
        ),
      ).toBe(0);
      expect(await view.innerHTML()).toBe('<p>Hello <b>big</b> world</p><p>Second line</p><a>link</a>');
      expect(requests.filter((u) => u.includes('evil'))).toEqual([]);
      expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
      // The stored span is painted (a highlight registered for it).
      expect(await page.evaluate(() => CSS.highlights.size)).toBeGreaterThan(0);

      // Mouse over "big world", then the label's key (1): Label Studio's hypertextlabels value.
      const box = await view.evaluate((el) => {
        const b = el.querySelector('b')!.firstChild!;
        const world = el.querySelector('p')!.lastChild!;
        const r1 = document.createRange();
        r1.setStart(b, 0);
        r1.setEnd(b, 1);
        const r2 = document.createRange();
        r2.setStart(world, 5);
        r2.setEnd(world, 6);
        const a = r1.getBoundingClientRect();
        const z = r2.getBoundingClientRect();
        return { x1: a.left + 1, x2: z.right - 0.5, y: a.top + a.height / 2 };
      });
      await page.mouse.move(box.x1, box.y);
      await page.mouse.down();
      await page.mouse.move(box.x2, box.y, { steps: 5 });
      await page.mouse.up();
      await expect
        .poll(() => page.getByTestId('hypertext-status-html').textContent())
        .toBe('Selected “big world”: press a label.');
      await page.keyboard.press('1');
      type Item = { id: string; type: string; value: Record<string, unknown> };
      const items = () => page.evaluate(() => (window as unknown as { items: () => Item[] }).items());
      await expect.poll(async () => (await items()).length).toBe(2);
      const made = (await items())[1]!;
      expect(made).toMatchObject({
        type: 'hypertextlabels',
        from_name: 'ner',
        to_name: 'html',
        origin: 'manual',
      });
      expect(made.value).toEqual({
        start: '/p[1]/b[1]/text()[1]',
        end: '/p[1]/text()[2]',
        startOffset: 0,
        endOffset: 6,
        globalOffsets: { start: 6, end: 15 },
        text: 'big world',
        hypertextlabels: ['Greeting'],
      });
      expect(await page.getByTestId('hypertext-status-html').textContent()).toBe(
        'Span Greeting: “big world”.',
      );

      // A click on the stored span selects it; Delete removes it (and only it).
      const second = await view.evaluate((el) => {
        const r = document.createRange();
        r.setStart(el.querySelectorAll('p')[1]!.firstChild!, 2);
        r.setEnd(el.querySelectorAll('p')[1]!.firstChild!, 3);
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      });
      await page.mouse.click(second.x, second.y);
      await expect
        .poll(() => page.getByTestId('hypertext-status-html').textContent())
        .toBe('Span Greeting: “Second”.');
      await page.keyboard.press('Delete');
      await expect.poll(async () => (await items()).map((i) => i.id)).toEqual([made.id]);

      // The keyboard: a caret over the text as it reads (a line per block), Shift+Ctrl+→ selects
      // "Hello", 2 = Other; End, → to the next paragraph, Shift+End selects "Second line", 1 = Greeting.
      const htStatus = page.getByTestId('hypertext-status-html');
      await view.focus();
      await page.keyboard.press('Control+Home');
      await expect.poll(() => page.locator('.ws-hypertext-caret:not([hidden])').count()).toBe(1);
      await page.keyboard.press('Shift+Control+ArrowRight');
      await expect.poll(() => htStatus.textContent()).toBe('Selected “Hello”: press a label.');
      await page.keyboard.press('2');
      await expect.poll(async () => (await items()).length).toBe(2);
      expect((await items())[1]!.value).toEqual({
        start: '/p[1]/text()[1]',
        end: '/p[1]/text()[1]',
        startOffset: 0,
        endOffset: 5,
        globalOffsets: { start: 0, end: 5 },
        text: 'Hello',
        hypertextlabels: ['Other'],
      });
      // Escape clears the selection; Enter selects the span under the caret.
      await page.keyboard.press('Escape');
      await expect.poll(() => htStatus.textContent()).toBe('');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Enter');
      await expect.poll(() => htStatus.textContent()).toBe('Span Other: “Hello”.');
      await page.keyboard.press('End');
      // End of the line: the caret is drawn after "world", not at the next paragraph's start.
      const caretOff = () =>
        page.evaluate(() => {
          const mark = document.querySelector('.ws-hypertext-caret')!.getBoundingClientRect();
          const world = document.querySelector('[data-hypertext="html"] p')!.lastChild!;
          const r = document.createRange();
          r.setStart(world, world.textContent!.length);
          const end = r.getBoundingClientRect();
          return Math.round(Math.abs(mark.left - end.left) + Math.abs(mark.top - end.top));
        });
      await expect.poll(caretOff).toBeLessThan(3);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Shift+End');
      await expect.poll(() => htStatus.textContent()).toBe('Selected “Second line”: press a label.');
      await page.keyboard.press('1');
      await expect.poll(async () => (await items()).length).toBe(3);
      expect((await items())[2]!.value).toEqual({
        start: '/p[2]/text()[1]',
        end: '/p[2]/text()[1]',
        startOffset: 0,
        endOffset: 11,
        globalOffsets: { start: 15, end: 26 },
        text: 'Second line',
        hypertextlabels: ['Greeting'],
      });
      // Greeting may label two regions: a third is refused with a note, the selection stays for Other.
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Shift+End');
      await expect.poll(() => htStatus.textContent()).toBe('Selected “link”: press a label.');
      await page.keyboard.press('1');
      await expect
        .poll(() => page.getByTestId('labels-note-ner').textContent())
        .toBe('“Greeting” is used up: it may label 2 regions in a task (2 already).');
      expect(await htStatus.textContent()).toBe('Selected “link”: press a label.');
      expect(await items()).toHaveLength(3);
      expect(
        await page.getByRole('button', { name: 'Greeting 1', exact: true }).getAttribute('aria-disabled'),
      ).toBe('true');
      expect(
        await page.getByRole('button', { name: 'Other 2', exact: true }).getAttribute('aria-disabled'),
      ).toBeNull();
      await page.keyboard.press('2');
      await expect.poll(async () => (await items()).length).toBe(4);
      expect((await items())[3]!.value).toMatchObject({
        start: '/a[1]/text()[1]',
        globalOffsets: { start: 26, end: 30 },
        text: 'link',
        hypertextlabels: ['Other'],
      });
      expect(await page.getByTestId('labels-note-ner').textContent()).toBe('');
      // Across two paragraphs: offsets count the text nodes only; the text has the blank line between
      // them that Label Studio's selection text has.
      await page.keyboard.press('Control+Home');
      for (const key of ['Shift+ArrowDown', 'Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowRight'])
        await page.keyboard.press(key);
      await page.keyboard.press('2');
      await expect.poll(async () => (await items()).length).toBe(5);
      expect((await items())[4]!.value).toEqual({
        start: '/p[1]/text()[1]',
        end: '/p[2]/text()[1]',
        startOffset: 0,
        endOffset: 3,
        globalOffsets: { start: 0, end: 18 },
        text: 'Hello big world\n\nSec',
        hypertextlabels: ['Other'],
      });
      await page.screenshot({ path: screenshotPath('text-hypertext-span') });
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it(
    'a dialogue span across two turns (mouse) and one by keyboard, stored as paragraphlabels',
    { timeout: 60_000 },
    async () => {
      const dialogue = [
        { author: 'Agent', text: 'Hello, how can I help?' },
        { author: 'Customer', text: 'My order is late.' },
        { author: 'Agent', text: 'Sorry!' },
      ];
      const { page, errors } = await barePage(
        '<View><ParagraphLabels name="turns" toName="dialogue"><Label value="Question"/><Label value="Complaint"/></ParagraphLabels><Paragraphs name="dialogue" value="$dialogue" layout="dialogue" nameKey="author" textKey="text"/></View>',
        { dialogue },
        [],
      );
      const view = page.locator('[data-paragraphs="dialogue"]');
      await expect.poll(() => view.locator('.ws-turn').count()).toBe(3);
      expect(await view.locator('.ws-turn-name').allTextContents()).toEqual(['Agent', 'Customer', 'Agent']);
      // From "help?" in the agent's turn to "order" in the customer's.
      const box = await view.evaluate((el) => {
        const rect = (turn: number, from: number, to: number) => {
          const node = el.querySelector(`[data-turn="${turn}"] .ws-text-chunk`)!.firstChild!;
          const r = document.createRange();
          r.setStart(node, from);
          r.setEnd(node, to);
          return r.getBoundingClientRect();
        };
        const a = rect(0, 17, 18);
        const z = rect(1, 7, 8);
        return { x1: a.left + 1, y1: a.top + a.height / 2, x2: z.right - 0.5, y2: z.top + z.height / 2 };
      });
      await page.mouse.move(box.x1, box.y1);
      await page.mouse.down();
      await page.mouse.move(box.x2, box.y2, { steps: 8 });
      await page.mouse.up();
      const status = page.getByTestId('paragraphs-status-dialogue');
      await expect.poll(() => status.textContent()).toBe('Selected “help?\nMy order”: press a label.');
      await page.keyboard.press('2');
      type Item = { id: string; type: string; value: Record<string, unknown> };
      const items = () => page.evaluate(() => (window as unknown as { items: () => Item[] }).items());
      await expect.poll(async () => (await items()).length).toBe(1);
      expect((await items())[0]).toMatchObject({
        type: 'paragraphlabels',
        from_name: 'turns',
        to_name: 'dialogue',
        origin: 'manual',
        value: {
          start: '0',
          end: '1',
          startOffset: 17,
          endOffset: 8,
          text: 'help?\nMy order',
          paragraphlabels: ['Complaint'],
        },
      });
      // Drawn in both turns; a click in the second turn's part selects it; Delete removes it.
      expect(await view.locator('.ws-run-span').count()).toBe(2);
      await page.screenshot({ path: screenshotPath('text-dialogue-span') });
      const inside = await view.evaluate((el) => {
        const node = el.querySelector('[data-turn="1"] .ws-run-span')!.firstChild!;
        const r = document.createRange();
        r.setStart(node, 3);
        r.setEnd(node, 4);
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      });
      await page.keyboard.press('Escape');
      await page.mouse.click(inside.x, inside.y);
      await expect.poll(() => status.textContent()).toBe('Span Complaint: “help?\nMy order”.');
      await page.keyboard.press('Delete');
      await expect.poll(async () => (await items()).length).toBe(0);

      // The keyboard: the caret down into the customer's turn, Shift+Ctrl+→ twice, 1 = Question.
      await view.focus();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Shift+Control+ArrowRight');
      await page.keyboard.press('Shift+Control+ArrowRight');
      await expect.poll(() => status.textContent()).toBe('Selected “My order”: press a label.');
      await page.keyboard.press('1');
      await expect
        .poll(async () => (await items())[0]?.value)
        .toEqual({
          start: '1',
          end: '1',
          startOffset: 0,
          endOffset: 8,
          text: 'My order',
          paragraphlabels: ['Question'],
        });
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it(
    'a dialogue whose audio cannot be played says so; its turns are still labelled (whole turns: granularity)',
    { timeout: 60_000 },
    async () => {
      const { page, errors } = await barePage(
        '<View><ParagraphLabels name="turns" toName="dialogue"><Label value="Question"/></ParagraphLabels><Paragraphs name="dialogue" value="$dialogue" audioUrl="$audio" layout="dialogue" nameKey="author" textKey="text" granularity="paragraph"/></View>',
        {
          dialogue: [
            { author: 'Agent', text: 'Hello there', start: 0.5, end: 1.2 },
            { author: 'Customer', text: 'Hi' },
          ],
          // Not audio: the element reports an error.
          audio: 'data:audio/wav;base64,AAAA',
        },
        [],
      );
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe('The audio of this dialogue could not be loaded; the turns can still be labelled.');
      // Only the timed turn has a play button, and it is off.
      expect(await page.getByRole('button', { name: /^Play / }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Play Agent from 0.5 s' }).isDisabled()).toBe(true);
      const view = page.locator('[data-paragraphs="dialogue"]');
      await view.focus();
      await page.keyboard.press('Shift+Control+ArrowRight');
      await page.keyboard.press('1');
      type Item = { value: Record<string, unknown> };
      const items = () => page.evaluate(() => (window as unknown as { items: () => Item[] }).items());
      // granularity="paragraph": the selection of "Hello" is widened to the whole turn.
      await expect
        .poll(async () => (await items())[0]?.value)
        .toEqual({
          start: '0',
          end: '0',
          startOffset: 0,
          endOffset: 11,
          text: 'Hello there',
          paragraphlabels: ['Question'],
        });
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});
