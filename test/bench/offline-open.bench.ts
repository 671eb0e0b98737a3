/**
 * Benchmark: media through main and the offline cache, on the lab's S3 behind a 20 ms round trip
 * (the fault proxy's latency: an annotator's link to S3 across a VPN).
 * 1. Cold open of a prefetched task (a fresh projects service on the same data folder, as after a
 *    restart; the task's image read through `/media/` as the window does): offline (S3 resets every
 *    connection) vs online.
 * 2. Throughput of one large object: through the media route from S3 (streamed with the role's
 *    credentials) and from the sealed cache, vs a GET of the presigned URL straight from S3.
 *   node_modules/.bin/node test/bench/offline-open.bench.ts [rounds=5] [megabytes=64]
 * Figures vary with machine load; compare the columns of one run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ConfigNode } from '../../core/labeling/config-model.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { createDraftStore, createSealer, openLocalDatabase } from '../../main/local/index.ts';
import { setLogSinks } from '../../main/log.ts';
import { cacheKeyAccount, createMediaCache } from '../../main/media/media-cache.ts';
import type { MediaResponse } from '../../main/media/media-route.ts';
import { MediaService } from '../../main/media/media-service.ts';
import { Prefetcher } from '../../main/media/prefetch.ts';
import { objectName } from '../../main/media/media-source.ts';
import { draftsPortFrom } from '../../main/projects/local-drafts.ts';
import { ProjectsService } from '../../main/projects/projects-service.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { labOrganization } from '../lab/app-organization.ts';
import { startFaultProxy } from '../lab/fault-proxy.ts';
import { startLab } from '../lab/lab.ts';
import { roleCredentials } from '../lab/role-credentials.ts';

const rounds = Number(process.argv[2] ?? 5);
const megabytes = Number(process.argv[3] ?? 64);
const LINK_RTT_MS = 20;
setLogSinks([]);
const work = mkdtempSync(path.join(tmpdir(), 'fa-bench-offline-'));
const lab = await startLab({ idp: 'node', data: 'sample' });
const link = await startFaultProxy(lab.s3.endpoint);
const latency = () => link.inject({ fault: { kind: 'latency', ms: LINK_RTT_MS }, times: Infinity });
const tables: { title: string; rows: [string, string, string][] }[] = [];
// One keychain and one local store for every "run of the app" (a restart keeps both).
const secrets = new MemorySecretStore();
const db = openLocalDatabase({ file: path.join(work, 'local.sqlite') });
const cache = createMediaCache({
  db,
  dir: path.join(work, 'media-cache'),
  sealer: createSealer({ secrets, persistent: true, account: cacheKeyAccount }),
});
const role = lab.roles.visionAnnotator;
const credentials = roleCredentials(
  lab.credentials.forRole(role, { expiresInSeconds: 3600, sessionName: 'ann' }),
  role,
  'ann',
);
const organization = parseOrganizationConfig(
  JSON.parse(JSON.stringify(labOrganization(lab, { id: 'lab' })).replaceAll(lab.s3.endpoint, link.endpoint)),
  'bench',
);
const session = { organization, credentials: () => credentials, refreshCredentials: async () => credentials };
const scenes = lab.projects.find((p) => p.id.endsWith('scene-review'))!;

/** One run of the app: a fresh projects service (nothing in memory) on the shared store and cache. */
function appRun() {
  let projects: ProjectsService | null = null;
  const media = new MediaService({
    cache,
    ownerRole: () => projects!.ownerRoleKey(),
    s3For: (id) => projects!.storageFor(id),
  });
  const prefetch = new Prefetcher({
    cache,
    s3For: (id) => projects!.storageFor(id),
    currentRole: () => projects!.currentRoleKey(),
  });
  projects = new ProjectsService({
    session,
    indexDir: path.join(work, 'task-index'),
    drafts: draftsPortFrom(createDraftStore({ db, sealer: createSealer({ secrets, persistent: true }) })),
    emitProgress: () => undefined,
    media,
    prefetch,
    prefetchSize: 10,
  });
  return { projects, media, prefetch };
}

function imageUrl(node: ConfigNode): string {
  if (node.kind === 'object' && node.tag === 'Image' && node.value?.kind === 'url') return node.value.url;
  if ('children' in node)
    for (const child of node.children) {
      try {
        return imageUrl(child);
      } catch {
        /* look further */
      }
    }
  throw new Error('no image');
}

