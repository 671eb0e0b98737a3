/**
 * A stalled S3 (a hung VPN: connections accepted, nothing ever answered) ends in a message that says
 * so, within the organization's timeouts, never in a spinner that waits forever. In Chromium against
 * the lab, S3 behind the fault proxy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labOrganization } from '../lab/app-organization.ts';
import { startFaultProxy, type FaultProxy } from '../lab/fault-proxy.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { withEndpoint } from '../local/outbox-app.ts';
import { openAnnotatorApp, openProject } from '../support/annotator-app.ts';
import { launchChromium } from '../support/chromium.ts';

let browser: Browser;
let lab: Lab;
let proxy: FaultProxy;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  lab = await startLab({ idp: 'node', data: 'sample' });
  proxy = await startFaultProxy(lab.s3.endpoint);
  dir = mkdtempSync(path.join(tmpdir(), 'fa-stalled-'));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a stalled S3', () => {
  it(
    'ends opening a task in "did not answer in time", and the task opens once S3 answers again',
    { timeout: 120_000 },
    async () => {
      const organization = {
        ...withEndpoint(labOrganization(lab, { id: 'sandbox' }), proxy.endpoint),
        // IT's timeouts, short here so the test does not wait the default 30 s for a first byte.
        network: { timeouts: { connectSeconds: 2, firstByteSeconds: 1, totalSeconds: 4 } },
      };
      const app = await openAnnotatorApp({
        browser,
        lab,
        dir,
        name: 'stalled',
        username: 'annotator',
        organization,
        // Nothing kept for offline work: the open must reach S3.
        readPolicy: async () => ({ source: 'test', values: { PrefetchSize: 0 }, problems: [] }),
      });
      try {
        const { page } = app;
        await openProject(page, 'Shapes: bounding boxes');
        proxy.inject({ fault: { kind: 'never-answer' }, times: Infinity });
        const started = Date.now();
        await page.getByTestId('task-list').getByRole('button').first().click();
        // The task opens from what this computer read before; its image does not come: said, not spun.
        const slow = page.getByTestId('image-slow');
        await expect.poll(() => slow.count(), { timeout: 40_000 }).toBe(1);
        expect(await slow.getAttribute('role')).toBe('alert');
        expect(await slow.textContent()).toMatch(/has not arrived after 15 s: S3 is not answering/);
        // A bound, not a timing: only a wait that never ended would break it.
        expect(Date.now() - started).toBeLessThan(40_000);
        // S3 answers again: "Try again" brings the image.
        proxy.clear();
        await slow.getByRole('button', { name: 'Try again' }).click();
        await expect.poll(() => page.getByTestId('image-canvas').count(), { timeout: 20_000 }).toBe(1);
        expect(await slow.count()).toBe(0);
        expect(app.pageErrors).toEqual([]);
      } finally {
        proxy.clear();
        await app.close();
      }
    },
  );
});
