/**
 * Chromium's HTTP cache never keeps task media or presigned URLs on disk, even in a profile that
 * lives on disk (the browser path's, or any profile Electron might be given): the presigned URL
 * carries `response-cache-control=no-store`, signed, so S3 itself answers "do not store". Electron's
 * app window adds an in-memory partition on top (test/shell). After a task with an image was
 * opened and the annotator signed out, the profile folder holds neither the image's bytes nor the
 * URL's key id or session token. The same scan finds an image loaded without the header: it can fail.
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labOrganization } from '../lab/app-organization.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { openAnnotatorApp } from '../support/annotator-app.ts';
import { chromiumPath, launchChromium } from '../support/chromium.ts';
import { openFirstTask } from './image-page.ts';

let browser: Browser;
let lab: Lab;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  lab = await startLab({ idp: 'node', data: 'sample' });
  dir = mkdtempSync(path.join(tmpdir(), 'fa-cache-'));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under `root`, read whole (a Chromium profile: caches, databases, logs). */
function profileBytes(root: string): Buffer[] {
  const out: Buffer[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      const stat = statSync(file, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(file);
      else if (stat?.isFile()) out.push(readFileSync(file));
    }
  };
  walk(root);
  return out;
}

const holds = (files: Buffer[], needle: Buffer) => files.some((bytes) => bytes.includes(needle));
/** A slice from the middle of an image's bytes: its pixels, not a PNG header every image shares. */
const middleOf = (bytes: Buffer) => bytes.subarray(bytes.length / 2 - 32, bytes.length / 2 + 32);

describe('the HTTP cache of a profile on disk', () => {
  it(
    'keeps no task media, key id or session token after an image task and a sign-out',
    { timeout: 120_000 },
    async () => {
      const profile = path.join(dir, 'profile');
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
        viewport: { width: 1280, height: 860 },
      });
      const app = await openAnnotatorApp({
        browser,
        context,
        lab,
        dir,
        name: 'cache',
        username: 'annotator',
        organization: labOrganization(lab, { id: 'sandbox' }),
      });
      const presigned: string[] = [];
      app.page.on('request', (r) => void (r.url().includes('X-Amz-Signature=') && presigned.push(r.url())));
      await openFirstTask(app.page, 'Shapes: bounding boxes');
      await expect.poll(() => presigned.length, { timeout: 15_000 }).toBeGreaterThan(0);
      const url = new URL(presigned[0]!);
      expect(url.searchParams.get('response-cache-control')).toBe('no-store');
      const keyId = url.searchParams.get('X-Amz-Credential')!.split('/')[0]!;
      const token = url.searchParams.get('X-Amz-Security-Token')!;
      const media = Buffer.from(await (await fetch(url)).arrayBuffer());

      // The control: an image of the same bucket loaded without the header is kept by the cache.
      const admin = new S3Client({
        region: lab.s3.region,
        endpoint: lab.s3.endpoint,
        forcePathStyle: true,
        credentials: lab.credentials.admin,
      });
      const otherKey = url.pathname.replace(/[^/]+$/, 'scene-2.png').replace(`/${lab.s3.bucket}/`, '');
      const cacheable = await getSignedUrl(
        admin,
        new GetObjectCommand({ Bucket: lab.s3.bucket, Key: otherKey }),
      );
      const other = Buffer.from(await (await fetch(cacheable)).arrayBuffer());
      admin.destroy();
      await app.page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
      }, cacheable);

      await app.page.getByRole('button', { name: 'Sign out' }).click();
      await expect.poll(() => app.page.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(1);
      await app.close();
      await context.close();

      const files = profileBytes(profile);
      expect(holds(files, middleOf(other)), 'the scan finds a cached image').toBe(true);
      expect(holds(files, middleOf(media)), 'task media on disk').toBe(false);
      expect(holds(files, Buffer.from(keyId)), 'the key id on disk').toBe(false);
      expect(holds(files, Buffer.from(token.slice(0, 40))), 'the session token on disk').toBe(false);
      expect(holds(files, Buffer.from(encodeURIComponent(token).slice(0, 40))), 'the encoded token').toBe(
        false,
      );
    },
  );
});
