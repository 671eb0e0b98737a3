import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalDatabase, type LocalDatabase } from '../local/database.ts';
import { createSealer } from '../local/sealed.ts';
import { setLogSinks } from '../log.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { StorageError } from '../storage/storage-errors.ts';
import type { StorageS3 } from '../storage/s3-client.ts';
import { cacheKeyAccount, createMediaCache, type MediaCache } from './media-cache.ts';
import { objectName } from './media-source.ts';
import { Prefetcher, type PrefetchProgress } from './prefetch.ts';

const ROLE = 'org\u0000arn:aws:iam::1:role/a\u0000me';
let dir: string;
let db: LocalDatabase;
let cache: MediaCache;
/** Objects whose GET is under way, each with the function that lets its body finish. */
let pending: { key: string; finish: () => void }[];
let running: number;
let most: number;
const missing = new Set<string>();
/** Objects of a given size (Content-Length told, or not), and whether their body was read. */
const sized = new Map<string, { size: number; told: boolean }>();
const bodiesRead = new Set<string>();
/** An object replaced in S3: its bytes and ETag carry the version. */
const version = new Map<string, number>();
const heads: string[] = [];

const s3 = {
  async headObject({ Key }: { Key?: string }) {
    heads.push(Key!);
    return { ETag: `"e${version.get(Key!) ?? ''}"` };
  },
  async getStream({ Key }: { Key?: string }, options?: { signal?: AbortSignal }) {
    if (missing.has(Key!)) throw new StorageError('STORAGE_NO_SUCH_KEY', 'gone');
    const big = sized.get(Key!);
    if (big)
      return {
        body: (function* () {
          bodiesRead.add(Key!);
          for (let left = big.size; left > 0; left -= 1000) yield Buffer.alloc(Math.min(1000, left), 7);
        })(),
        contentType: 'image/png',
        etag: '"e"',
        contentLength: big.told ? big.size : undefined,
        contentRange: undefined,
      };
    running++;
    most = Math.max(most, running);
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    pending.push({ key: Key!, finish });
    const signal = options?.signal;
    async function* body() {
      try {
        yield Buffer.from(`bytes of ${Key}${version.get(Key!) ?? ''}`);
        await Promise.race([
          done,
          new Promise((_r, reject) => {
            if (signal?.aborted) reject(new Error('aborted'));
            signal?.addEventListener('abort', () => reject(new Error('aborted')));
          }),
        ]);
      } finally {
        running--;
      }
    }
    return {
      body: body(),
      contentType: 'image/png',
      etag: `"e${version.get(Key!) ?? ''}"`,
      contentLength: undefined,
      contentRange: undefined,
    };
  },
} as unknown as StorageS3;

const task = (...keys: string[]) => ({ objects: keys.map((key) => ({ projectId: 'p', bucket: 'b', key })) });
/** Turns of the event loop until `cond` holds (bounded: a test that never gets there fails). */
async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 5_000 && !cond(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(cond(), what).toBe(true);
}

/** Lets every GET under way finish, until none is left (new ones start as others end). */
async function drain(prefetch: Prefetcher) {
  let settled = false;
  const done = prefetch.idle().then(() => (settled = true));
  for (let i = 0; i < 10_000 && !settled; i++) {
    for (const p of pending.splice(0)) p.finish();
    await new Promise((resolve) => setImmediate(resolve));
  }
  await done;
}

