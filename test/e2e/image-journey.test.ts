/**
 * The image workspace in real Chromium against the lab: a box drawn, labelled after drawing,
 * resized, the resize undone, rotated, another box deleted from the region list by keyboard, then
 * submitted → the `<task>.json` in the lab's S3 holds Label Studio's rectanglelabels item; a polygon
 * with an inserted vertex; keypoints placed with a label key; predictions drawn read-only; axe-core
 * finds nothing serious with the workspace open.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { type Lab } from '../lab/lab.ts';
import { seriousAccessibilityProblems } from '../support/axe.ts';
import { useLabJourney } from '../support/lab-journey.ts';
import { screenshotPath } from '../support/screenshots.ts';
import {
  at,
  click,
  drag,
  openFirstTask,
  px,
  py,
  regionCount,
  writtenAnnotation as writtenAnnotation_,
  type Item,
} from './image-page.ts';

let lab: Lab;
let admin: S3Client;
const journey = useLabJourney('fa-image-', (j) => ({ lab, admin } = j));

const app = (name: string) => journey.app({ name, username: 'annotator' });

/** The one annotation of a project in the lab's S3 (image-page.ts), for this test's lab. */
const writtenAnnotation = (projectId: string, key?: string) => writtenAnnotation_(lab, admin, projectId, key);

