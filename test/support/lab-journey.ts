/**
 * The frame of a Chromium journey against the lab, said once: one Chromium per test file; per test a
 * fresh lab (each starts from the same tasks, none sees another's annotations or leases), a data
 * folder and an admin S3 client; the annotator apps a test opened are closed after it.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startLab, type Lab } from '../lab/lab.ts';
import { labOrganization } from '../lab/app-organization.ts';
import { openAnnotatorApp, type AnnotatorApp } from './annotator-app.ts';
import { launchChromium } from './chromium.ts';

export interface LabJourney {
  browser: Browser;
  lab: Lab;
  /** This test's own folder (the apps' data folders, organization files). */
  dir: string;
  /** The lab's S3 as its administrator (what a test reads back or puts in place). */
  admin: S3Client;
}

/** Registers the hooks; `ready` gets each test's frame before the test runs. */
export function useLabJourney(
  prefix: string,
  ready: (journey: LabJourney) => void,
): {
  track(app: AnnotatorApp): AnnotatorApp;
  /** An annotator signed in to this test's lab (the sandbox organization unless given), closed after it. */
  app(
    options: Omit<Parameters<typeof openAnnotatorApp>[0], 'browser' | 'lab' | 'dir' | 'organization'> & {
      organization?: object;
    },
  ): Promise<AnnotatorApp>;
} {
  let browser: Browser | undefined;
  let current: LabJourney | undefined;
  const apps: AnnotatorApp[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    const lab = await startLab({ idp: 'node', data: 'sample' });
    const admin = new S3Client({
      region: lab.s3.region,
      endpoint: lab.s3.endpoint,
      forcePathStyle: true,
      credentials: lab.credentials.admin,
    });
    current = { browser: browser!, lab, dir, admin };
    ready(current);
  }, 60_000);
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    current?.admin.destroy();
    await current?.lab.close();
    if (current) rmSync(current.dir, { recursive: true, force: true });
    current = undefined;
  });
  const track = (app: AnnotatorApp) => {
    apps.push(app);
    return app;
  };
  return {
    track,
    async app(options) {
      const { browser: b, lab, dir } = current!;
      return track(
        await openAnnotatorApp({
          ...options,
          browser: b,
          lab,
          dir,
          organization: options.organization ?? labOrganization(lab, { id: 'sandbox' }),
        }),
      );
    },
  };
}
