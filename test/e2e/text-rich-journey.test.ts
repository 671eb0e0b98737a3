/**
 * HyperText and dialogues in real Chromium against the lab, submitted → the lab's S3 holds Label
 * Studio's shapes. "Web pages: named entities": the page's HTML is a file in S3 (`valueType="url"`,
 * read by main with the role's credentials); a span made with the keyboard caret across an inline
 * tag and one with the mouse inside a link are stored as hypertextlabels (xpath start/end,
 * startOffset/endOffset, globalOffsets, text). "Support calls: dialogue intents": a span across two
 * turns (paragraph indexes with offsets in each turn) and a turn's audio (`audioUrl`) played from its
 * start to its end. Screenshots; axe-core finds nothing serious.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { labOrganization } from '../lab/app-organization.ts';
import { type Lab } from '../lab/lab.ts';
import { openAnnotatorApp, openProject, type AnnotatorApp } from '../support/annotator-app.ts';
import { seriousAccessibilityProblems } from '../support/axe.ts';
import { useLabJourney } from '../support/lab-journey.ts';
import { screenshotPath } from '../support/screenshots.ts';

let browser: Browser;
let lab: Lab;
let dir: string;
let admin: S3Client;
const journey = useLabJourney('fa-rich-', (j) => ({ browser, lab, dir, admin } = j));

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
  journey.track(opened);
  return opened;
}

type Item = { id?: string; from_name?: string; to_name?: string; type: string; value?: unknown };
async function resultOf(projectId: string, taskId: string): Promise<Item[]> {
  const project = lab.projects.find((p) => p.id.endsWith(projectId))!;
  const object = await admin.send(
    new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${project.targetPrefix}${taskId}.json` }),
  );
  const doc = JSON.parse(await object.Body!.transformToString()) as { annotations: { result: Item[] }[] };
  expect(doc.annotations).toHaveLength(1);
  return doc.annotations[0]!.result;
}

/** The screen box of characters [from, to) of the `n`-th text node under `selector`. */
async function boxIn(page: Page, selector: string, n: number, from: number, to: number) {
  return page.evaluate(
    ([sel, index, a, b]) => {
      const root = document.querySelector(sel)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      for (let i = 0; i < index; i++) node = walker.nextNode();
      const range = document.createRange();
      range.setStart(node!, a);
      range.setEnd(node!, b);
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right, y: r.top + r.height / 2 };
    },
    [selector, n, from, to] as const,
  );
}

/** The task the window shows; a task's open or submit goes through main and S3 (seconds, under load). */
const viewer = (page: Page) => () => page.getByTestId('task-viewer').getAttribute('aria-label');
const WAIT = { timeout: 15_000 };

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
}

