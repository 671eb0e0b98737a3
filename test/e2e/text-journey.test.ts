/**
 * Text spans in real Chromium against the lab: the "News: named entities" project labelled with the
 * keyboard (caret, Shift+Ctrl+arrows, a label's hotkey, relabel, Delete) and with the mouse (a label
 * armed, then a drag widened to words), a per-region comment on a span, submitted → the lab's S3 holds
 * Label Studio's `labels` items (start/end as string indices, text, labels) and the comment under the
 * span's id, and a relation between two spans (`{type:'relation', from_id, to_id, direction, labels}`);
 * axe-core finds nothing serious. HyperText and dialogues on a bare page: text-hypertext.test.ts,
 * text-dialogue.test.ts; against the lab: text-rich-journey.test.ts.
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
const journey = useLabJourney('fa-text-', (j) => ({ browser, lab, dir, admin } = j));

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
  journey.track(opened);
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
