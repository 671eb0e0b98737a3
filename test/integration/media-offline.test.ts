/**
 * Media through main against the lab's S3 (behind the fault proxy, so a test can take S3 away):
 * `/media/<id>` URLs minted when a task opens, served with ranges from S3 with the role's
 * credentials; the prefetch keeps the open task and the next ones; with S3 unreachable they open and
 * their media load from the sealed cache alone; another role sees none of it; sign-out deletes it.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigNode, ObjectValue } from '../../core/labeling/config-model.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import {
  createDraftStore,
  createSealer,
  openLocalDatabase,
  type LocalDatabase,
} from '../../main/local/index.ts';
import { cacheKeyAccount, cacheKeyAccountOf, createMediaCache } from '../../main/media/media-cache.ts';
import type { MediaResponse } from '../../main/media/media-route.ts';
import { MediaService } from '../../main/media/media-service.ts';
import { Prefetcher, type PrefetchProgress } from '../../main/media/prefetch.ts';
import { draftsPortFrom } from '../../main/projects/local-drafts.ts';
import { ProjectsService } from '../../main/projects/projects-service.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { labOrganization } from '../lab/app-organization.ts';
import { type FaultProxy } from '../lab/fault-proxy.ts';
import { type Lab } from '../lab/lab.ts';
import { useLabBehindProxy } from '../support/lab-behind-proxy.ts';
import { roleCredentials } from '../lab/role-credentials.ts';

let lab: Lab;
let proxy: FaultProxy;
let dir: string;
let admin: S3Client;

useLabBehindProxy('fa-media-', (frame) => ({ lab, proxy, dir, admin } = frame));

const boxes = () => lab.projects.find((p) => p.id.endsWith('shapes-boxes'))!;

/** One annotator's app, as compose.ts builds it: local store, cache, media service, prefetch. */
function app(
  name: string,
  role = lab.roles.visionAnnotator,
  /** `expired.now` true: the session's credentials ran out (credentials() throws, as the session does). */
  given: { secrets?: MemorySecretStore; expired?: { now: boolean }; now?: () => number } = {},
) {
  const organization = parseOrganizationConfig(
    JSON.parse(
      JSON.stringify(labOrganization(lab, { id: 'lab' })).replaceAll(lab.s3.endpoint, proxy.endpoint),
    ),
    'test',
  );
  const credentials = roleCredentials(
    lab.credentials.forRole(role, { expiresInSeconds: 3600, sessionName: 'ann' }),
    role,
    'ann',
  );
  const expired = given.expired ?? { now: false };
  const session = {
    organization,
    credentials: () => {
      if (expired.now) throw new Error('SESSION_EXPIRED');
      return credentials;
    },
    refreshCredentials: async () => credentials,
  };
  const secrets = given.secrets ?? new MemorySecretStore();
  const db: LocalDatabase = openLocalDatabase({ file: path.join(dir, name, 'local.sqlite') });
  const cache = createMediaCache({
    db,
    dir: path.join(dir, name, 'media-cache'),
    sealer: createSealer({ secrets, persistent: false, account: cacheKeyAccount }),
    forgetKey: (digest) => secrets.delete(cacheKeyAccountOf(digest)),
  });
  const progress: PrefetchProgress[] = [];
  // Built below; the closures run only once a task is open.
  let projects: ProjectsService | null = null;
  const media = new MediaService({
    cache,
    ownerRole: () => projects!.ownerRoleKey(),
    s3For: (id) => projects!.storageFor(id),
    ...(given.now ? { now: given.now } : {}),
  });
  const prefetch = new Prefetcher({
    cache,
    s3For: (id) => projects!.storageFor(id),
    currentRole: () => projects!.currentRoleKey(),
    probablyOffline: () => media.probablyOffline(),
    onProgress: (p) => progress.push(p),
  });
  projects = new ProjectsService({
    session,
    indexDir: path.join(dir, name, 'task-index'),
    drafts: draftsPortFrom(createDraftStore({ db, sealer: createSealer({ secrets, persistent: false }) })),
    emitProgress: () => undefined,
    media,
    prefetch,
    prefetchSize: 2,
  });
  return {
    projects,
    media,
    prefetch,
    cache,
    progress,
    secrets,
    db,
    cacheDir: path.join(dir, name, 'media-cache'),
  };
}

