import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalDatabase, type LocalDatabase } from '../local/database.ts';
import { createSealer } from '../local/sealed.ts';
import { setLogSinks } from '../log.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import type { StorageS3 } from '../storage/s3-client.ts';
import { cacheKeyAccount, createMediaCache, type MediaCache } from './media-cache.ts';
import { MediaService } from './media-service.ts';
import { objectName } from './media-source.ts';

const A = 'org\u0000arn:aws:iam::1:role/a\u0000me';
const B = 'org\u0000arn:aws:iam::1:role/b\u0000me';
const HOUR = 3_600_000;
const target = { projectId: 'p', bucket: 'b', key: 'media/x.png' };
const noS3 = (): StorageS3 => {
  throw new Error('no S3 in this test');
};

let dir: string;
let db: LocalDatabase;
let secrets: MemorySecretStore;
let clock: number;
let role: string | null;

function build(): { media: MediaService; cache: MediaCache } {
  const cache = createMediaCache({
    db,
    dir: path.join(dir, 'cache'),
    sealer: createSealer({ secrets, persistent: true, account: cacheKeyAccount }),
    now: () => clock,
  });
  const media = new MediaService({
    cache,
    ownerRole: () => role,
    s3For: noS3,
    offlineMaxAgeHours: 72,
    now: () => clock,
  });
  return { media, cache };
}

beforeEach(() => {
  setLogSinks([]);
  dir = mkdtempSync(path.join(tmpdir(), 'fa-media-service-'));
  db = openLocalDatabase({ file: path.join(dir, 'local.sqlite') });
  secrets = new MemorySecretStore();
  clock = 1_000_000_000;
  role = A;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the media service', () => {
  it('wipes what was kept once the role was last online longer ago than the offline age; a restored session does not count', async () => {
    const first = build();
    first.media.signedIn(clock + HOUR); // a sign-in: credentials for an hour
    await first.cache.putBytes(A, objectName(target), Buffer.from('image'));
    await first.media.taskFile.save('p', 'tasks/a.json', '"e1"', { tasks: [], errors: [] });
    expect(await first.media.wipeExpired()).toBe(0);

    // Days later the app starts again with the same stored credentials (restored, not refreshed).
    clock += 71 * HOUR;
    const again = build();
    again.media.signedIn(1_000_000_000 + HOUR);
    expect(await again.media.wipeExpired()).toBe(0);
    expect(await again.media.taskFile.load('p', 'tasks/a.json', '"e1"')).toEqual({ tasks: [], errors: [] });
    clock += 2 * HOUR;
    expect(await again.media.wipeExpired()).toBe(1);
    expect(await again.media.cachedBytes(target)).toBeNull();
    expect(await again.media.taskFile.load('p', 'tasks/a.json', '"e1"')).toBeNull();
  });

  it('a refresh (new credentials) starts the offline age again', async () => {
    const { media, cache } = build();
    media.signedIn(clock + HOUR);
    await cache.putBytes(A, objectName(target), Buffer.from('image'));
    clock += 70 * HOUR;
    media.signedIn(clock + HOUR);
    clock += 70 * HOUR;
    expect(await media.wipeExpired()).toBe(0);
    expect((await media.cachedBytes(target))?.toString()).toBe('image');
  });

  it('gives one same-origin URL per object, says whether it is kept, and forgets it when the role changes', async () => {
    const { media, cache } = build();
    const first = (await media.localUrl(target))!;
    expect(first).toEqual({ url: expect.stringMatching(/^\/media\/[\w-]{22}$/), cached: false });
    await cache.putBytes(A, objectName(target), Buffer.from('image'));
    expect(await media.localUrl(target)).toEqual({ url: first.url, cached: true });
    const id = first.url.slice('/media/'.length);
    role = B;
    expect(await media.localUrl(target)).toMatchObject({ cached: false });
    expect(media.ids.resolve(id, A)).toBeNull(); // A's ids died when B came
    role = null;
    expect(await media.localUrl(target)).toBeNull();
  });

  it('sign-out deletes the role’s cache and its key; another role’s stays', async () => {
    const { media, cache } = build();
    role = B;
    media.signedIn(clock + HOUR);
    await cache.putBytes(B, objectName(target), Buffer.from('B'));
    role = A;
    media.signedIn(clock + HOUR);
    await cache.putBytes(A, objectName(target), Buffer.from('A'));
    await media.signedOut();
    expect(await secrets.get(cacheKeyAccount(A))).toBeNull();
    expect(await cache.has(A, objectName(target))).toBe(false);
    expect((await cache.getBytes(B, objectName(target)))?.bytes.toString()).toBe('B');
  });

  it('takes an unreachable S3 for granted for 10 s, then asks it again', () => {
    const { media } = build();
    expect(media.probablyOffline()).toBe(false);
    media.markUnreachable();
    clock += 9_999;
    expect(media.probablyOffline()).toBe(true);
    clock += 1;
    expect(media.probablyOffline()).toBe(false);
  });
});