describe('image workspace (Chromium + lab)', () => {
  it(
    'draws a box, labels it after drawing, resizes, undoes, rotates, deletes another from the list; submit writes Label Studio’s item',
    { timeout: 120_000 },
    async () => {
      const annotator = await app('boxes');
      const { page } = annotator;
      await openFirstTask(page, 'Shapes: bounding boxes');
      expect(await regionCount(page)).toBe(0);

      // Drawn without a label, then labelled by its key (2 = Circle) while it is selected.
      await drag(page, [40, 40], [120, 100]);
      await expect.poll(() => regionCount(page)).toBe(1);
      await page.keyboard.press('2');
      const list = page.getByTestId('region-list');
      await expect.poll(() => list.textContent()).toContain('Circle · Rectangle');

      // Resize by the bottom-right handle, then undo that one drag.
      await drag(page, [120, 100], [200, 160]);
      await page.keyboard.press('Control+z');
      // Undo again would remove the label: one more step back and forth proves each gesture is one step.
      await page.keyboard.press('Control+z');
      await expect.poll(() => list.textContent()).toContain('No label · Rectangle');
      await page.keyboard.press('Control+Shift+Z');
      await expect.poll(() => list.textContent()).toContain('Circle · Rectangle');

      // Rotate by the handle above the top edge: dragged to the right of the centre, a quarter turn.
      const selectedBox = list.getByRole('button', { name: 'Circle · Rectangle', exact: true });
      expect(await selectedBox.getAttribute('aria-pressed')).toBe('true');
      const rotateFrom = await at(page, 80, 40);
      const zoom = await page
        .getByTestId('image-canvas')
        .evaluate((el: HTMLElement) => Number(el.dataset['zoom']));
      await page.mouse.move(rotateFrom.x, rotateFrom.y - 24);
      await page.mouse.down();
      const toRight = await at(page, 80 + 200 / zoom, 70);
      await page.mouse.move(toRight.x, toRight.y, { steps: 6 });
      await page.mouse.up();
      await page.screenshot({ path: screenshotPath('image-box-rotated') });

      // A second box, picked label first (3 = Triangle), then deleted from the region list by keyboard.
      await page.keyboard.press('Escape');
      await page.keyboard.press('3');
      await drag(page, [200, 150], [260, 200]);
      await expect.poll(() => regionCount(page)).toBe(2);
      await expect.poll(() => list.textContent()).toContain('Triangle · Rectangle');
      await list.getByRole('button', { name: 'Triangle · Rectangle', exact: true }).focus();
      await page.keyboard.press('Delete');
      await expect.poll(() => regionCount(page)).toBe(1);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('image-boxes') });

      await page.keyboard.press('Control+Enter');
      await expect
        .poll(() => page.getByTestId('task-notice').textContent(), { timeout: 15_000 })
        .toContain('Submitted');
      const result = await writtenAnnotation('shapes-boxes', '1.json');
      expect(result).toHaveLength(1);
      const box = result[0]!;
      expect(box).toMatchObject({
        type: 'rectanglelabels',
        from_name: 'label',
        to_name: 'image',
        origin: 'manual',
        original_width: 320,
        original_height: 240,
        image_rotation: 0,
        value: { rectanglelabels: ['Circle'] },
      });
      expect(box.id).toMatch(/^[A-Za-z0-9]{10}$/);
      expect(Object.keys(box.value).sort()).toEqual(
        ['height', 'rectanglelabels', 'rotation', 'width', 'x', 'y'].sort(),
      );
      const v = box.value as { x: number; y: number; width: number; height: number; rotation: number };
      // The resize was undone: 80 × 60 natural pixels (within a screen pixel), turned a quarter about its centre.
      expect(Math.abs(v.width - px(80))).toBeLessThan(0.6);
      expect(Math.abs(v.height - py(60))).toBeLessThan(0.8);
      expect(Math.abs(v.rotation - 90)).toBeLessThan(4);
      // x,y is the top-left corner before rotation: a quarter turn about (80, 70) puts it at (110, 30).
      expect(Math.abs(v.x - px(110))).toBeLessThan(2);
      expect(Math.abs(v.y - py(30))).toBeLessThan(2);
      expect(annotator.pageErrors).toEqual([]);
    },
  );

  it(
    'a prediction drawn read-only, then started from: relabelled by key, nudged, one deleted by keyboard; origins as Label Studio writes them',
    { timeout: 120_000 },
    async () => {
      const annotator = await app('predicted');
      const { page } = annotator;
      await openFirstTask(page, 'Shapes: bounding boxes');
      const boxes = lab.projects.find((p) => p.id.endsWith('shapes-boxes'))!;
      const file = await admin.send(
        new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${boxes.sourcePrefix}tasks.json` }),
      );
      const tasks = JSON.parse(await file.Body!.transformToString()) as {
        id: number;
        predictions: { result: Item[] }[];
      }[];
      const predicted = tasks.find((t) => t.id === 1)!.predictions[0]!.result;
      expect(predicted.length).toBeGreaterThanOrEqual(3);

      await page.getByRole('tab', { name: /Prediction: lab-ground-truth/ }).click();
      await expect.poll(() => regionCount(page)).toBe(predicted.length);
      expect(
        await page
          .getByRole('toolbar')
          .getByRole('button', { name: /^Square/ })
          .isDisabled(),
      ).toBe(true);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('image-prediction') });
      await page.getByTestId('start-from').click();
      await expect
        .poll(() => page.getByRole('tab', { name: 'Your annotation' }).getAttribute('aria-selected'))
        .toBe('true');
      await expect.poll(() => regionCount(page)).toBe(predicted.length);
      const zoom = await page
        .getByTestId('image-canvas')
        .evaluate((el: HTMLElement) => Number(el.dataset['zoom']));

      // Keyboard only: the list's first row, down to the second, its label by key, nudged right 3 px.
      const list = page.getByTestId('region-list');
      await list.locator('button.region-name').first().focus();
      await page.keyboard.press('ArrowDown');
      const second = predicted[1]!;
      await expect
        .poll(() => list.locator(`[data-region-id="${second.id}"] .region-name`).getAttribute('aria-pressed'))
        .toBe('true');
      await page.keyboard.press('3');
      await expect
        .poll(() => list.locator(`[data-region-id="${second.id}"]`).textContent())
        .toContain('Triangle');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      // The third region goes, from its row.
      const third = predicted[2]!;
      await page.keyboard.press('ArrowDown');
      await expect
        .poll(() => list.locator(`[data-region-id="${third.id}"] .region-name`).getAttribute('aria-pressed'))
        .toBe('true');
      await page.keyboard.press('Delete');
      await expect.poll(() => regionCount(page)).toBe(predicted.length - 1);

      await page.keyboard.press('Control+Enter');
      await expect
        .poll(() => page.getByTestId('task-notice').textContent(), { timeout: 15_000 })
        .toContain('Submitted');
      const result = await writtenAnnotation('shapes-boxes', '1.json');
      expect(result.map((r) => r.id)).toEqual(predicted.filter((p) => p.id !== third.id).map((p) => p.id));
      const byId = new Map(result.map((r) => [r.id, r]));
      // Untouched: exactly the prediction's item, marked as taken from it.
      const first = predicted[0]!;
      expect(byId.get(first.id)).toEqual({ ...first, origin: 'prediction' });
      const edited = byId.get(second.id)!;
      expect(edited.origin).toBe('prediction-changed');
      expect(edited.value['rectanglelabels']).toEqual(['Triangle']);
      // Three 1-pixel nudges: 3 screen pixels right, in percent of the 320-pixel width; y unchanged.
      expect((edited.value['x'] as number) - (second.value['x'] as number)).toBeCloseTo(px(3 / zoom), 6);
      expect(edited.value['y']).toBe(second.value['y']);
      expect(annotator.pageErrors).toEqual([]);
    },
  );

  it(
    'draws a polygon and inserts a vertex; places keypoints with a label key',
    { timeout: 120_000 },
    async () => {
      const annotator = await app('shapes');
      const { page } = annotator;
      await openFirstTask(page, 'Shapes: polygons (files mode)');
      await page
        .getByRole('toolbar')
        .getByRole('button', { name: /^Square/ })
        .click();
      for (const [x, y] of [
        [40, 40],
        [140, 40],
        [140, 140],
        [40, 140],
      ] as const)
        await click(page, x, y);
      await click(page, 40, 40);
      await expect.poll(() => regionCount(page)).toBe(1);
      // The new polygon is selected: dragging the middle of its top edge inserts a vertex there.
      await drag(page, [90, 40], [90, 10]);
      await page.screenshot({ path: screenshotPath('image-polygon') });
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.keyboard.press('Control+Enter');
      await expect
        .poll(() => page.getByTestId('task-notice').textContent(), { timeout: 15_000 })
        .toContain('Submitted');
      const [polygon] = await writtenAnnotation('shapes-polygons');
      expect(polygon).toMatchObject({
        type: 'polygonlabels',
        from_name: 'label',
        to_name: 'image',
        original_width: 320,
        original_height: 240,
        image_rotation: 0,
        value: { polygonlabels: ['Square'] },
      });
      const points = polygon!.value['points'] as [number, number][];
      expect(points).toHaveLength(5);
      const expected = [
        [40, 40],
        [90, 10],
        [140, 40],
        [140, 140],
        [40, 140],
      ];
      points.forEach(([x, y], i) => {
        expect(Math.abs(x - px(expected[i]![0]!))).toBeLessThan(0.6);
        expect(Math.abs(y - py(expected[i]![1]!))).toBeLessThan(0.8);
      });

      // Keypoints: the label by its key (1 = Corner), then two clicks.
      await page.getByRole('button', { name: '← Tasks' }).click();
      await openFirstTask(page, 'Shapes: keypoints (JSONL)');
      // The task file's ground truth is drawn read-only when its tab is selected.
      await page.getByRole('tab', { name: /Prediction: lab-ground-truth/ }).click();
      await expect.poll(() => regionCount(page)).toBeGreaterThan(0);
      expect(
        await page
          .getByRole('toolbar')
          .getByRole('button', { name: /^Corner/ })
          .isDisabled(),
      ).toBe(true);
      await page.getByRole('tab', { name: 'Your annotation' }).click();
      await expect.poll(() => regionCount(page)).toBe(0);
      await page.keyboard.press('1');
      await click(page, 30, 30);
      await click(page, 200, 120);
      await expect.poll(() => regionCount(page)).toBe(2);
      await page.keyboard.press('Control+Enter');
      await expect
        .poll(() => page.getByTestId('task-notice').textContent(), { timeout: 15_000 })
        .toContain('Submitted');
      const keypoints = await writtenAnnotation('shapes-keypoints');
      expect(keypoints.map((k) => k.type)).toEqual(['keypointlabels', 'keypointlabels']);
      expect(keypoints[0]!.value).toMatchObject({ width: 1, keypointlabels: ['Corner'] });
      expect(Math.abs((keypoints[1]!.value['x'] as number) - px(200))).toBeLessThan(0.6);
      expect(Math.abs((keypoints[1]!.value['y'] as number) - py(120))).toBeLessThan(0.8);
      expect(new Set(keypoints.map((k) => k.id)).size).toBe(2);
      expect(annotator.pageErrors).toEqual([]);
    },
  );

  it(
    'keyboard only: a box drawn with the crosshair, labelled by key, resized by Ctrl+arrows; S3 has it',
    { timeout: 120_000 },
    async () => {
      const annotator = await app('keyboard');
      const { page } = annotator;
      await openFirstTask(page, 'Shapes: bounding boxes');
      const zoom = await page
        .getByTestId('image-canvas')
        .evaluate((el: HTMLElement) => Number(el.dataset['zoom']));
      await page.keyboard.press('3');
      await page.keyboard.press('c');
      await expect
        .poll(() => page.getByRole('button', { name: 'Keyboard cursor' }).getAttribute('aria-pressed'))
        .toBe('true');
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect.poll(() => regionCount(page)).toBe(1);
      await page.screenshot({ path: screenshotPath('image-keyboard-box') });
      // With the crosshair on, Enter on a toolbar button presses the button: no corner is placed.
      await page.getByRole('button', { name: 'Fit' }).focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      expect(await regionCount(page)).toBe(1);
      await page.locator('body').focus();
      await page.keyboard.press('c');
      // 4 screen px wider, 2 taller (Ctrl+Right ×4, Ctrl+Down ×2).
      for (let i = 0; i < 4; i++) await page.keyboard.press('Control+ArrowRight');
      for (let i = 0; i < 2; i++) await page.keyboard.press('Control+ArrowDown');
      const list = page.getByTestId('region-list');
      await expect.poll(() => list.textContent()).toContain('Triangle · Rectangle');
      await page.keyboard.press('Control+Enter');
      await expect
        .poll(() => page.getByTestId('task-notice').textContent(), { timeout: 15_000 })
        .toContain('Submitted');
      const [box] = await writtenAnnotation('shapes-boxes', '1.json');
      expect(box).toMatchObject({ type: 'rectanglelabels', value: { rectanglelabels: ['Triangle'] } });
      const v = box!.value as { width: number; height: number };
      // 80 × 50 screen px drawn, then 84 × 52: in natural px, divided by the zoom.
      expect(Math.abs(v.width - px(84 / zoom))).toBeLessThan(0.6);
      expect(Math.abs(v.height - py(52 / zoom))).toBeLessThan(0.8);
      expect(annotator.pageErrors).toEqual([]);
    },
  );
});
