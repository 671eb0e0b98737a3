/**
 * Brush masks, multi-image pages and the turned view in real Chromium against the lab: a stroke
 * painted, part of it erased, a third stroke undone, submitted → the lab's S3 holds Label Studio's
 * brushlabels item whose `rle` decodes (with our codec and with rle-pack's own decoder, as Label
 * Studio's converter does) to the pixels painted; a prediction's masks, made as Label Studio's editor
 * makes them, started from and submitted untouched → the same bytes; ellipses on two images of a
 * `valueList`, the second drawn with the view turned a quarter → `item_index` and `image_rotation`
 * as Label Studio writes them, in percent of the original image.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { decode as rlePackDecode } from '@thi.ng/rle-pack';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodeBrushMask } from '../../core/labeling/brush-rle.ts';
import { type Lab } from '../lab/lab.ts';
import { seriousAccessibilityProblems } from '../support/axe.ts';
import { useLabJourney } from '../support/lab-journey.ts';
import { screenshotPath } from '../support/screenshots.ts';
import { at, drag, openFirstTask, px, py, regionCount, writtenAnnotation, type Item } from './image-page.ts';

let lab: Lab;
let admin: S3Client;
const journey = useLabJourney('fa-masks-', (j) => ({ lab, admin } = j));

const app = (name: string) => journey.app({ name, username: 'annotator' });

/** A brush stroke through natural points, the pointer moving in small steps as a hand does. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const first = await at(page, ...points[0]!);
  await page.mouse.move(first.x, first.y);
  await page.mouse.down();
  for (const p of points.slice(1)) {
    const s = await at(page, ...p);
    await page.mouse.move(s.x, s.y, { steps: 8 });
  }
  await page.mouse.up();
}

/** Ctrl+Enter; the notice says so (or, after the project's last task, the page that says it is done). */
async function submit(page: Page): Promise<void> {
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => page.locator('main').textContent(), { timeout: 15_000 }).toContain('Submitted');
}

