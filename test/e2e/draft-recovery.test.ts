/**
 * A draft survives what an annotator's day throws at it: a window reload, and a SIGKILL of the main
 * side followed by a restart on the same data folder and keychain (a real gnome-keyring). The main side
 * runs as its own process (test/harness/harness-process.ts) so it can be killed; the window is real
 * Chromium. "Draft saved on this computer" must mean exactly that.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainProcesses } from '../support/main-process.ts';
import { labOrganization } from '../lab/app-organization.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { openProject } from '../support/annotator-app.ts';
import { launchChromium } from '../support/chromium.ts';

let lab: Lab;
let browser: Browser;
let dir: string;
const mains = mainProcesses();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-drafts-'));
  [lab, browser] = await Promise.all([startLab({ idp: 'node', data: 'sample' }), launchChromium()]);
}, 60_000);
afterAll(async () => {
  mains.killAll();
  await browser?.close();
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

const { start: startMain, killed } = mains;

const circle = (page: Page) => page.getByRole('radio', { name: /Circle/ });
const triangle = (page: Page) => page.getByRole('radio', { name: /Triangle/ });

async function draftSaved(page: Page) {
  await expect
    .poll(() => page.getByTestId('draft-status').textContent(), { timeout: 10_000 })
    .toContain('Draft saved on this computer');
}

describe('drafts (Chromium + a main side that can be killed)', () => {
  it('a draft survives a reload and a SIGKILL of the main side', { timeout: 120_000 }, async () => {
    const orgFile = path.join(dir, 'organization.json');
    writeFileSync(orgFile, JSON.stringify(labOrganization(lab, { id: 'sandbox' })));
    const env = {
      FA_USER_DATA: path.join(dir, 'app'),
      FA_ORGANIZATION: orgFile,
      FA_KEYCHAIN: `Federated Annotator drafts ${randomBytes(4).toString('hex')}`,
      FA_USER: 'annotator',
      FA_PASSWORD: lab.password,
    };
    let main = await startMain(env);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    try {
      await page.goto(main.url);
      await page.getByRole('button', { name: /Try the sandbox/ }).click();
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect.poll(() => page.getByTestId('session-badge').count(), { timeout: 15_000 }).toBe(1);
      await openProject(page, 'Scenes: classify and rate');
      await page
        .getByTestId('task-list')
        .getByRole('button', { name: /batch-1\.json/ })
        .first()
        .click();
      await expect.poll(() => circle(page).count(), { timeout: 15_000 }).toBe(1);
      await page.keyboard.press('2');
      await draftSaved(page);

      // A reload lands on the open task, with the draft.
      await page.reload();
      await expect.poll(() => circle(page).isChecked(), { timeout: 15_000 }).toBe(true);

      // Change it, see it saved, and kill the main side at once.
      await page.keyboard.press('3');
      await draftSaved(page);
      await killed(main.child);

      main = await startMain(env);
      await page.goto(main.url);
      // The session comes back from the keychain, the task from the local store, the work from the draft.
      await expect.poll(() => triangle(page).isChecked(), { timeout: 20_000 }).toBe(true);
      expect(await circle(page).isChecked()).toBe(false);
      expect(await page.getByTestId('task-state').textContent()).toBe('New');
    } finally {
      await page.close();
      main.child.kill('SIGTERM');
    }
  });
});
