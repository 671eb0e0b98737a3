/**
 * Benchmark: the storage service against the lab's S3, side by side with the bare SDK on the same server.
 *   node_modules/.bin/node test/bench/s3-listing.bench.ts [count=100000]
 * (a) first page and full index of a 100k-object prefix: syncProjectIndex vs a raw ListObjectsV2 loop;
 * (b) requests to re-sync after 100 new keys: incremental (StartAfter) vs a full re-list;
 * (c) presigning 1,000 URLs: the presigner (scope guard + cache) vs bare getSignedUrl, then cached;
 * (d) the index format: node:sqlite (chosen) vs JSON Lines, written page by page and read back.
 * Figures vary with machine load; compare the columns of one run.
 */
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { setLogSinks } from '../../main/log.ts';
import { createPresigner, openTaskIndex, syncProjectIndex, type IndexRow } from '../../main/storage/index.ts';
import { startLab } from '../lab/lab.ts';
import { bulkKey } from '../lab/sample-data/bulk-prefix.ts';
import { adminClient, credentialSource, project, projectsFor, storageClient } from '../storage/helpers.ts';

const count = Number(process.argv[2] ?? 100_000);
const PREFIX = 'team-vision/bench/';
setLogSinks([]);
const rows: [string, string, string, string][] = [];
const row = (what: string, app: string, raw: string, ratio: string) => rows.push([what, app, raw, ratio]);
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