/** Whether a pixel's centre is within `r` of segment a→b (what a round brush covers). */
function underBrush(x: number, y: number, a: [number, number], b: [number, number], r: number): boolean {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((x + 0.5 - a[0]) * dx + (y + 0.5 - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x + 0.5 - (a[0] + t * dx), y + 0.5 - (a[1] + t * dy)) <= r;
}

describe('image masks and pages (Chromium + lab)', () => {
  it(
    'paints a mask, erases part of it, undoes a stroke; S3 has Label Studio’s brushlabels item decoding to those pixels',
    { timeout: 120_000 },
    async () => {
      const annotator = await app('brush');
      const { page } = annotator;
      await openFirstTask(page, 'Shapes: brush masks');
      // The label's key picks it and the brush (1 = Square); the brush is 20 natural px wide.
      await page.keyboard.press('1');
      await expect.poll(() => page.getByTestId('brush-size').textContent()).toBe('20 px');
      await stroke(page, [
        [40, 60],
        [200, 60],
      ]);
      await expect.poll(() => regionCount(page)).toBe(1);
      // The eraser (E) takes a vertical band off the selected mask.
      await page.keyboard.press('e');
      expect(await page.getByRole('button', { name: 'Eraser' }).getAttribute('aria-pressed')).toBe('true');
      await stroke(page, [
        [120, 30],
        [120, 90],
      ]);
      // Painting again, a stroke below, then undone: one stroke is one step.
      await page.keyboard.press('e');
      await stroke(page, [
        [60, 180],
        [180, 180],
      ]);
      await page.keyboard.press('Control+z');
      await expect.poll(() => regionCount(page)).toBe(1);
      // Without the mouse: the crosshair (C) from the image's centre, 8 down, Enter, 4 right, Enter.
      const zoom = await page
        .getByTestId('image-canvas')
        .evaluate((el: HTMLElement) => Number(el.dataset['zoom']));
      await page.keyboard.press('c');
      for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.keyboard.press('c');
      const keyed: [[number, number], [number, number]] = [
        [160, 120 + 80 / zoom],
        [160 + 40 / zoom, 120 + 80 / zoom],
      ];
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('image-brush') });
      await submit(page);

      const result = await writtenAnnotation(lab, admin, 'shapes-masks', '700.json');
      expect(result).toHaveLength(1);
      const mask = result[0]!;
      expect(mask).toMatchObject({
        type: 'brushlabels',
        from_name: 'tag',
        to_name: 'image',
        origin: 'manual',
        original_width: 320,
        original_height: 240,
        image_rotation: 0,
        value: { format: 'rle', brushlabels: ['Square'] },
      });
      expect(Object.keys(mask.value)).toEqual(['format', 'rle', 'brushlabels']);
      const rle = mask.value['rle'] as number[];
      const ours = decodeBrushMask(rle, 320, 240).data;
      // rle-pack's own decoder (Label Studio's editor; its converter reads the same): RGBA, channel 3.
      const rgba = rlePackDecode(Uint8Array.from(rle));
      expect(rgba.length).toBe(320 * 240 * 4);
      let differ = 0;
      let painted = 0;
      let unexpected = 0;
      for (let y = 0; y < 240; y++)
        for (let x = 0; x < 320; x++) {
          const i = y * 320 + x;
          if (rgba[i * 4 + 3] !== ours[i] || rgba[i * 4] !== ours[i]) differ++;
          const want =
            (underBrush(x, y, [40, 60], [200, 60], 10) && Math.abs(x + 0.5 - 120) > 10) ||
            underBrush(x, y, ...keyed, 10);
          if (ours[i]) painted++;
          if (!!ours[i] !== want) unexpected++;
        }
      expect(differ).toBe(0);
      // 160 × 20 plus the round ends, less the 20-px band: ~3,100 px, and the keyed stroke's ~700;
      // the edges may differ by a pixel.
      expect(painted).toBeGreaterThan(3400);
      expect(unexpected).toBeLessThan(painted * 0.04);
      // The undone stroke left nothing; the erased band is empty.
      expect(ours[180 * 320 + 120]).toBe(0);
      expect(ours[60 * 320 + 120]).toBe(0);
      expect(ours[60 * 320 + 60]).toBe(255);
      // The keyed stroke is a line, not two dabs: a pixel 9 px above its middle is painted.
      expect(ours[(Math.floor(keyed[0][1]) - 9) * 320 + 170]).toBe(255);
      expect(annotator.pageErrors).toEqual([]);
    },
  );

  it(
    'a prediction’s masks (Label Studio’s bytes) are drawn, started from and written back byte for byte',
    { timeout: 120_000 },
    async () => {
      const annotator = await app('brush-prediction');
      const { page } = annotator;
      await openFirstTask(page, 'Shapes: brush masks');
      await page.getByRole('button', { name: '← Tasks' }).click();
      await page.getByTestId('task-list').getByRole('button').nth(1).click();
      await expect
        .poll(() => page.getByRole('tab', { name: /Prediction: lab-ground-truth/ }).count())
        .toBe(1);
      const project = lab.projects.find((p) => p.id.endsWith('shapes-masks'))!;
      const file = await admin.send(
        new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${project.sourcePrefix}tasks.json` }),
      );
      const tasks = JSON.parse(await file.Body!.transformToString()) as {
        id: number;
        predictions: { result: Item[] }[];
      }[];
      const predicted = tasks.find((t) => t.id === 701)!.predictions[0]!.result;
      await page.getByRole('tab', { name: /Prediction: lab-ground-truth/ }).click();
      await expect.poll(() => regionCount(page)).toBe(predicted.length);
      await page.screenshot({ path: screenshotPath('image-brush-prediction') });
      await page.getByTestId('start-from').click();
      await expect.poll(() => regionCount(page)).toBe(predicted.length);
      await submit(page);
      const result = await writtenAnnotation(lab, admin, 'shapes-masks', '701.json');
      expect(result.map((r) => r.id)).toEqual(predicted.map((r) => r.id));
      result.forEach((item, i) => expect(item.value).toEqual(predicted[i]!.value));
      expect(annotator.pageErrors).toEqual([]);
    },
  );

  it(
    'ellipses on two images of a valueList, the second with the view turned: item_index and image_rotation',
    { timeout: 120_000 },
    async () => {
      const annotator = await app('pages');
      const { page } = annotator;
      await openFirstTask(page, 'Shapes: pages of ellipses');
      await expect.poll(() => page.getByTestId('image-page').textContent()).toBe('Image 1 of 2');
      await page.keyboard.press('1');
      await drag(page, [40, 40], [120, 100]);
      await expect.poll(() => regionCount(page)).toBe(1);

      await page.getByRole('button', { name: 'Next image' }).click();
      await expect.poll(() => page.getByTestId('image-page').textContent()).toBe('Image 2 of 2');
      await expect.poll(() => regionCount(page)).toBe(0);
      await page.getByRole('button', { name: 'Rotate right' }).click();
      const canvas = page.getByTestId('image-canvas');
      await expect.poll(() => canvas.evaluate((el: HTMLElement) => el.dataset['rotation'])).toBe('90');
      // Turned a quarter, the box is portrait: taller than wide.
      await expect
        .poll(async () => {
          const box = (await canvas.boundingBox())!;
          return box.height > box.width;
        })
        .toBe(true);
      await page.keyboard.press('2');
      // From natural (150, 100) to (250, 180): on screen the drag runs down and to the left.
      const from = await at(page, 150, 100);
      const to = await at(page, 250, 180);
      expect(to.x).toBeLessThan(from.x);
      expect(to.y).toBeGreaterThan(from.y);
      await drag(page, [150, 100], [250, 180]);
      await expect.poll(() => regionCount(page)).toBe(1);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('image-pages-rotated') });
      await submit(page);

      const result = await writtenAnnotation(lab, admin, 'shapes-pages', '800.json');
      expect(result).toHaveLength(2);
      const [first, second] = result as [Item, Item];
      expect(first).toMatchObject({
        type: 'ellipselabels',
        from_name: 'round',
        to_name: 'pages',
        item_index: 0,
        image_rotation: 0,
        original_width: 320,
        original_height: 240,
        value: { ellipselabels: ['Circle'] },
      });
      expect(second).toMatchObject({
        type: 'ellipselabels',
        item_index: 1,
        image_rotation: 90,
        original_width: 320,
        original_height: 240,
        value: { ellipselabels: ['Other'], rotation: 0 },
      });
      // Percent of the original (unturned) image: centre (200, 140), radii 50 × 40.
      const v = second.value as { x: number; y: number; radiusX: number; radiusY: number };
      expect(Math.abs(v.x - px(200))).toBeLessThan(0.8);
      expect(Math.abs(v.y - py(140))).toBeLessThan(0.8);
      expect(Math.abs(v.radiusX - px(50))).toBeLessThan(0.8);
      expect(Math.abs(v.radiusY - py(40))).toBeLessThan(0.8);
      expect(annotator.pageErrors).toEqual([]);
    },
  );
});