function imageValue(node: ConfigNode): Extract<ObjectValue, { kind: 'url' }> {
  if (node.kind === 'object' && node.tag === 'Image' && node.value?.kind === 'url') return node.value;
  if ('children' in node)
    for (const child of node.children) {
      try {
        return imageValue(child);
      } catch {
        /* look further */
      }
    }
  throw new Error('no Image with a URL in this config');
}

async function bytes(response: MediaResponse): Promise<Buffer> {
  if (response.body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(response.body)) return response.body;
  const parts: Uint8Array[] = [];
  for await (const part of response.body) parts.push(part);
  return Buffer.concat(parts);
}

async function s3Object(key: string): Promise<Buffer> {
  const out = await admin.send(new GetObjectCommand({ Bucket: boxes().bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

const get = (a: ReturnType<typeof app>, url: string, headers: Record<string, string> = {}) =>
  a.media.handle({ method: 'GET', url: `app://annotator${url}`, headers });

async function settled(prefetch: Prefetcher): Promise<PrefetchProgress> {
  await prefetch.idle();
  return prefetch.progress();
}

describe('media through main, and the offline cache', () => {
  it('mints a same-origin URL per object and serves it with ranges from S3, with the role’s credentials', async () => {
    const a = app('online');
    const p = boxes();
    await a.projects.sync(p.id);
    const opened = await a.projects.open(p.id, `${p.sourcePrefix}tasks.json`, 0);
    const value = imageValue(opened.config.root);
    expect(value.localUrl).toMatch(/^\/media\/[A-Za-z0-9_-]{22}$/);
    expect(value.source).toBe(`s3://${p.bucket}/${p.prefix}media/scene-1.png`);
    const png = await s3Object(`${p.prefix}media/scene-1.png`);
    const whole = await get(a, value.localUrl!);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('image/png');
    expect((await bytes(whole)).equals(png)).toBe(true);
    const part = await get(a, value.localUrl!, { range: 'bytes=8-23' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 8-23/${png.length}`);
    expect((await bytes(part)).equals(png.subarray(8, 24))).toBe(true);
    const past = await get(a, value.localUrl!, { range: `bytes=${png.length + 10}-` });
    expect(past.status).toBe(416);
    const head = await a.media.handle({
      method: 'HEAD',
      url: `app://annotator${value.localUrl!}`,
      headers: {},
    });
    expect(head).toMatchObject({ status: 200, body: null });
    expect(head.headers['content-length']).toBe(String(png.length));
    // The bucket has no CORS rule (the lab answers as AWS does): a page could show the presigned
    // image but never read its bytes; the same-origin URL needs no rule.
    const cors = await fetch(value.url, { headers: { origin: 'app://annotator' } });
    expect(cors.status).toBe(200);
    expect(cors.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(value.url, {
      method: 'OPTIONS',
      headers: { origin: 'app://annotator', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    await settled(a.prefetch);
    a.projects.reset();
    a.db.close();
  });

  it('keeps the open task and the next ones; with S3 unreachable they open and load from the cache alone', async () => {
    const a = app('offline');
    const p = boxes();
    const key = `${p.sourcePrefix}tasks.json`;
    await a.projects.sync(p.id);
    await a.projects.open(p.id, key, 0);
    const done = await settled(a.prefetch);
    // The open task and the next two (prefetchSize 2), each with its image.
    expect(done).toEqual({ ready: 3, total: 3, running: false });
    expect(a.progress.at(-1)).toEqual(done);
    expect(a.cache.usage().blobs).toBe(4); // three images and the task file

    proxy.inject({ fault: { kind: 'reset' }, times: Infinity });
    try {
      const before = proxy.requests.length;
      const opened = await a.projects.open(p.id, key, 2);
      expect(opened.access.mode).toBe('edit');
      const value = imageValue(opened.config.root);
      // Cached: the window loads it from the app's origin only, no presigned URL needed.
      expect(value.url).toBe(value.localUrl);
      const served = await get(a, value.url);
      expect(served.status).toBe(200);
      expect((await bytes(served)).equals(await s3Object(`${p.prefix}media/scene-3.png`))).toBe(true);
      // The task not kept (the fourth) cannot load its image offline: a 504 that says so.
      const missing = imageValue((await a.projects.open(p.id, key, 3)).config.root);
      expect(missing.url).not.toBe(missing.localUrl);
      const refused = await get(a, missing.localUrl!);
      expect(refused.status).toBe(504);
      expect((await bytes(refused)).toString()).toMatch(/not kept on this computer/);
      expect(proxy.applied.length).toBeGreaterThan(0);
      expect(proxy.requests.length).toBeGreaterThan(before);
    } finally {
      proxy.clear();
    }

    // On disk: sealed. No cached file holds the PNG's bytes or the task file's text.
    const png = await s3Object(`${p.prefix}media/scene-3.png`);
    const files = readdirSync(a.cacheDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBe(4);
    for (const f of files) {
      const raw = readFileSync(path.join(f.parentPath, f.name));
      expect(raw.includes(png.subarray(0, 64))).toBe(false);
      expect(raw.includes(Buffer.from('scene-3.png'))).toBe(false);
      expect(raw.includes(Buffer.from('lab-ground-truth'))).toBe(false);
    }

    // Another role on the same computer and cache: none of the first role's ids or objects.
    const value = imageValue((await a.projects.open(p.id, key, 0)).config.root);
    expect((await get(a, value.localUrl!)).status).toBe(200);
    const other = 'org\u0000arn:aws:iam::1:role/Other\u0000ann';
    expect(
      await a.cache.get(other, JSON.stringify(['s3', p.bucket, `${p.prefix}media/scene-1.png`])),
    ).toBeNull();
    expect(a.media.ids.resolve(value.localUrl!.slice('/media/'.length), other)).toBeNull();

    // Sign-out: ids die, the role's cache is deleted and its cache key dropped.
    const roleKey = a.projects.currentRoleKey()!;
    // As compose.ts: the prefetch stops, then the cache goes (a write under way keeps nothing).
    a.prefetch.cancel();
    await a.media.signedOut();
    expect((await get(a, value.localUrl!)).status).toBe(404);
    expect(a.cache.usage()).toEqual({ bytes: 0, blobs: 0, refs: 0 });
    expect(readdirSync(a.cacheDir, { recursive: true }).length).toBe(0);
    expect(await a.secrets.get(cacheKeyAccount(roleKey))).toBeNull();
    a.projects.reset();
    a.db.close();
  }, 60_000);

  it('offline, a task I skipped stays skipped by me, and the window hears my annotation is not known here', async () => {
    const a = app('skipped');
    const p = boxes();
    const key = `${p.sourcePrefix}tasks.json`;
    await a.projects.sync(p.id);
    const online = await a.projects.open(p.id, key, 3);
    expect(online.ownAnnotationUnknown).toBeUndefined();
    const skipped = await a.projects.submit(p.id, online.taskId, {
      result: [],
      wasCancelled: true,
      leadTimeSeconds: 1,
    });
    expect(skipped.synced).toBe(true);
    await settled(a.prefetch);
    proxy.inject({ fault: { kind: 'reset' }, times: Infinity });
    try {
      const offline = await a.projects.open(p.id, key, 3);
      expect(offline.state).toBe('skipped-by-me');
      expect(offline.ownAnnotationUnknown).toBe(true);
      // The list keeps what this computer knows, too.
      const page = await a.projects.page(p.id, 0, 10);
      expect(page.rows.find((r) => r.taskId === online.taskId)?.state).toBe('skipped-by-me');
    } finally {
      proxy.clear();
    }
    await settled(a.prefetch);
    a.projects.reset();
    a.db.close();
  }, 60_000);

  it('credentials expired: the cache still serves the open task, and sign-out wipes that role’s cache and key', async () => {
    const expired = { now: false };
    const a = app('expired', lab.roles.visionAnnotator, { expired });
    const p = boxes();
    await a.projects.sync(p.id);
    const value = imageValue((await a.projects.open(p.id, `${p.sourcePrefix}tasks.json`, 0)).config.root);
    expect(await settled(a.prefetch)).toMatchObject({ ready: 3, total: 3 });
    const roleKey = a.projects.currentRoleKey()!;
    expired.now = true;
    expect(a.projects.currentRoleKey()).toBeNull();
    const served = await get(a, value.localUrl!);
    expect(served.status).toBe(200);
    expect((await bytes(served)).equals(await s3Object(`${p.prefix}media/scene-1.png`))).toBe(true);
    await a.media.signedOut();
    expect(a.cache.usage()).toEqual({ bytes: 0, blobs: 0, refs: 0 });
    expect(await a.secrets.get(cacheKeyAccount(roleKey))).toBeNull();
    a.projects.reset();
    a.db.close();
  }, 60_000);

  it('after a restart with an expired stored session, sign-out still wipes the cache and its key', async () => {
    const secrets = new MemorySecretStore();
    const first = app('restart', lab.roles.visionAnnotator, { secrets });
    const p = boxes();
    await first.projects.sync(p.id);
    await first.projects.open(p.id, `${p.sourcePrefix}tasks.json`, 0);
    await settled(first.prefetch);
    const roleKey = first.projects.currentRoleKey()!;
    expect(first.cache.usage().blobs).toBeGreaterThan(0);
    first.projects.reset();
    first.db.close();
    // The next run: the stored session has expired, so no role is ever built.
    const second = app('restart', lab.roles.visionAnnotator, { secrets, expired: { now: true } });
    expect(second.projects.ownerRoleKey()).toBeNull();
    expect(second.cache.usage().blobs).toBeGreaterThan(0);
    await second.media.signedOut();
    expect(second.cache.usage()).toEqual({ bytes: 0, blobs: 0, refs: 0 });
    expect(existsSync(second.cacheDir)).toBe(false);
    expect(await secrets.get(cacheKeyAccount(roleKey))).toBeNull();
    second.db.close();
  }, 60_000);

  it('a cached object replaced in S3: online the opening serves the new bytes (and keeps them); offline the kept ones', async () => {
    let clock = Date.now();
    const a = app('refresh', lab.roles.visionAnnotator, { now: () => clock });
    const p = boxes();
    const key = `${p.sourcePrefix}tasks.json`;
    const objectKey = `${p.prefix}media/scene-2.png`;
    const name = JSON.stringify(['s3', p.bucket, objectKey]);
    const original = await s3Object(objectKey);
    const replaced = Buffer.concat([original, Buffer.from('a new version')]);
    await a.projects.sync(p.id);
    await a.projects.open(p.id, key, 1);
    await settled(a.prefetch);
    const roleKey = a.projects.currentRoleKey()!;
    expect((await a.cache.getBytes(roleKey, name))!.bytes.equals(original)).toBe(true);
    await admin.send(
      new PutObjectCommand({ Bucket: p.bucket, Key: objectKey, Body: replaced, ContentType: 'image/png' }),
    );
    try {
      proxy.inject({ fault: { kind: 'reset' }, times: Infinity });
      try {
        const offline = imageValue((await a.projects.open(p.id, key, 1)).config.root);
        expect((await bytes(await get(a, offline.url))).equals(original)).toBe(true);
      } finally {
        proxy.clear();
      }
      // S3 is back, and the app no longer takes it for out of reach.
      clock += 11_000;
      const online = imageValue((await a.projects.open(p.id, key, 1)).config.root);
      const served = await get(a, online.url);
      expect(served.status).toBe(200);
      expect((await bytes(served)).equals(replaced)).toBe(true);
      await settled(a.prefetch);
      expect((await a.cache.getBytes(roleKey, name))!.bytes.equals(replaced)).toBe(true);
    } finally {
      await admin.send(
        new PutObjectCommand({ Bucket: p.bucket, Key: objectKey, Body: original, ContentType: 'image/png' }),
      );
    }
    a.projects.reset();
    a.db.close();
  }, 60_000);
});
