import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTaskIndex, StorageError, syncProjectIndex, type TaskIndex } from '../../main/storage/index.ts';
import { taskIdFor, type Project } from '../../main/tasks/index.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { bulkKey } from '../lab/sample-data/bulk-prefix.ts';
import {
  adminClient,
  credentialSource,
  deleteAsAdmin,
  project,
  projectsFor,
  putAsAdmin,
  rejection,
  storageClient,
  type CountingClient,
} from './helpers.ts';

const PREFIX = 'team-vision/bulk/';
const COUNT = 2500;
let lab: Lab;
let projects: Project[];
let client: CountingClient;
let dir: string;
let p: Project;

beforeAll(async () => {
  lab = await startLab({ idp: 'node', data: 'sample' });
  await lab.generateBulkPrefix(PREFIX, COUNT);
  const role = lab.roles.visionAnnotator;
  projects = projectsFor(lab, role, [
    { id: 'bulk', roles: [role.arn], taskPrefix: PREFIX, targetPrefix: 'team-vision/bulk-annotations/' },
    // Only keys of folder 0001 that end in 0, 1 or 2: 300 of 2500.
    {
      id: 'bulk-filtered',
      roles: [role.arn],
      taskPrefix: PREFIX,
      targetPrefix: 'team-vision/bulk-annotations-f/',
      regexFilter: String.raw`team-vision/bulk/0001/task-\d{6}[012]\.json$`,
    },
  ]);
  p = project(projects, 'bulk');
  client = storageClient(lab, credentialSource(lab, role));
  dir = await mkdtemp(join(tmpdir(), 'fa-index-'));
});

