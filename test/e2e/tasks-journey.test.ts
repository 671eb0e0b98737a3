/**
 * Projects and tasks in real Chromium against the lab (Node IdP, STS, S3 with signature and policy
 * checks): the role sees only its projects; task media loads straight from S3 through presigned URLs,
 * renewed after they expire; annotations go back to S3 as Label Studio exports; two annotators on one
 * project never label the same task twice, and with overlap 2 both annotations end up in the file.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labOrganization } from '../lab/app-organization.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { openAnnotatorApp, openProject } from '../support/annotator-app.ts';
import { launchChromium } from '../support/chromium.ts';
import { screenshotPath } from '../support/screenshots.ts';

let lab: Lab;
let browser: Browser;
let dir: string;
let admin: S3Client;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-tasks-'));
  [lab, browser] = await Promise.all([startLab({ idp: 'node', data: 'sample' }), launchChromium()]);
  admin = new S3Client({
    region: lab.s3.region,
    endpoint: lab.s3.endpoint,
    forcePathStyle: true,
    credentials: lab.credentials.admin,
  });
}, 60_000);

afterAll(async () => {
  admin?.destroy();
  await browser?.close();
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An annotator's app: its own harness, data folder and sign-in window, on the sandbox organization. */
function annotator(
  name: string,
  username: string,
  organization: object,
  options: { prefetch?: boolean } = {},
) {
  return openAnnotatorApp({
    browser,
    lab,
    dir,
    name,
    username,
    organization,
    ...(username === 'multi' ? { role: lab.roles.languageAnnotator.name } : {}),
    // Without prefetch, media are never cached here: every open loads them through presigned URLs.
    ...(options.prefetch === false
      ? { readPolicy: async () => ({ source: 'test', values: { PrefetchSize: 0 }, problems: [] }) }
      : {}),
  });
}

async function readExport(key: string) {
  const object = await admin.send(new GetObjectCommand({ Bucket: lab.s3.bucket, Key: key }));
  return JSON.parse(await object.Body!.transformToString()) as {
    data: unknown;
    annotations: { completed_by: { email: string }; result: unknown[]; lead_time: number }[];
  };
}