beforeEach(() => {
  setLogSinks([]);
  dir = mkdtempSync(path.join(tmpdir(), 'fa-prefetch-'));
  db = openLocalDatabase({ file: path.join(dir, 'local.sqlite') });
  cache = createMediaCache({
    db,
    dir: path.join(dir, 'cache'),
    sealer: createSealer({ secrets: new MemorySecretStore(), persistent: false, account: cacheKeyAccount }),
  });
  pending = [];
  running = 0;
  most = 0;
  missing.clear();
  sized.clear();
  bodiesRead.clear();
  version.clear();
  heads.length = 0;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the prefetch', () => {
  it('keeps every object of the planned tasks, two at a time, and says how many tasks are ready', async () => {
    const progress: PrefetchProgress[] = [];
    const prefetch = new Prefetcher({
      cache,
      s3For: () => s3,
      currentRole: () => ROLE,
      onProgress: (p) => progress.push(p),
    });
    await cache.putBytes(ROLE, objectName({ bucket: 'b', key: 'kept.png' }), Buffer.from('x'));
    void prefetch.start(ROLE, async () => [
      task('kept.png'),
      task('a.png', 'b.png'),
      task('c.png'),
      task('d.png'),
    ]);
    await drain(prefetch);
    expect(most).toBe(2);
    expect(prefetch.progress()).toEqual({ ready: 4, total: 4, running: false });
    expect(progress[0]).toEqual({ ready: 1, total: 4, running: true }); // the first task was kept already
    for (const key of ['a.png', 'b.png', 'c.png', 'd.png'])
      expect((await cache.getBytes(ROLE, objectName({ bucket: 'b', key })))!.bytes.toString()).toBe(
        `bytes of ${key}`,
      );
  });

  it('an object that cannot be had leaves its task not ready; the others go on', async () => {
    missing.add('gone.png');
    const prefetch = new Prefetcher({ cache, s3For: () => s3, currentRole: () => ROLE });
    void prefetch.start(ROLE, async () => [task('gone.png', 'a.png'), task('b.png')]);
    await drain(prefetch);
    expect(prefetch.progress()).toEqual({ ready: 1, total: 2, running: false });
  });

  it('cancel (sign-out) stops the GETs under way and keeps nothing half-written', async () => {
    const prefetch = new Prefetcher({ cache, s3For: () => s3, currentRole: () => ROLE });
    void prefetch.start(ROLE, async () => [task('a.png'), task('b.png'), task('c.png')]);
    await until(() => pending.length === 2, 'two GETs under way');
    prefetch.cancel();
    await prefetch.idle();
    await until(() => running === 0, `no GET under way (${running})`);
    expect(pending.length).toBe(2); // the third never started
    expect(cache.usage().blobs).toBe(0);
    expect(prefetch.progress().running).toBe(false);
  });

  it('stops when another role signs in (its S3 clients are not this role’s)', async () => {
    let role: string = ROLE;
    const prefetch = new Prefetcher({ cache, s3For: () => s3, currentRole: () => role });
    void prefetch.start(ROLE, async () => [task('a.png'), task('b.png'), task('c.png'), task('d.png')]);
    await until(() => pending.length === 2, 'two GETs under way');
    role = 'org\u0000arn:aws:iam::1:role/b\u0000me';
    await drain(prefetch);
    expect(cache.usage().blobs).toBe(2); // the two under way when the role changed; no more
  });

  it('skips an object over the per-object cap, unread when its size is told; the rest stay kept', async () => {
    // A cache of 40 kB keeps objects of up to 10 kB.
    const small = createMediaCache({
      db,
      dir: path.join(dir, 'small'),
      maxBytes: 40_000,
      sealer: createSealer({ secrets: new MemorySecretStore(), persistent: false, account: cacheKeyAccount }),
    });
    expect(small.maxObjectBytes).toBe(10_000);
    sized.set('told.png', { size: 30_000, told: true });
    sized.set('untold.png', { size: 30_000, told: false });
    sized.set('fits.png', { size: 9_000, told: true });
    const prefetch = new Prefetcher({ cache: small, s3For: () => s3, currentRole: () => ROLE });
    void prefetch.start(ROLE, async () => [task('a.png', 'b.png'), task('fits.png')]);
    await drain(prefetch);
    const kept = small.usage();
    void prefetch.start(ROLE, async () => [task('told.png'), task('untold.png'), task('a.png')]);
    await drain(prefetch);
    expect(prefetch.progress()).toEqual({ ready: 1, total: 3, running: false });
    expect(bodiesRead.has('told.png')).toBe(false);
    expect(bodiesRead.has('untold.png')).toBe(true); // read up to the cap, then refused
    expect(small.usage()).toEqual(kept);
    for (const key of ['a.png', 'b.png', 'fits.png'])
      expect(await small.has(ROLE, objectName({ bucket: 'b', key }))).toBe(true);
    expect(
      readdirSync(path.join(dir, 'small'), { recursive: true }).filter((f) => String(f).includes('tmp-')),
    ).toEqual([]);
  });

  it('asks S3 again about what it kept, and fetches again only an object whose ETag changed', async () => {
    let clock = 0;
    const prefetch = new Prefetcher({ cache, s3For: () => s3, currentRole: () => ROLE, now: () => clock });
    const plan = async () => [task('open.png'), task('a.png'), task('b.png')];
    void prefetch.start(ROLE, plan);
    await drain(prefetch);
    version.set('b.png', 2);
    // Just fetched: "Next" after "Next" does not ask S3 about them again for ten minutes.
    clock += 9 * 60_000;
    void prefetch.start(ROLE, plan);
    await drain(prefetch);
    expect(heads).toEqual(['open.png']); // the open task's, at every opening
    heads.length = 0;
    clock += 2 * 60_000;
    pending.length = 0;
    void prefetch.start(ROLE, plan);
    await drain(prefetch);
    expect(heads.sort()).toEqual(['a.png', 'b.png', 'open.png']);
    expect(prefetch.progress()).toEqual({ ready: 3, total: 3, running: false });
    const read = async (key: string) =>
      (await cache.getBytes(ROLE, objectName({ bucket: 'b', key })))!.bytes.toString();
    expect(await read('a.png')).toBe('bytes of a.png');
    expect(await read('b.png')).toBe('bytes of b.png2');
    expect(cache.usage()).toMatchObject({ blobs: 3, refs: 3 }); // the old b went with its name
    // S3 found out of reach moments ago: what is kept is not asked about (no HEAD to time out).
    const offline = new Prefetcher({
      cache,
      s3For: () => s3,
      currentRole: () => ROLE,
      probablyOffline: () => true,
    });
    heads.length = 0;
    void offline.start(ROLE, plan);
    await drain(offline);
    expect(heads).toEqual([]);
    expect(offline.progress()).toEqual({ ready: 3, total: 3, running: false });
  });
});