async function drain(response: MediaResponse | Response): Promise<number> {
  let bytes = 0;
  const body = response instanceof Response ? response.body : response.body;
  if (body === null) return 0;
  if (Buffer.isBuffer(body)) return body.length;
  for await (const part of body as AsyncIterable<Uint8Array>) bytes += part.byteLength;
  return bytes;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  latency();
  const key = (i: number) =>
    i < 3 ? `${scenes.sourcePrefix}batch-1.json` : `${scenes.sourcePrefix}batch-2.jsonl`;
  const index = (i: number) => (i < 3 ? i : i - 3);
  // Online once: the list, the first open, and the prefetch of all five tasks with their images.
  const first = appRun();
  await first.projects.sync(scenes.id);
  await first.projects.open(scenes.id, key(0), 0);
  await first.prefetch.idle();
  const progress = first.prefetch.progress();
  if (progress.ready !== 5) throw new Error(`prefetch kept ${progress.ready} of ${progress.total}`);
  await first.projects.releaseAll();
  first.projects.reset();

  /** Cold opens (a fresh run each) of the five tasks, each with its image read through /media/. */
  async function coldOpens(listFirst: boolean): Promise<number[]> {
    const times: number[] = [];
    for (let r = 0; r < rounds; r++)
      for (let i = 0; i < 5; i++) {
        const run = appRun();
        // The list's refresh, as the window asks for it before an open (offline it fails, and the
        // app then knows S3 is unreachable); without it the open is the first to find out.
        if (listFirst) await run.projects.sync(scenes.id).catch(() => undefined);
        const t0 = performance.now();
        const opened = await run.projects.open(scenes.id, key(i), index(i));
        const url = imageUrl(opened.config.root);
        if (!url.startsWith('/media/')) throw new Error('a prefetched image is not served from the cache');
        const bytes = await drain(
          await run.media.handle({ method: 'GET', url: `app://annotator${url}`, headers: {} }),
        );
        times.push(performance.now() - t0);
        if (bytes === 0) throw new Error('no image bytes');
        run.prefetch.cancel();
        await run.projects.releaseAll();
        run.projects.reset();
      }
    return times;
  }
  const online = median(await coldOpens(true));
  link.clear();
  link.inject({ fault: { kind: 'reset' }, times: Infinity });
  const offline = median(await coldOpens(true));
  const offlineFirst = median(await coldOpens(false));
  link.clear();
  latency();
  tables.push({
    title: `Cold open of a prefetched task and its image (median of ${rounds * 5}; S3 behind a ${LINK_RTT_MS} ms round trip)`,
    rows: [
      [
        'offline (every connection to S3 reset), after the list found S3 unreachable',
        `${offline.toFixed(1)} ms`,
        `${(offline / online).toFixed(2)}× online`,
      ],
      [
        'offline, the open the first to find out (its S3 reads fail, with retries)',
        `${offlineFirst.toFixed(1)} ms`,
        `${(offlineFirst / online).toFixed(2)}× online`,
      ],
      ['online', `${online.toFixed(1)} ms`, '1.00×'],
    ],
  });

  // Throughput of one large object.
  const bigKey = `${scenes.prefix}media/bench-${megabytes}mb.bin`;
  const admin = new S3Client({
    region: lab.s3.region,
    endpoint: lab.s3.endpoint,
    forcePathStyle: true,
    credentials: lab.credentials.admin,
  });
  await admin.send(
    new PutObjectCommand({
      Bucket: scenes.bucket,
      Key: bigKey,
      Body: randomBytes(megabytes * 1024 * 1024),
      ContentType: 'video/mp4',
    }),
  );
  admin.destroy();
  const run = appRun();
  await run.projects.sync(scenes.id);
  const roleKey = run.projects.currentRoleKey()!;
  const target = { projectId: scenes.id, bucket: scenes.bucket, key: bigKey };
  const local = (await run.media.localUrl(target))!.url;
  const presigned = await run.projects.presign(scenes.id, `s3://${scenes.bucket}/${bigKey}`);
  const rate = (ms: number) => `${((megabytes / ms) * 1000).toFixed(0)} MB/s`;
  const timed = async (read: () => Promise<number>) => {
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const bytes = await read();
      times.push(performance.now() - t0);
      if (bytes !== megabytes * 1024 * 1024) throw new Error(`read ${bytes} bytes`);
    }
    return median(times);
  };
  const direct = await timed(async () => drain(await fetch(presigned.url)));
  const viaMain = await timed(async () =>
    drain(await run.media.handle({ method: 'GET', url: `app://annotator${local}`, headers: {} })),
  );
  await cache.put(
    roleKey,
    objectName(target),
    (await run.projects.storageFor(scenes.id).getStream({ Bucket: scenes.bucket, Key: bigKey })).body,
  );
  const fromCache = await timed(async () =>
    drain(await run.media.handle({ method: 'GET', url: `app://annotator${local}`, headers: {} })),
  );
  tables.push({
    title: `One ${megabytes} MB object (median of 3; S3 behind a ${LINK_RTT_MS} ms round trip)`,
    rows: [
      ['presigned URL, straight from S3 (fetch)', rate(direct), '1.00×'],
      [
        '/media/ through main, from S3 (streamed)',
        rate(viaMain),
        `${(viaMain / direct).toFixed(2)}× the time`,
      ],
      [
        '/media/ through main, from the sealed cache',
        rate(fromCache),
        `${(fromCache / direct).toFixed(2)}× the time`,
      ],
    ],
  });
  run.projects.reset();
} finally {
  db.close();
  await link.close();
  await lab.close();
  rmSync(work, { recursive: true, force: true });
}

for (const { title, rows } of tables) {
  console.log(title);
  const widths = [0, 1, 2].map((c) =>
    Math.max(...[['', 'figure', 'ratio'], ...rows].map((r) => r[c]!.length)),
  );
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(line(['', 'figure', 'ratio']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log('');
}