describe('projects and tasks (Chromium + lab)', () => {
  it(
    "shows only the role's projects, and loads task images straight from S3, renewed after expiry",
    { timeout: 90_000 },
    async () => {
      const vision = await annotator('vision', 'annotator', labOrganization(lab, { id: 'sandbox' }), {
        prefetch: false,
      });
      try {
        const { page } = vision;
        const nav = page.getByRole('navigation', { name: 'Projects' });
        await expect.poll(() => nav.textContent()).toContain('Vision team');
        expect(await nav.textContent()).not.toContain('Language team');

        await openProject(page, 'Shapes: bounding boxes');
        await page.getByTestId('task-list').getByRole('button').first().click();
        const image = page.locator('img.task-image');
        await expect
          .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
            timeout: 15_000,
          })
          .toBeGreaterThan(0);
        const first = await image.getAttribute('src');
        expect(new URL(first!).origin).toBe(new URL(lab.s3.endpoint).origin);
        expect(first).toContain('X-Amz-Signature=');
        // The box project is edited in the image workspace: its task is not view only.
        expect(await page.getByTestId('read-only-tools').count()).toBe(0);
        await page.screenshot({ path: screenshotPath('task-image') });

        // Twenty minutes later (S3's clock) the URL has expired; the page loads the image again.
        lab.clock.advance(20 * 60);
        try {
          await page.reload();
          await openProject(page, 'Shapes: bounding boxes');
          await page.getByTestId('task-list').getByRole('button').first().click();
          await expect.poll(() => image.getAttribute('data-renewed'), { timeout: 15_000 }).toBe('1');
          await expect
            .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
            .toBeGreaterThan(0);
          expect(await image.getAttribute('src')).not.toBe(first);
          expect(await page.getByRole('alert').count()).toBe(0);
        } finally {
          lab.clock.reset();
        }
      } finally {
        await vision.close();
      }
    },
  );

  it(
    'writes the annotation to S3 as a Label Studio export, and two annotators never get the same task',
    { timeout: 90_000 },
    async () => {
      const org = labOrganization(lab, { id: 'sandbox' });
      const a = await annotator('ann-a', 'multi', org);
      const b = await annotator('ann-b', 'linguist', org);
      try {
        await openProject(a.page, 'Reviews: sentiment');
        await openProject(b.page, 'Reviews: sentiment');
        await a.page.getByTestId('task-list').getByRole('button').first().click();
        await expect.poll(() => a.page.getByTestId('task-position').textContent()).toBe('Task 1 of 4');
        // B opens the same file and task: A holds it, so B may look but not submit.
        await b.page.getByTestId('task-list').getByRole('button').first().click();
        await expect
          .poll(() => b.page.getByTestId('read-only-claimed').textContent(), { timeout: 10_000 })
          .toContain('Someone else is working on this task');
        expect(await b.page.getByRole('button', { name: 'Submit' }).count()).toBe(0);

        const project = lab.projects.find((p) => p.id.endsWith('review-sentiment'))!;
        const opened = await a.page.getByTestId('task-viewer').getAttribute('aria-label');
        const taskId = opened!.replace(/^Task /, '');
        await a.page.getByLabel('Positive').check();
        await a.page.getByRole('button', { name: 'Submit' }).click();
        // Submitted: the next task of the project opens.
        await expect.poll(() => a.page.getByTestId('task-notice').textContent()).toContain('Submitted');
        await a.page.screenshot({ path: screenshotPath('task-submitted') });
        const doc = await readExport(`${project.targetPrefix}${taskId}.json`);
        expect(doc.annotations).toHaveLength(1);
        expect(doc.annotations[0]).toMatchObject({
          completed_by: { email: 'multi@corp.example' },
          result: [
            { from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['Positive'] } },
          ],
        });
        expect(doc.annotations[0]!.lead_time).toBeGreaterThan(0);
        expect(doc.data).toMatchObject({ review: expect.any(String) });
      } finally {
        await a.close();
        await b.close();
      }
    },
  );

  it(
    'with overlap 2 both annotations end up in the file; a same-annotation conflict shows both versions',
    { timeout: 90_000 },
    async () => {
      const org = labOrganization(lab, { id: 'sandbox' });
      for (const workspace of org.workspaces)
        for (const p of workspace.projects)
          if (p.id.endsWith('review-sentiment')) Object.assign(p, { overlap: 2 });
      const a = await annotator('overlap-a', 'multi', org);
      const b = await annotator('overlap-b', 'linguist', org);
      const project = lab.projects.find((p) => p.id.endsWith('review-sentiment'))!;
      try {
        for (const who of [a, b]) {
          await openProject(who.page, 'Reviews: sentiment');
          await who.page.getByTestId('task-list').getByRole('button').first().click();
          await expect.poll(() => who.page.getByTestId('task-position').textContent()).toBe('Task 1 of 4');
          const firstText = await who.page.locator('.task-text').textContent();
          await who.page.getByRole('button', { name: 'Next task in this file' }).click();
          await expect.poll(() => who.page.getByTestId('task-position').textContent()).toBe('Task 2 of 4');
          // The next task's own text, not the previous one's left on screen.
          await expect.poll(() => who.page.locator('.task-text').textContent()).not.toBe(firstText);
        }
        // Both hold a slot of task 2: both may submit.
        await a.page.getByLabel('Negative').check();
        await b.page.getByLabel('Neutral').check();
        const taskId = (await a.page.getByTestId('task-viewer').getAttribute('aria-label'))!.replace(
          /^Task /,
          '',
        );
        await Promise.all([
          a.page.getByRole('button', { name: 'Submit' }).click(),
          b.page.getByRole('button', { name: 'Submit' }).click(),
        ]);
        for (const who of [a, b])
          await expect.poll(() => who.page.getByTestId('task-notice').textContent()).toContain('Submitted');
        const key = `${project.targetPrefix}${taskId}.json`;
        const doc = await readExport(key);
        expect(
          doc.annotations
            .map((x) => [
              x.completed_by.email,
              (x.result[0] as { value: { choices: string[] } }).value.choices[0],
            ])
            .sort(),
        ).toEqual([
          ['linguist@corp.example', 'Neutral'],
          ['multi@corp.example', 'Negative'],
        ]);

        // Back to the task just submitted, to change it.
        await a.page.getByRole('button', { name: 'Back' }).click();
        await expect
          .poll(() => a.page.getByTestId('task-viewer').getAttribute('aria-label'))
          .toBe(`Task ${taskId}`);
        // Someone edits A's annotation in S3 while A changes it too: a true conflict, shown, nothing overwritten.
        const theirs = structuredClone(doc);
        const mineInS3 = theirs.annotations.find((x) => x.completed_by.email === 'multi@corp.example')!;
        (mineInS3.result[0] as { value: { choices: string[] } }).value.choices = ['Positive'];
        await admin.send(
          new PutObjectCommand({
            Bucket: lab.s3.bucket,
            Key: key,
            Body: JSON.stringify(theirs),
            ContentType: 'application/json',
          }),
        );
        await a.page.getByLabel('Neutral').check();
        await a.page.getByRole('button', { name: 'Update' }).click();
        const conflicts = a.page.getByTestId('conflicts');
        await expect.poll(() => conflicts.textContent(), { timeout: 10_000 }).toContain('Yours: Neutral');
        expect(await conflicts.textContent()).toContain('Theirs: Positive');
        await a.page.screenshot({ path: screenshotPath('task-conflict') });
        const after = await readExport(key);
        const kept = after.annotations.find((x) => x.completed_by.email === 'multi@corp.example')!;
        expect((kept.result[0] as { value: { choices: string[] } }).value.choices).toEqual(['Positive']);
        expect(after.annotations).toHaveLength(2);
      } finally {
        await a.close();
        await b.close();
      }
    },
  );

  it('files mode and audio render from S3 too', { timeout: 120_000 }, async () => {
    const vision = await annotator('files', 'annotator', labOrganization(lab, { id: 'sandbox' }));
    const language = await annotator('audio', 'linguist', labOrganization(lab, { id: 'sandbox' }));
    try {
      await openProject(vision.page, 'Shapes: polygons (files mode)');
      await vision.page.getByTestId('task-list').getByRole('button').first().click();
      const image = vision.page.locator('img.task-image');
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
          timeout: 40_000,
        })
        .toBeGreaterThan(0);

      await openProject(language.page, 'Calls: segments and transcription');
      await language.page.getByTestId('task-list').getByRole('button').first().click();
      // The audio view's player (its waveform is drawn beside it).
      const audio = language.page.locator('audio.audio-player');
      // HAVE_METADATA: the WAV header came from S3 through the presigned URL.
      await expect
        .poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 40_000 })
        .toBeGreaterThanOrEqual(1);
      expect(await audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeGreaterThan(0);
    } finally {
      await vision.close();
      await language.close();
    }
  });

  it(
    'a project of thousands of objects: the list renders what is on screen and fetches pages',
    { timeout: 90_000 },
    async () => {
      const bulk = await lab.generateBulkPrefix('team-vision/bulk/tasks/', 3000);
      expect(bulk).toBeTruthy();
      const org = labOrganization(lab, { id: 'sandbox' });
      const vision = org.workspaces.find((w) => w.id === 'team-vision')!;
      vision.projects.push({
        ...vision.projects[0]!,
        id: 'bulk',
        name: 'Bulk text tasks',
        importMode: 'tasks',
        taskPrefix: 'team-vision/bulk/tasks/',
        labelingConfig: { inline: '<View><Text name="text" value="$text"/></View>' },
        targetPrefix: 'team-vision/bulk/annotations/',
        mediaPrefixes: [],
      });
      const who = await annotator('bulk', 'annotator', org);
      try {
        const { page } = who;
        await page
          .getByRole('navigation', { name: 'Projects' })
          .getByRole('button', { name: 'Bulk text tasks' })
          .click();
        await expect
          .poll(() => page.getByTestId('task-count').textContent(), { timeout: 30_000 })
          .toBe('3,000 tasks');
        const list = page.getByTestId('task-list');
        const rendered = await list.getByRole('listitem').count();
        expect(rendered).toBeGreaterThan(5);
        expect(rendered).toBeLessThan(80);
        const pagesBefore = who.harness.calls.get('tasks.page') ?? 0;
        // The page in view, fetched again as the listing's progress and end arrive (how many of those
        // come depends on timing): never the whole list, which is 15 pages of 200.
        expect(pagesBefore).toBeLessThan(15);
        // Jump to the end: only the pages in view are fetched, at most 500 rows per message.
        await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
        await expect.poll(() => list.getByRole('listitem').last().textContent()).toContain('.json');
        expect(await list.getByRole('listitem').count()).toBeLessThan(80);
        // The list has 15 pages of 200; jumping to its end fetches the few around the view.
        expect((who.harness.calls.get('tasks.page') ?? 0) - pagesBefore).toBeLessThan(5);
        const biggest = Math.max(...who.ipcAnswers.map((a) => a.length));
        expect(biggest).toBeLessThan(200_000);
        await page.screenshot({ path: screenshotPath('task-list') });
      } finally {
        await who.close();
      }
    },
  );
});