afterAll(async () => {
  client?.s3.destroy();
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

let index: TaskIndex;
beforeEach((context) => {
  // A fresh index directory per test, so tests do not depend on each other's syncs.
  const sub = join(dir, context.task.id);
  index = openTaskIndex({ directory: sub, project: p });
  return () => index.close();
});

function lists(): number {
  return client.requests.get('ListObjectsV2Command') ?? 0;
}

describe('listing into the local index', () => {
  it('delivers the first page before the listing ends, then streams the rest', async () => {
    const events: string[] = [];
    let sent = 0;
    // The client as the sync sees it, logging when each ListObjectsV2 is sent and answered.
    const s3 = {
      ...client.s3,
      listObjectsV2: async (...args: Parameters<typeof client.s3.listObjectsV2>) => {
        const n = ++sent;
        events.push(`request ${n}`);
        const out = await client.s3.listObjectsV2(...args);
        events.push(`response ${n}`);
        return out;
      },
    };
    const result = await syncProjectIndex(p, s3, index, projects, {
      onPage: (rows, progress) => {
        events.push(`page ${progress.pages}: ${rows.length} rows${progress.done ? ', done' : ''}`);
        // What was delivered is already committed: the renderer can page it at once.
        if (progress.pages === 1)
          expect(index.page(0, 5).map((r) => r.key)).toEqual(rows.slice(0, 5).map((r) => r.key));
      },
    });
    // Page 1 reached the caller before pages 2 and 3 were answered; the next request is always
    // already in flight while a page is committed and delivered.
    expect(events).toEqual([
      'request 1',
      'response 1',
      'request 2',
      'page 1: 1000 rows',
      'response 2',
      'request 3',
      'page 2: 1000 rows',
      'response 3',
      'page 3: 500 rows, done',
    ]);
    expect(result).toMatchObject({ mode: 'incremental', requests: 3, added: COUNT, total: COUNT });
    expect(index.complete()).toBe(true);
  });

  it('pages the index in key order, never more than 500 rows at once', async () => {
    await syncProjectIndex(p, client.s3, index, projects);
    const page = index.page(1200, 10_000);
    expect(page).toHaveLength(500);
    expect(page[0]).toEqual({
      key: bulkKey(PREFIX, 1200),
      taskId: taskIdFor(bulkKey(PREFIX, 1200)),
      size: expect.any(Number),
      etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      lastModified: expect.any(Number),
    });
    expect(
      index
        .page(2490, 50)
        .map((r) => r.key)
        .at(-1),
    ).toBe(bulkKey(PREFIX, COUNT - 1));
  });

  it('keeps only keys matching the regex filter', async () => {
    const filtered = project(projects, 'bulk-filtered');
    const fIndex = openTaskIndex({ directory: join(dir, 'filtered'), project: filtered });
    try {
      const result = await syncProjectIndex(filtered, client.s3, fIndex, projects);
      expect([result.listed, result.total]).toEqual([COUNT, 300]);
      expect(fIndex.page(0, 500).every((r) => /0001\/task-\d{6}[012]\.json$/.test(r.key))).toBe(true);
    } finally {
      fIndex.close();
    }
  });

  it('re-syncs incrementally with StartAfter: only new keys, in one request', async () => {
    await syncProjectIndex(p, client.s3, index, projects);
    const admin = adminClient(lab);
    const added = [0, 1, 2].map((i) => `${PREFIX}0002/task-9${i}.json`);
    const early = `${PREFIX}0000/task-0000000a.json`; // sorts before the last known key
    try {
      for (const key of [...added, early])
        await putAsAdmin(admin, lab.s3.bucket, key, '{"data":{"text":"new"}}');
      const before = lists();
      const incremental = await syncProjectIndex(p, client.s3, index, projects);
      expect([incremental.requests, lists() - before, incremental.added, incremental.listed]).toEqual([
        1, 1, 3, 3,
      ]);
      // The documented limit: a key sorting before the last known one is not seen incrementally...
      expect(index.get(early)).toBeUndefined();
      // ...but a full re-sync finds it, and reports changed ETags and removed keys.
      await putAsAdmin(admin, lab.s3.bucket, bulkKey(PREFIX, 5), '{"data":{"text":"rewritten"}}');
      await deleteAsAdmin(admin, lab.s3.bucket, bulkKey(PREFIX, 7));
      const full = await syncProjectIndex(p, client.s3, index, projects, { mode: 'full' });
      expect(full.mode).toBe('full');
      expect(full.added).toBe(1);
      expect(full.changed).toEqual([bulkKey(PREFIX, 5)]);
      expect(full.removed).toEqual([bulkKey(PREFIX, 7)]);
      expect(index.get(early)).toBeDefined();
      expect(full.total).toBe(COUNT + 3);
    } finally {
      for (const key of [...added, early]) await deleteAsAdmin(admin, lab.s3.bucket, key);
      await putAsAdmin(admin, lab.s3.bucket, bulkKey(PREFIX, 7), '{"data":{"text":"Benchmark task 7"}}\n');
      admin.destroy();
    }
  });

  it('resumes an interrupted first sync after the last committed page', async () => {
    const controller = new AbortController();
    const error = await rejection(
      syncProjectIndex(p, client.s3, index, projects, {
        signal: controller.signal,
        onPage: () => controller.abort(),
      }),
    );
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe('STORAGE_ABORTED');
    expect([index.count(), index.complete()]).toEqual([1000, false]);
    // Reopened as after a crash: the next sync continues after key 999, even when "full" is asked.
    index.close();
    index = openTaskIndex({ directory: index.path.replace(/\/[^/]+$/, ''), project: p });
    const resumed = await syncProjectIndex(p, client.s3, index, projects, { mode: 'full' });
    expect([resumed.mode, resumed.requests, resumed.added, index.count()]).toEqual([
      'incremental',
      2,
      1500,
      COUNT,
    ]);
  });

  it('forgets the index when the project configuration changes', async () => {
    await syncProjectIndex(p, client.s3, index, projects, { pageSize: 1000 });
    index.close();
    const moved = { ...p, regexFilter: 'nothing-matches' };
    index = openTaskIndex({ directory: index.path.replace(/\/[^/]+$/, ''), project: moved });
    expect([index.count(), index.cursor()]).toEqual([0, null]);
  });
});