const work = mkdtempSync(join(tmpdir(), 'fa-bench-'));
const lab = await startLab({ idp: 'node' });
try {
  let t = performance.now();
  await lab.generateBulkPrefix(PREFIX, count);
  console.log(`generated ${count} objects in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const role = lab.roles.visionAnnotator;
  const projects = projectsFor(lab, role, [
    { id: 'bench', roles: [role.arn], taskPrefix: PREFIX, targetPrefix: 'team-vision/bench-annotations/' },
  ]);
  const p = project(projects, 'bench');
  const credentials = lab.credentials.forRole(role, { expiresInSeconds: 3600 });
  const raw = new S3Client({
    endpoint: lab.s3.endpoint,
    region: lab.s3.region,
    forcePathStyle: true,
    credentials,
  });
  const app = storageClient(lab, credentialSource(lab, role));
  // Warm both clients' connections and credentials.
  await raw.send(new ListObjectsV2Command({ Bucket: p.bucket, Prefix: PREFIX, MaxKeys: 1 }));
  await app.s3.listObjectsV2({ Bucket: p.bucket, Prefix: PREFIX, MaxKeys: 1 });

  // (a) Raw loop: what S3 itself costs.
  async function rawListing(): Promise<{ first: number; total: number; keys: number; requests: number }> {
    const start = performance.now();
    let first = 0;
    let keys = 0;
    let requests = 0;
    let token: string | undefined;
    do {
      const out = await raw.send(
        new ListObjectsV2Command({
          Bucket: p.bucket,
          Prefix: PREFIX,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      requests++;
      if (first === 0) first = performance.now() - start;
      keys += out.KeyCount ?? 0;
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return { first, total: performance.now() - start, keys, requests };
  }
  const index = openTaskIndex({ directory: join(work, 'index'), project: p });
  async function appSync(mode: 'incremental' | 'full') {
    const start = performance.now();
    let first = 0;
    const result = await syncProjectIndex(p, app.s3, index, projects, {
      mode,
      onPage: (_rows, progress) => {
        if (progress.pages === 1) first = performance.now() - start;
      },
    });
    return { first, total: performance.now() - start, result };
  }
  // Raw before and after the app (the store's files get warmer with every pass): the better of the two.
  const rawBefore = await rawListing();
  const appRun = await appSync('incremental');
  const rawAfter = await rawListing();
  const rawRun = {
    first: Math.min(rawBefore.first, rawAfter.first),
    total: Math.min(rawBefore.total, rawAfter.total),
    keys: rawAfter.keys,
  };
  if (appRun.result.total !== count || rawRun.keys !== count) throw new Error('listing counts differ');
  row(
    `(a) first page of ${count} keys`,
    ms(appRun.first),
    ms(rawRun.first),
    ratio(appRun.first, rawRun.first),
  );
  row(
    `(a) full index (${appRun.result.requests} pages)`,
    ms(appRun.total),
    ms(rawRun.total),
    ratio(appRun.total, rawRun.total),
  );

  // (b) 100 new keys (after the last one, as new batches are), then re-sync.
  const admin = adminClient(lab);
  for (let i = 0; i < 100; i++)
    await admin.send(
      new PutObjectCommand({
        Bucket: p.bucket,
        Key: bulkKey(PREFIX, count + i),
        Body: '{"data":{"text":"new"}}',
      }),
    );
  admin.destroy();
  const incremental = await appSync('incremental');
  if (incremental.result.added !== 100) throw new Error(`incremental found ${incremental.result.added}`);
  const full = await appSync('full');
  row(
    '(b) re-sync after +100 keys: requests',
    `${incremental.result.requests} (incremental)`,
    `${full.result.requests} (full re-list)`,
    ratio(incremental.result.requests, full.result.requests),
  );
  row(
    '(b) re-sync after +100 keys: time',
    ms(incremental.total),
    ms(full.total),
    ratio(incremental.total, full.total),
  );

  // (c) 1,000 presigned URLs.
  const refs = Array.from({ length: 1000 }, (_, i) => ({ bucket: p.bucket, key: bulkKey(PREFIX, i) }));
  const presigner = createPresigner({ s3: app.s3, projects });
  t = performance.now();
  for (const ref of refs) await presigner.presign(ref);
  const appSign = performance.now() - t;
  t = performance.now();
  for (const ref of refs)
    await getSignedUrl(raw, new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }), { expiresIn: 900 });
  const rawSign = performance.now() - t;
  t = performance.now();
  for (const ref of refs) await presigner.presign(ref);
  const cached = performance.now() - t;
  const check = await fetch((await presigner.presign(refs[999]!)).url);
  if (check.status !== 200) throw new Error(`presigned URL answered ${check.status}`);
  row(
    '(c) presign 1,000 URLs',
    `${ms(appSign)} (${ms(appSign / 1000)}/URL)`,
    `${ms(rawSign)} (${ms(rawSign / 1000)}/URL)`,
    ratio(appSign, rawSign),
  );
  row(
    '(c) presign 1,000 URLs, cached pass',
    `${ms(cached)} (${ms(cached / 1000)}/URL)`,
    '',
    ratio(cached, rawSign),
  );

  // (d) Index format: the same rows, 1,000 per page, into SQLite (chosen) and JSON Lines.
  const all: IndexRow[] = [];
  for (let offset = 0; offset < index.count(); offset += 500) all.push(...index.page(offset, 500));
  index.close();
  const project2 = { ...p, id: 'format-sqlite' };
  t = performance.now();
  const sqlite = openTaskIndex({ directory: join(work, 'formats'), project: project2 });
  for (let i = 0; i < all.length; i += 1000)
    sqlite.upsertPage(all.slice(i, i + 1000), all[Math.min(i + 999, all.length - 1)]?.key, 0);
  sqlite.markComplete();
  const sqliteWrite = performance.now() - t;
  sqlite.close();
  t = performance.now();
  const reopened = openTaskIndex({ directory: join(work, 'formats'), project: project2 });
  const lastPage = reopened.page(all.length - 500, 500);
  const sqliteRead = performance.now() - t;
  const sqliteSize =
    statSync(reopened.path).size + (statSync(`${reopened.path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  reopened.close();

  const jsonl = join(work, 'formats', 'index.jsonl');
  t = performance.now();
  writeFileSync(`${jsonl}.tmp`, '');
  for (let i = 0; i < all.length; i += 1000)
    appendFileSync(
      `${jsonl}.tmp`,
      all
        .slice(i, i + 1000)
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
  renameSync(`${jsonl}.tmp`, jsonl);
  const jsonlWrite = performance.now() - t;
  t = performance.now();
  // Serving a page means loading (and, after an incremental append, re-sorting) every row.
  const loaded = readFileSync(jsonl, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as IndexRow);
  loaded.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  const jsonlPage = loaded.slice(all.length - 500);
  const jsonlRead = performance.now() - t;
  if (jsonlPage[0]?.key !== lastPage[0]?.key) throw new Error('formats disagree');
  row(
    `(d) index write, ${all.length} rows in pages`,
    `${ms(sqliteWrite)} sqlite`,
    `${ms(jsonlWrite)} jsonl`,
    ratio(sqliteWrite, jsonlWrite),
  );
  row(
    '(d) reopen + last page of 500',
    `${ms(sqliteRead)} sqlite`,
    `${ms(jsonlRead)} jsonl`,
    ratio(sqliteRead, jsonlRead),
  );
  row(
    '(d) file size',
    `${(sqliteSize / 1e6).toFixed(1)} MB sqlite`,
    `${(statSync(jsonl).size / 1e6).toFixed(1)} MB jsonl`,
    ratio(sqliteSize, statSync(jsonl).size),
  );
  raw.destroy();
  app.s3.destroy();
} finally {
  await lab.close();
  rmSync(work, { recursive: true, force: true });
}

const widths = [0, 1, 2, 3].map((c) =>
  Math.max(...[['', 'storage service', 'baseline', 'ratio'], ...rows].map((r) => r[c]!.length)),
);
const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
console.log(line(['', 'storage service', 'baseline', 'ratio']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
