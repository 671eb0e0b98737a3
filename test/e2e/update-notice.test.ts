/**
 * "Update available — restart to install" in real Chromium: main's app.updateReady event (the shell
 * emits it once main/update has a verified download) reaches the window through the bridge and shows
 * a status notice in the header, without a serious accessibility problem; "Restart now" asks main.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness/harness-server.ts';
import { seriousAccessibilityProblems } from '../support/axe.ts';
import { launchChromium } from '../support/chromium.ts';
import { screenshotPath } from '../support/screenshots.ts';

let browser: Browser;
let harness: Harness;
let page: Page;
let installs = 0;

beforeAll(async () => {
  [browser, harness] = await Promise.all([
    launchChromium(),
    // The shell's "Restart now" quits the app: here the handler only counts.
    startHarness({ handlers: { 'app.installUpdate': () => ({ restarting: ++installs > 0 }) } }),
  ]);
  page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  await page.goto(harness.url);
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

describe('update notice (Chromium + harness)', () => {
  it('says nothing until an update is ready, then tells to restart, as a status', async () => {
    await expect.poll(() => page.getByTestId('app-version').textContent()).toBe('v0.1.0');
    const notice = page.getByTestId('update-notice');
    expect(await notice.count()).toBe(0);
    await expect
      .poll(async () => {
        harness.bus.emit('app.updateReady', { version: '0.2.0' });
        return notice.count();
      })
      .toBe(1);
    expect(await notice.innerText()).toBe(
      'Update available — restart to install (version 0.2.0) Restart now',
    );
    expect(await page.getByRole('status').filter({ hasText: 'Update available' }).count()).toBe(1);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('update-notice') });
  });

  it('"Restart now" asks main to install at once, and cannot be pressed twice', async () => {
    await page.getByRole('button', { name: 'Restart now' }).click();
    const restarting = page.getByRole('button', { name: 'Restarting…' });
    await expect.poll(() => restarting.count()).toBe(1);
    expect(await restarting.isDisabled()).toBe(true);
    expect(installs).toBe(1);
  });
});
