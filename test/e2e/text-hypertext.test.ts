/**
 * HyperText in Chromium (the real ConfigView on a bare page): task HTML with scripts, handlers,
 * styles and remote loads is shown with none of them; a span selected with the mouse and labelled
 * with its key is stored as Label Studio stores it (xpaths, offsets, globalOffsets, text); a stored
 * one is painted, a click selects and Delete removes; spans made with the keyboard caret (a line per
 * block) and a label key, one across two paragraphs; a label at its maxUsages refused with a note.
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

describe('HyperText (Chromium, bare page)', () => {
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
});
