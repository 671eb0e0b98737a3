import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalDatabase, type LocalDatabase } from '../local/database.ts';
import { createSealer, roleDigest } from '../local/sealed.ts';
import { setLogSinks } from '../log.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { cacheKeyAccount, CacheWiped, CHUNK, createMediaCache, ObjectTooLarge } from './media-cache.ts';

const ROLE_A = 'org\u0000arn:aws:iam::111111111111:role/vision\u0000ann';
const ROLE_B = 'org\u0000arn:aws:iam::111111111111:role/language\u0000ann';
const NAME = JSON.stringify(['s3', 'bucket', 'media/one.wav']);

let dir: string;
let db: LocalDatabase;
let secrets: MemorySecretStore;
let clock: number;

function cache(maxBytes?: number, maxObjectBytes?: number) {
  return createMediaCache({
    db,
    dir: path.join(dir, 'cache'),
    sealer: createSealer({ secrets, persistent: true, account: cacheKeyAccount }),
    now: () => clock,
    ...(maxBytes !== undefined ? { maxBytes } : {}),
    ...(maxObjectBytes !== undefined ? { maxObjectBytes } : {}),
  });
}

async function readAll(iterable: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of iterable) parts.push(part);
  return Buffer.concat(parts);
}

/** Every file under the cache folder, with its bytes. */
function cacheFiles(): Buffer[] {
  const root = path.join(dir, 'cache');
  const out: Buffer[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }))
      if (entry.isDirectory()) walk(path.join(d, entry.name));
      else out.push(readFileSync(path.join(d, entry.name)));
  };
  try {
    walk(root);
  } catch {
    /* no folder: no files */
  }
  return out;
}

