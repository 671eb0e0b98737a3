/**
 * Dialogues in Chromium (the real ConfigView on a bare page): Paragraphs in dialogue layout, a span
 * across two turns by mouse and one by keyboard stored as paragraphlabels; a dialogue whose audio
 * cannot be played says so and is still labelled, whole turns with granularity="paragraph".
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from '../support/axe.ts';
import { barePage as openBarePage } from '../support/bare-workspace-page.ts';
import { launchChromium } from '../support/chromium.ts';
import { screenshotPath } from '../support/screenshots.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});
const barePage = (xml: string, data: Record<string, unknown>, result: unknown[]) =>
  openBarePage(browser, xml, data, result);

describe('dialogues (Chromium, bare page)', () => {
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