describe('HyperText and dialogues (Chromium + lab)', () => {
  it(
    "a web page's HTML from S3: spans by keyboard and mouse, submitted as Label Studio's hypertextlabels",
    { timeout: 120_000 },
    async () => {
      const { page, pageErrors } = await languageApp('web');
      await openProject(page, 'Web pages: named entities');
      await page.getByTestId('label-all').click();
      await expect.poll(viewer(page), WAIT).toBe('Task 700');
      const view = page.getByRole('textbox', { name: 'HTML page' });
      await expect
        .poll(() => view.textContent(), WAIT)
        .toBe(
          'Lab newsYesterday Ada Lovelace visited the Federation Lab in London.Talk: enginesHost: Charles Babbage',
        );
      // The page's markup is shown as markup (sanitized): the link is text, not a link.
      expect(await view.locator('h1').count()).toBe(1);
      expect(await view.locator('a[href]').count()).toBe(0);
      const status = page.getByTestId('hypertext-status-page');

      // Keyboard: ↓ to the paragraph, Ctrl+→ past "Yesterday", → to "Ada", Shift+Ctrl+→ twice.
      await view.focus();
      for (const key of ['Control+Home', 'ArrowDown', 'Control+ArrowRight', 'ArrowRight'])
        await page.keyboard.press(key);
      await page.keyboard.press('Shift+Control+ArrowRight');
      await page.keyboard.press('Shift+Control+ArrowRight');
      await expect.poll(() => status.textContent(), WAIT).toBe('Selected “Ada Lovelace”: press a label.');
      await page.keyboard.press('1');
      await expect.poll(() => status.textContent(), WAIT).toBe('Span Person: “Ada Lovelace”.');

      // Mouse: a drag over "London" inside the link, then Location's button.
      const london = await boxIn(page, '[data-hypertext="page"]', 6, 0, 6);
      await drag(page, { x: london.left + 1, y: london.y }, { x: london.right - 0.5, y: london.y });
      await expect.poll(() => status.textContent(), WAIT).toBe('Selected “London”: press a label.');
      await page.getByRole('button', { name: /Location/ }).click();
      await expect.poll(() => status.textContent(), WAIT).toBe('Span Location: “London”.');
      await page.screenshot({ path: screenshotPath('text-hypertext-lab') });
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      await page.keyboard.press('Control+Enter');
      await expect.poll(viewer(page), WAIT).toBe('Task 701');
      const spans = (await resultOf('web-ner', '700')).filter((r) => r.type === 'hypertextlabels');
      expect(spans.map((r) => r.value)).toEqual([
        {
          start: '/article[1]/p[1]/b[1]/text()[1]',
          end: '/article[1]/p[1]/text()[2]',
          startOffset: 0,
          endOffset: 9,
          globalOffsets: { start: 18, end: 30 },
          text: 'Ada Lovelace',
          hypertextlabels: ['Person'],
        },
        {
          start: '/article[1]/p[1]/a[1]/text()[1]',
          end: '/article[1]/p[1]/a[1]/text()[1]',
          startOffset: 0,
          endOffset: 6,
          globalOffsets: { start: 61, end: 67 },
          text: 'London',
          hypertextlabels: ['Location'],
        },
      ]);
      for (const span of spans) {
        expect(span).toMatchObject({ from_name: 'ner', to_name: 'page' });
        expect(span.id).toMatch(/^[A-Za-z0-9]{10}$/);
      }
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    "a support call: a span across two turns and a turn's audio played; S3 gets Label Studio's paragraphlabels",
    { timeout: 120_000 },
    async () => {
      const { page, pageErrors } = await languageApp('calls');
      await openProject(page, 'Support calls: dialogue intents');
      await page.getByTestId('label-all').click();
      await expect.poll(viewer(page), WAIT).toBe('Task 800');
      const view = page.locator('[data-paragraphs="dialogue"]');
      await expect.poll(() => view.locator('.ws-turn').count(), WAIT).toBe(3);
      expect(await view.locator('.ws-turn-name').allTextContents()).toEqual(['Agent', 'Customer', 'Agent']);

      // From "help?" in the agent's turn to "order" in the customer's, then Complaint's key (2).
      const a = await boxIn(page, '[data-paragraphs="dialogue"] [data-turn="0"] .ws-text-chunk', 0, 17, 18);
      const z = await boxIn(page, '[data-paragraphs="dialogue"] [data-turn="1"] .ws-text-chunk', 0, 7, 8);
      await drag(page, { x: a.left + 1, y: a.y }, { x: z.right - 0.5, y: z.y });
      const status = page.getByTestId('paragraphs-status-dialogue');
      await expect.poll(() => status.textContent(), WAIT).toBe('Selected “help?\nMy order”: press a label.');
      await page.keyboard.press('2');
      await expect.poll(() => status.textContent(), WAIT).toBe('Span Complaint: “help?\nMy order”.');

      // The customer's turn played from its start (1.6 s) and stopped at its end (2.6 s).
      const play = page.getByRole('button', { name: 'Play Customer from 1.6 s' });
      await play.click();
      const audio = () =>
        page.evaluate(() => {
          const el = document.querySelector('audio')!;
          return { paused: el.paused, at: el.currentTime, error: el.error?.code ?? null };
        });
      await expect.poll(async () => (await audio()).paused, { timeout: 10_000 }).toBe(false);
      expect((await audio()).at).toBeGreaterThanOrEqual(1.6);
      expect(await view.locator('.ws-turn-playing').getAttribute('data-turn')).toBe('1');
      await expect.poll(async () => (await audio()).paused, { timeout: 10_000 }).toBe(true);
      const stopped = await audio();
      expect(stopped.error).toBeNull();
      expect(stopped.at).toBeGreaterThanOrEqual(2.6);
      // Stopped by a check each frame: a frame late on a loaded machine, not played on to the clip's end (4 s).
      expect(stopped.at).toBeLessThan(3.3);
      expect(await view.locator('.ws-turn-playing').count()).toBe(0);
      await page.screenshot({ path: screenshotPath('text-dialogue-lab') });
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      await page.keyboard.press('Control+Enter');
      await expect.poll(viewer(page), WAIT).toBe('Task 801');
      const spans = (await resultOf('support-dialogues', '800')).filter((r) => r.type === 'paragraphlabels');
      expect(spans).toEqual([
        {
          id: expect.stringMatching(/^[A-Za-z0-9]{10}$/),
          from_name: 'intent',
          to_name: 'dialogue',
          type: 'paragraphlabels',
          origin: 'manual',
          value: {
            start: '0',
            end: '1',
            startOffset: 17,
            endOffset: 8,
            text: 'help?\nMy order',
            paragraphlabels: ['Complaint'],
          },
        },
      ]);
      expect(pageErrors).toEqual([]);
    },
  );
});
