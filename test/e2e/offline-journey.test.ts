/**
 * A day on a train, in real Chromium against the lab (S3 behind the fault proxy, so the test can take
 * it away): the app keeps the stream's tasks and their images offline while S3 is there; S3 goes; the
 * annotator labels all five tasks of two task files, each opening from the sealed cache alone, its
 * image served by main on the app's own origin; the app restarts (the main side is its own process)
 * still offline, with the five submits kept; S3 comes back and every one of them is in S3 once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainProcesses } from '../support/main-process.ts';
import { labOrganization } from '../lab/app-organization.ts';
import { startFaultProxy, type FaultProxy } from '../lab/fault-proxy.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { openProject } from '../support/annotator-app.ts';
import { seriousAccessibilityProblems } from '../support/axe.ts';
import { launchChromium } from '../support/chromium.ts';
import { screenshotPath } from '../support/screenshots.ts';

let lab: Lab;
let proxy: FaultProxy;
let browser: Browser;
let admin: S3Client;
let dir: string;
const mains = mainProcesses();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-offline-'));
  [lab, browser] = await Promise.all([startLab({ idp: 'node', data: 'sample' }), launchChromium()]);
  proxy = await startFaultProxy(lab.s3.endpoint);
  admin = new S3Client({
    region: lab.s3.region,
    endpoint: lab.s3.endpoint,
    forcePathStyle: true,
    credentials: lab.credentials.admin,
  });
}, 60_000);

afterAll(async () => {
  mains.killAll();
  admin?.destroy();
  await browser?.close();
  await proxy?.close();
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

const { start: startMain, stopped } = mains;

function filesUnder(folder: string): string[] {
  try {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

/**
 * Opens the app until `ready` shows: a page loaded while another test run rewrote the build (the
 * machine is shared) shows nothing, and is loaded again.
 */
async function load(page: Page, url: string, ready: Locator): Promise<void> {
  await page.goto(url);
  await expect
    .poll(
      async () => {
        if ((await ready.count()) > 0) return true;
        if ((await page.locator('#root > *').count()) === 0) await page.reload().catch(() => undefined);
        return false;
      },
      { timeout: 45_000, interval: 2_000 },
    )
    .toBe(true);
}

const scenes = () => lab.projects.find((p) => p.id.endsWith('scene-review'))!;
const openTaskId = async (page: Page) =>
  (await page.getByTestId('task-viewer').getAttribute('aria-label'))?.replace(/^Task /, '');
const banner = (page: Page) => page.getByTestId('sync-status');

