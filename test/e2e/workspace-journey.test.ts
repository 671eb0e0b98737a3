/**
 * The labeling workspace in real Chromium against the lab (IdP, STS, S3 with signature and policy
 * checks): a classification project labeled by keyboard only (choices, taxonomy, comment, rating),
 * submit → next → skip → back → update, the results in S3 in Label Studio's shapes; the "label all
 * tasks" stream passing over a task someone else holds; a reviewer opening read-only; a view-only
 * project; and axe-core finding nothing serious on the workspace screens.
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
const journey = useLabJourney('fa-workspace-', (j) => ({ browser, lab, dir, admin } = j));

async function app(name: string, username: string, role?: string): Promise<AnnotatorApp> {
  const opened = await openAnnotatorApp({
    browser,
    lab,
    dir,
    name,
    username,
    organization: labOrganization(lab, { id: 'sandbox' }),
    ...(role ? { role } : {}),
  });
  journey.track(opened);
  return opened;
}

const scenes = () => lab.projects.find((p) => p.id.endsWith('scene-review'))!;
const SCENES = 'Scenes: classify and rate';

type Item = {
  id?: string;
  origin?: string;
  from_name: string;
  to_name: string;
  type: string;
  value: unknown;
};
async function annotationOf(taskId: string) {
  const object = await admin.send(
    new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${scenes().targetPrefix}${taskId}.json` }),
  );
  const doc = JSON.parse(await object.Body!.transformToString()) as {
    id: number;
    annotations: { id: number; was_cancelled: boolean; result: Item[]; completed_by: { email: string } }[];
  };
  expect(doc.annotations).toHaveLength(1);
  return { doc, annotation: doc.annotations[0]! };
}

const openTaskId = async (page: Page) =>
  (await page.getByTestId('task-viewer').getAttribute('aria-label'))?.replace(/^Task /, '');

async function waitForTask(page: Page, taskId: string) {
  await expect.poll(() => openTaskId(page), { timeout: 15_000 }).toBe(taskId);
}

describe('labeling workspace (Chromium + lab)', () => {
  it(
    'labels a classification project by keyboard only: submit → next → skip → back → update',
    { timeout: 120_000 },
    async () => {
      const { page } = await app('keys', 'annotator');
      await openProject(page, SCENES);
      // Five tasks in two files: the list shows tasks, not files, once the files were read.
      await expect
        .poll(() => page.getByTestId('task-count').textContent(), { timeout: 15_000 })
        .toBe('5 tasks');
      await page.getByTestId('label-all').focus();
      await page.keyboard.press('Enter');
      await waitForTask(page, '511');
      await expect.poll(() => page.getByRole('heading', { name: 'Scene #11' }).count()).toBe(1);

      // Choices by their hotkey (2 = Circle), taxonomy by search and Space, a comment, four stars.
      await page.keyboard.press('2');
      await expect.poll(() => page.getByRole('radio', { name: /Circle/ }).isChecked()).toBe(true);
      await page.getByRole('searchbox').focus();
      await page.keyboard.type('Warm');
      await page.getByRole('checkbox', { name: 'Warm' }).focus();
      await page.keyboard.press('Space');
      await page.getByPlaceholder('Anything unusual?').focus();
      await page.keyboard.type('two shapes overlap');
      // A multi-row TextArea (rows="2"): Enter is a new line, Shift+Enter adds the text (Label Studio's keys).
      await page.keyboard.press('Shift+Enter');
      await page.getByRole('radio', { name: '4 of 5' }).focus();
      await page.keyboard.press('Space');
      // Undo takes the last step back, redo brings it again.
      await page.locator('body').focus();
      await page.keyboard.press('Control+z');
      await expect.poll(() => page.getByRole('radio', { name: '4 of 5' }).isChecked()).toBe(false);
      await page.keyboard.press('Control+Shift+Z');
      await expect.poll(() => page.getByRole('radio', { name: '4 of 5' }).isChecked()).toBe(true);
      await expect
        .poll(() => page.getByTestId('draft-status').textContent(), { timeout: 10_000 })
        .toContain('Draft saved on this computer');
      // The picture from the top of the task, tall enough for the image and every control.
      const viewport = page.viewportSize();
      await page.setViewportSize({ width: 1280, height: 1500 });
      await page.getByTestId('task-viewer').evaluate((el) => (el.scrollTop = 0));
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath('workspace-classification') });
      if (viewport) await page.setViewportSize(viewport);

      await page.keyboard.press('Control+Enter');
      await waitForTask(page, '512');
      expect(await page.getByTestId('task-notice').textContent()).toContain('Submitted');
      const first = await annotationOf('511');
      expect(first.doc.id).toBe(511);
      const byName = Object.fromEntries(first.annotation.result.map((r) => [r.from_name, r]));
      expect(byName.largest).toMatchObject({
        type: 'choices',
        to_name: 'image',
        value: { choices: ['Circle'] },
      });
      expect(byName.topic).toMatchObject({ type: 'taxonomy', value: { taxonomy: [['Colour', 'Warm']] } });
      expect(byName.comment).toMatchObject({ type: 'textarea', value: { text: ['two shapes overlap'] } });
      expect(byName.quality).toMatchObject({ type: 'rating', value: { rating: 4 } });
      for (const item of first.annotation.result) {
        expect(item.id).toMatch(/^[A-Za-z0-9_-]{10}$/);
        expect(item.origin).toBe('manual');
      }

      // Skip: Label Studio's was_cancelled; the stream moves on.
      await page.keyboard.press('Control+Space');
      await waitForTask(page, '513');
      const skipped = await annotationOf('512');
      expect(skipped.annotation.was_cancelled).toBe(true);

      // Back to the skipped task; label it; the update keeps the annotation's id.
      await page.getByRole('button', { name: 'Back' }).focus();
      await page.keyboard.press('Enter');
      await waitForTask(page, '512');
      expect(await page.getByTestId('task-state').textContent()).toBe('Skipped');
      await page.keyboard.press('3');
      await page.keyboard.press('Control+Enter');
      await waitForTask(page, '513');
      const updated = await annotationOf('512');
      expect(updated.annotation.id).toBe(skipped.annotation.id);
      expect(updated.annotation.was_cancelled).toBe(false);
      expect(updated.annotation.result).toMatchObject([
        { from_name: 'largest', value: { choices: ['Triangle'] } },
      ]);

      // A required choice left empty is named at submit; nothing is written.
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => page.getByTestId('problems').textContent()).toContain('largest');
      expect(await openTaskId(page)).toBe('513');

      // The shortcuts sheet comes from the same table as the keys.
      await page.keyboard.press('?');
      const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect.poll(() => sheet.textContent()).toContain('Submit');
      expect(await sheet.textContent()).toContain('Circle');
      // The image's own keys are listed too (its view handles them).
      expect(await sheet.textContent()).toContain('Fit the image');
      await page.screenshot({ path: screenshotPath('workspace-shortcuts') });
      await page.keyboard.press('Escape');
      await expect.poll(() => sheet.isVisible()).toBe(false);

      expect(await seriousAccessibilityProblems(page)).toEqual([]);
    },
  );

  it(
    'starts from a prediction: its item keeps its id, marked as changed once edited',
    { timeout: 90_000 },
    async () => {
      const { page } = await app('prediction', 'annotator');
      await openProject(page, SCENES);
      await page
        .getByTestId('task-list')
        .getByRole('button', { name: /task 3 of 3/ })
        .click();
      await waitForTask(page, '513');
      await page.getByRole('tab', { name: /Prediction: lab-classifier/ }).click();
      expect(await page.getByRole('radio', { name: /Square/ }).isChecked()).toBe(true);
      expect(await page.getByRole('radio', { name: /Square/ }).isDisabled()).toBe(true);
      await page.getByTestId('start-from').click();
      await expect
        .poll(() => page.getByRole('tab', { name: 'Your annotation' }).getAttribute('aria-selected'))
        .toBe('true');
      await page.getByRole('button', { name: 'Submit' }).click();
      await waitForTask(page, '514');
      const kept = (await annotationOf('513')).annotation.result;
      expect(kept).toEqual([
        expect.objectContaining({ id: 'pred-513', origin: 'prediction', value: { choices: ['Square'] } }),
      ]);

      // Back, change the predicted choice: the same item, now 'prediction-changed'.
      await page.getByRole('button', { name: 'Back' }).click();
      await waitForTask(page, '513');
      await page.getByRole('radio', { name: /Triangle/ }).check();
      await page.getByRole('button', { name: 'Update' }).click();
      await waitForTask(page, '514');
      const changed = (await annotationOf('513')).annotation.result;
      expect(changed).toEqual([
        expect.objectContaining({
          id: 'pred-513',
          origin: 'prediction-changed',
          value: { choices: ['Triangle'] },
        }),
      ]);
    },
  );

  it('"label all tasks" passes over a task someone else holds', { timeout: 90_000 }, async () => {
    const other = await app('holder', 'multi', lab.roles.visionAnnotator.name);
    await openProject(other.page, SCENES);
    await other.page.getByTestId('label-all').click();
    await waitForTask(other.page, '511');

    const { page } = await app('stream', 'annotator');
    await openProject(page, SCENES);
    await page.getByTestId('label-all').click();
    await waitForTask(page, '512');
    expect(await page.getByTestId('stream-count').textContent()).toContain('0 done');
  });

  it(
    'a reviewer opens tasks read-only; a project needing other tools is view only',
    { timeout: 90_000 },
    async () => {
      const reviewer = await app('reviewer', 'multi', lab.roles.visionReviewer.name);
      const { page } = reviewer;
      await openProject(page, SCENES);
      await page.getByTestId('task-list').getByRole('button').first().click();
      await expect.poll(() => page.getByTestId('read-only-reviewer').count(), { timeout: 15_000 }).toBe(1);
      expect(await page.getByTestId('submit').count()).toBe(0);
      expect(await page.getByRole('radio', { name: /Circle/ }).isDisabled()).toBe(true);

      await page.screenshot({ path: screenshotPath('workspace-reviewer') });
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      // A project needing tools this version cannot edit yet (time series) is view only.
      const listener = await app('listener', 'multi', lab.roles.languageAnnotator.name);
      const calls = listener.page
        .getByRole('navigation', { name: 'Projects' })
        .getByRole('button', { name: /Calls: audio levels/ });
      expect(await calls.getByTestId('view-only').textContent()).toBe('View only');
      await calls.click();
      const lp = listener.page;
      await expect.poll(() => lp.getByTestId('view-only-note').textContent()).toContain('TimeSeriesLabels');
      expect(await lp.getByTestId('label-all').count()).toBe(0);
      await lp.getByTestId('task-list').getByRole('button').first().click();
      await expect.poll(() => lp.getByTestId('read-only-tools').count(), { timeout: 15_000 }).toBe(1);
      // The task file's predictions are there to look at, one at a time.
      await lp.getByRole('tab', { name: /Prediction: lab-levels/ }).click();
      await expect.poll(() => lp.getByTestId('viewing-summary').textContent()).toContain('Crosstalk');
      await lp.screenshot({ path: screenshotPath('workspace-read-only') });
      expect(await seriousAccessibilityProblems(lp)).toEqual([]);
      expect(reviewer.pageErrors).toEqual([]);
      expect(listener.pageErrors).toEqual([]);
    },
  );
});