beforeEach(() => {
  setLogSinks([]);
  dir = mkdtempSync(path.join(tmpdir(), 'fa-media-cache-'));
  db = openLocalDatabase({ file: path.join(dir, 'local.sqlite') });
  secrets = new MemorySecretStore();
  clock = 1_000_000;
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the offline media cache', () => {
  it('returns what was stored, whole and by any range across chunk edges (a 3.5 MiB object)', async () => {
    const c = cache();
    const bytes = randomBytes(3.5 * CHUNK);
    // Pieces of odd sizes, as a network body arrives.
    const pieces = [bytes.subarray(0, 1000), bytes.subarray(1000, CHUNK + 7), bytes.subarray(CHUNK + 7)];
    await c.put(ROLE_A, NAME, pieces, { contentType: 'audio/wav', etag: '"e1"' });
    const entry = (await c.get(ROLE_A, NAME))!;
    expect(entry).toMatchObject({ size: bytes.length, contentType: 'audio/wav', etag: '"e1"' });
    expect((await readAll(entry.read())).equals(bytes)).toBe(true);
    for (const [start, end] of [
      [0, 0],
      [CHUNK - 1, CHUNK],
      [CHUNK * 2 - 5, CHUNK * 3 + 5],
      [bytes.length - 1, bytes.length - 1],
    ] as const)
      expect((await readAll(entry.read(start, end))).equals(bytes.subarray(start, end + 1))).toBe(true);
  });

  it('keeps objects of exactly one chunk and of no bytes', async () => {
    const c = cache();
    const exact = randomBytes(CHUNK);
    await c.putBytes(ROLE_A, 'exact', exact);
    await c.putBytes(ROLE_A, 'empty', Buffer.alloc(0));
    expect((await c.getBytes(ROLE_A, 'exact'))!.bytes.equals(exact)).toBe(true);
    expect((await c.getBytes(ROLE_A, 'empty'))!.bytes.length).toBe(0);
  });

  it('stores the same content once, under two names (content-addressed)', async () => {
    const c = cache();
    const bytes = randomBytes(50_000);
    expect((await c.putBytes(ROLE_A, 'first', bytes)).deduplicated).toBe(false);
    expect((await c.putBytes(ROLE_A, 'second', bytes)).deduplicated).toBe(true);
    expect(c.usage()).toMatchObject({ blobs: 1, refs: 2 });
    expect(cacheFiles()).toHaveLength(1);
    expect((await c.getBytes(ROLE_A, 'second'))!.bytes.equals(bytes)).toBe(true);
  });

  it('holds no plaintext on disk: neither the files nor the database show the content or its name', async () => {
    const c = cache();
    const secret = 'The patient record of Jane Q. Example, chest x-ray, 2026-11-30';
    const taskJson = JSON.stringify({ data: { text: secret, image: 's3://bucket/media/xray-0042.png' } });
    await c.putBytes(
      ROLE_A,
      JSON.stringify(['task-file', 'p1', 'tasks/xray-0042.json', '"e"']),
      Buffer.from(taskJson),
      {
        contentType: 'application/json',
      },
    );
    db.close();
    const onDisk = [
      ...cacheFiles(),
      ...readdirSync(dir)
        .filter((f) => f.startsWith('local.sqlite'))
        .map((f) => readFileSync(path.join(dir, f))),
    ];
    expect(onDisk.length).toBeGreaterThan(1);
    for (const file of onDisk)
      for (const needle of ['Jane Q. Example', 'xray-0042', 'application/json', 'task-file'])
        expect(file.includes(Buffer.from(needle)), needle).toBe(false);
    db = openLocalDatabase({ file: path.join(dir, 'local.sqlite') });
  });

  it('another role neither finds nor opens the first role’s objects, even with its files copied over', async () => {
    const a = cache();
    await a.putBytes(ROLE_A, NAME, Buffer.from('role A media'));
    expect(await a.get(ROLE_B, NAME)).toBeNull();
    // Role B stores the same name, then its blob is swapped for A's file: it does not open.
    await a.putBytes(ROLE_B, NAME, Buffer.from('role B media'));
    const root = path.join(dir, 'cache');
    const fileOf = (role: string) =>
      path.join(root, roleDigest(role), readdirSync(path.join(root, roleDigest(role)))[0]!);
    writeFileSync(fileOf(ROLE_B), readFileSync(fileOf(ROLE_A)));
    await expect(readAll((await a.get(ROLE_B, NAME))!.read())).rejects.toThrow();
    expect((await a.getBytes(ROLE_A, NAME))!.bytes.toString()).toBe('role A media');
  });

  it('a blob changed on disk, cut short or reordered does not open', async () => {
    const c = cache();
    const bytes = randomBytes(2 * CHUNK + 10);
    await c.putBytes(ROLE_A, NAME, bytes);
    const root = path.join(dir, 'cache', roleDigest(ROLE_A));
    const file = path.join(root, readdirSync(root)[0]!);
    const original = readFileSync(file);
    writeFileSync(file, original.subarray(0, original.length - 40));
    expect(await c.getBytes(ROLE_A, NAME)).toBeNull();
    await c.putBytes(ROLE_A, NAME, bytes);
    const flipped = Buffer.from(original);
    flipped[100] = flipped[100]! ^ 1;
    writeFileSync(file, flipped);
    expect(await c.getBytes(ROLE_A, NAME)).toBeNull();
  });

  it('evicts the least recently used first, never what an open or queued task needs', async () => {
    // Room for three objects (each over the default quarter-of-the-cache cap, allowed here).
    const c = cache(3 * 120_000, 120_000);
    const put = (name: string) => c.putBytes(ROLE_A, name, randomBytes(100_000));
    await put('old');
    clock += 1;
    await put('needed');
    clock += 1;
    await put('recent');
    clock += 1;
    await c.protect(ROLE_A, ['needed']);
    await c.get(ROLE_A, 'old'); // used again: now more recent than "needed"
    clock += 1;
    await put('new');
    // Over the cap by one: "needed" is the least recently used but protected, so "recent" goes.
    expect(await c.has(ROLE_A, 'needed')).toBe(true);
    expect(await c.has(ROLE_A, 'old')).toBe(true);
    expect(await c.has(ROLE_A, 'recent')).toBe(false);
    expect(await c.has(ROLE_A, 'new')).toBe(true);
    expect(c.usage().bytes).toBeLessThanOrEqual(3 * 120_000);
    expect(cacheFiles()).toHaveLength(3);
  });

  it('refuses an object over the per-object cap (a quarter of the cache) and evicts nothing for it', async () => {
    const c = cache(400_000);
    expect(c.maxObjectBytes).toBe(100_000);
    await c.putBytes(ROLE_A, 'a', randomBytes(60_000));
    await c.putBytes(ROLE_A, 'b', randomBytes(60_000));
    const before = c.usage();
    const big = (function* () {
      for (let i = 0; i < 10; i++) yield randomBytes(20_000);
    })();
    await expect(c.put(ROLE_A, 'big', big)).rejects.toBeInstanceOf(ObjectTooLarge);
    expect(c.usage()).toEqual(before);
    expect(await c.has(ROLE_A, 'a')).toBe(true);
    expect(await c.has(ROLE_A, 'b')).toBe(true);
    expect(cacheFiles()).toHaveLength(2); // no half-written file left
  });

  it('a name removed or pointed elsewhere leaves no orphan blob; a blob another name shares stays', async () => {
    const c = cache();
    const shared = randomBytes(5_000);
    await c.putBytes(ROLE_A, 'x', shared);
    await c.putBytes(ROLE_A, 'y', shared); // the same content: one blob, two names
    await c.putBytes(ROLE_A, 'z', randomBytes(5_000));
    expect(c.usage()).toMatchObject({ blobs: 2, refs: 3 });
    await c.remove(ROLE_A, 'x');
    expect(c.usage()).toMatchObject({ blobs: 2, refs: 2 });
    expect((await c.getBytes(ROLE_A, 'y'))!.bytes.equals(shared)).toBe(true);
    await c.remove(ROLE_A, 'y');
    expect(c.usage()).toMatchObject({ blobs: 1, refs: 1 });
    // z is stored anew (its S3 object changed): its old content goes.
    const fresh = randomBytes(5_000);
    await c.putBytes(ROLE_A, 'z', fresh);
    expect(c.usage()).toMatchObject({ blobs: 1, refs: 1 });
    expect(cacheFiles()).toHaveLength(1);
    expect((await c.getBytes(ROLE_A, 'z'))!.bytes.equals(fresh)).toBe(true);
  });

  it('a remove of a stale copy (at its ETag) spares a newer copy stored meanwhile', async () => {
    const c = cache();
    await c.putBytes(ROLE_A, 'x', Buffer.from('old'), { etag: '"1"' });
    await c.putBytes(ROLE_A, 'x', Buffer.from('new'), { etag: '"2"' });
    await c.remove(ROLE_A, 'x', '"1"');
    expect((await c.getBytes(ROLE_A, 'x'))!.bytes.toString()).toBe('new');
    await c.remove(ROLE_A, 'x', '"2"');
    expect(await c.has(ROLE_A, 'x')).toBe(false);
  });

  it('wipes a role unread once it was last online longer ago than the offline age (fake clock)', async () => {
    const c = cache();
    const hour = 3_600_000;
    expect(c.noteOnline(ROLE_A, 1)).toBe(true);
    expect(c.noteOnline(ROLE_B, 1)).toBe(true);
    await c.putBytes(ROLE_A, NAME, Buffer.from('A'));
    await c.putBytes(ROLE_B, NAME, Buffer.from('B'));
    clock += 71 * hour;
    expect(c.noteOnline(ROLE_A, 1)).toBe(false); // A's session restored at a start: not a sign-in
    expect(c.noteOnline(ROLE_B, 2)).toBe(true); // B refreshed its session
    expect(await c.wipeExpired(72 * hour)).toEqual([]);
    clock += 2 * hour;
    expect(await c.wipeExpired(72 * hour)).toEqual([roleDigest(ROLE_A)]);
    expect(await c.has(ROLE_A, NAME)).toBe(false);
    expect((await c.getBytes(ROLE_B, NAME))!.bytes.toString()).toBe('B');
    expect(() => statSync(path.join(dir, 'cache', roleDigest(ROLE_A)))).toThrow();
    // A start with keys in memory only: everything kept before is wiped (its keys died).
    expect(await c.wipeExpired(-1)).toEqual([roleDigest(ROLE_B)]);
    expect(c.usage()).toEqual({ bytes: 0, blobs: 0, refs: 0 });
  });

  it('sign-out deletes the role’s files and rows and drops its cache key; the drafts’ key stays', async () => {
    const c = cache();
    await secrets.set('local-key:keep', 'v1:drafts');
    await c.putBytes(ROLE_A, NAME, Buffer.from('A'));
    await c.putBytes(ROLE_B, NAME, Buffer.from('B'));
    expect(await secrets.get(cacheKeyAccount(ROLE_A))).not.toBeNull();
    await c.wipeRole(ROLE_A);
    expect(await secrets.get(cacheKeyAccount(ROLE_A))).toBeNull();
    expect(await secrets.get('local-key:keep')).toBe('v1:drafts');
    expect(c.usage()).toMatchObject({ blobs: 1, refs: 1 });
    expect(cacheFiles()).toHaveLength(1);
    expect(await c.has(ROLE_A, NAME)).toBe(false);
  });

  it('a sign-out while an object is being stored wins: the write keeps nothing, no file is left', async () => {
    const c = cache();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slow() {
      yield randomBytes(CHUNK + 5);
      await gate;
      yield randomBytes(10);
    }
    const writing = c.put(ROLE_A, NAME, slow());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const wiping = c.wipeRole(ROLE_A);
    release();
    await expect(writing).rejects.toBeInstanceOf(CacheWiped);
    await wiping;
    expect(c.usage()).toEqual({ bytes: 0, blobs: 0, refs: 0 });
    expect(cacheFiles()).toHaveLength(0);
    // After the next sign-in the role stores again, under a new key.
    await c.putBytes(ROLE_A, NAME, Buffer.from('again'));
    expect((await c.getBytes(ROLE_A, NAME))!.bytes.toString()).toBe('again');
  });

  it('an age wipe overtakes a write under way: nothing of it is kept', async () => {
    const c = cache();
    await c.putBytes(ROLE_A, 'old', Buffer.from('kept before'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    async function* slow() {
      started = true;
      yield randomBytes(CHUNK + 5);
      await gate;
      yield randomBytes(10);
    }
    const writing = c.put(ROLE_A, NAME, slow());
    for (let i = 0; i < 5_000 && !started; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(true);
    const wiping = c.wipeExpired(-1);
    release();
    await expect(writing).rejects.toBeInstanceOf(CacheWiped);
    expect(await wiping).toEqual([roleDigest(ROLE_A)]);
    expect(c.usage()).toEqual({ bytes: 0, blobs: 0, refs: 0 });
    expect(cacheFiles()).toHaveLength(0);
  });
});