async function annotationOf(taskId: string) {
  const object = await admin.send(
    new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${scenes().targetPrefix}${taskId}.json` }),
  );
  return JSON.parse(await object.Body!.transformToString()) as {
    annotations: { id: number; result: { from_name: string; value: { choices?: string[] } }[] }[];
  };
}

describe('offline journey (Chromium + lab + a main side that restarts)', () => {
  it(
    'prefetch, S3 gone, five tasks of two files labeled, a restart, S3 back: all synced once',
    { timeout: 180_000 },
    async () => {
      const orgFile = path.join(dir, 'organization.json');
      // Every S3 request of the app goes through the proxy.
      const organization = JSON.stringify(labOrganization(lab, { id: 'sandbox' })).replaceAll(
        lab.s3.endpoint,
        proxy.endpoint,
      );
      writeFileSync(orgFile, organization);
      const env = {
        FA_USER_DATA: path.join(dir, 'app'),
        FA_ORGANIZATION: orgFile,
        FA_KEYCHAIN: `Federated Annotator offline ${randomBytes(4).toString('hex')}`,
        FA_USER: 'annotator',
        FA_PASSWORD: lab.password,
      };
      let main = await startMain(env);
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      try {
        await load(page, main.url, page.getByRole('button', { name: /Try the sandbox/ }));
        await page.getByRole('button', { name: /Try the sandbox/ }).click();
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await expect.poll(() => page.getByTestId('session-badge').count(), { timeout: 15_000 }).toBe(1);
        await openProject(page, 'Scenes: classify and rate');
        await expect
          .poll(() => page.getByTestId('task-count').textContent(), { timeout: 15_000 })
          .toBe('5 tasks');
        await page.getByTestId('label-all').click();
        await expect.poll(() => openTaskId(page), { timeout: 15_000 }).toBe('511');

        // Online: the open task and the rest of the stream are kept on this computer, with their images.
        await expect
          .poll(() => page.getByTestId('prefetch-status').textContent(), { timeout: 30_000 })
          .toContain('5 of 5 tasks ready offline');

        // S3 is gone: every connection to it is reset.
        proxy.inject({ fault: { kind: 'reset' }, times: Infinity });
        const image = page.locator('img.task-image');
        for (const taskId of ['511', '512', '513', '514', '515']) {
          await expect.poll(() => openTaskId(page), { timeout: 30_000 }).toBe(taskId);
          // The image comes from main's cache on the app's own origin, not from S3.
          await expect
            .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
              timeout: 15_000,
            })
            .toBeGreaterThan(0);
          // (The first was bound before it was kept: Chromium shows it from memory.)
          if (taskId !== '511')
            expect(new URL((await image.getAttribute('src'))!, main.url).pathname).toMatch(
              /^\/media\/[\w-]{22}$/,
            );
          await page.getByRole('radio', { name: /Square/ }).check();
          if (taskId === '513') await page.screenshot({ path: screenshotPath('offline-labeling') });
          await page.getByRole('button', { name: 'Submit' }).click();
        }
        await expect
          .poll(() => banner(page).textContent(), { timeout: 30_000 })
          .toContain('Working offline: 5 submits waiting to sync');
        await page.screenshot({ path: screenshotPath('offline-waiting') });
        expect(await seriousAccessibilityProblems(page)).toEqual([]);

        // The app restarts, still offline: the five submits are still on this computer.
        await stopped(main.child);
        main = await startMain(env);
        // The session comes back from the keychain.
        await load(page, main.url, page.getByTestId('session-badge'));
        await expect
          .poll(() => banner(page).textContent(), { timeout: 30_000 })
          .toMatch(/5 submits waiting to sync/);
        // The list, from the task files kept here: five tasks, each waiting to sync.
        await openProject(page, 'Scenes: classify and rate');
        await expect
          .poll(() => page.getByTestId('task-count').textContent(), { timeout: 30_000 })
          .toBe('5 tasks');
        await expect.poll(() => page.getByTestId('waiting-to-sync').count(), { timeout: 15_000 }).toBe(5);
        await page.screenshot({ path: screenshotPath('offline-list') });
        // Signing out now asks first: the five stay, encrypted, for the next sign-in of this role.
        await page.getByRole('button', { name: 'Sign out' }).click();
        const question = page.getByRole('alertdialog', { name: 'Work waiting to sync' });
        await expect.poll(() => question.count(), { timeout: 15_000 }).toBe(1);
        expect(await question.textContent()).toContain('5 submits have not reached S3 yet');
        await question.getByRole('button', { name: 'Stay signed in' }).click();
        expect(await question.count()).toBe(0);
        await expect.poll(() => page.getByTestId('session-badge').count()).toBe(1);

        // S3 is back: everything goes out, once.
        proxy.clear();
        // The annotator presses "Sync now" when the banner offers it (the engine also retries by itself).
        await expect
          .poll(
            async () => {
              const now = page.getByTestId('sync-now');
              if (await now.isVisible()) await now.click().catch(() => undefined);
              return (await banner(page).count()) ? await banner(page).textContent() : '';
            },
            { timeout: 60_000 },
          )
          .not.toMatch(/waiting to sync|Sending/);
        for (const taskId of ['511', '512', '513', '514', '515']) {
          const doc = await annotationOf(taskId);
          expect(doc.annotations, taskId).toHaveLength(1);
          const largest = doc.annotations[0]!.result.find((r) => r.from_name === 'largest');
          expect(largest?.value.choices, taskId).toEqual(['Square']);
        }
        expect(proxy.applied.filter((a) => a === 'reset').length).toBeGreaterThan(0);

        // At rest, the cache and the local store hold no task data in the clear.
        const cacheDir = path.join(env.FA_USER_DATA, 'media-cache');
        const kept = filesUnder(cacheDir);
        expect(kept.length).toBeGreaterThanOrEqual(7); // five images, two task files
        for (const file of [...kept, ...filesUnder(path.join(env.FA_USER_DATA, 'local'))]) {
          const raw = readFileSync(file);
          for (const needle of ['scene-11.png', '"title"', '#13', 'IHDR', 'Square'])
            expect(raw.includes(Buffer.from(needle)), `${needle} in ${file}`).toBe(false);
        }
        // Sign-out deletes the role's cache (its key leaves the keychain with it).
        await page.getByRole('button', { name: 'Sign out' }).click();
        await expect.poll(() => filesUnder(cacheDir).length, { timeout: 15_000 }).toBe(0);
      } finally {
        await page.close();
        main.child.kill('SIGTERM');
      }
    },
  );
});
