/**
 * Benchmark: flushing 1,000 queued annotations through the sync engine (outbox rows opened, one
 * conditional PUT each, as for a task's first annotation; rows removed in batches), against
 * a sequential PutObject loop and a raw parallel loop (the engine's concurrency) of the same export
 * documents with the bare SDK, on the same lab S3. Each run writes fresh keys.
 *   node_modules/.bin/node test/bench/outbox.bench.ts [count=1000]
 * Figures vary with machine load; compare the columns of one run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createSealer, openLocalDatabase } from '../../main/local/index.ts';
import { createOutbox } from '../../main/local/outbox.ts';
import { SyncEngine } from '../../main/local/sync-engine.ts';
import { setLogSinks } from '../../main/log.ts';
import { writeQueuedAnnotation, type WriteOutcome } from '../../main/projects/annotation-writer.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { createAnnotationStore } from '../../main/storage/index.ts';
import { annotationKey, newAnnotation, serializeTaskExport } from '../../main/tasks/index.ts';
import { startLab } from '../lab/lab.ts';
import { credentialSource, project, projectsFor, storageClient } from '../storage/helpers.ts';

const count = Number(process.argv[2] ?? 1_000);
const CONCURRENCY = 4;
setLogSinks([]);
const ME = 'bench@corp.example';
const work = mkdtempSync(join(tmpdir(), 'fa-bench-outbox-'));
const lab = await startLab({ idp: 'node', data: 'sample' });
const rows: [string, string, string][] = [];
try {
  const role = lab.roles.languageAnnotator;
  const projects = projectsFor(lab, role);
  const p = project(projects, lab.projects.find((x) => x.id.endsWith('review-sentiment'))!.id);
  const app = storageClient(lab, credentialSource(lab, role));
  const annotations = createAnnotationStore({ s3: app.s3, projects, me: ME });
  const issued = lab.credentials.forRole(role, { expiresInSeconds: 3600 });
  const raw = new S3Client({
    region: lab.s3.region,
    endpoint: lab.s3.endpoint,
    forcePathStyle: true,
    credentials: issued,
  });
  const local = openLocalDatabase({ file: join(work, 'local.sqlite') });
  const outbox = createOutbox({
    db: local,
    sealer: createSealer({ secrets: new MemorySecretStore(), persistent: false }),
  });
  const roleKey = `lab\u0000${role.arn}\u0000${ME}`;
  const taskIds = (base: number) => Array.from({ length: count }, (_, i) => String(base + i));
  const annotationFor = (taskId: string) =>
    newAnnotation(
      {
        me: ME,
        result: [
          {
            id: 'c',
            from_name: 'sentiment',
            to_name: 'text',
            type: 'choices',
            value: { choices: ['Positive'] },
          },
        ],
        now: new Date(),
        leadTimeSeconds: 3,
      },
      Number(taskId) * 10,
    );
  const docFor = (taskId: string) =>
    serializeTaskExport({ data: { review: `review ${taskId}` }, annotations: [annotationFor(taskId)] });

  // (a) The sync engine: the entries are queued first (not timed), then one flush sends them all.
  for (const taskId of taskIds(1_000_000)) {
    await outbox.queue({
      roleKey,
      projectId: p.id,
      taskId,
      annotationId: Number(taskId) * 10,
      payload: {
        annotation: annotationFor(taskId) as Record<string, unknown>,
        baseOwn: null,
        // The tasks had no annotation file when queued, as a first submit of each.
        fresh: true,
        task: {
          taskId,
          sourceKey: `${p.taskPrefix}tasks.json`,
          data: { review: `review ${taskId}` },
          extra: {},
        },
      },
    });
  }
  const engine = new SyncEngine<WriteOutcome>({
    outbox,
    concurrency: CONCURRENCY,
    // As in the app: the window hears of the progress (throttled), each event reads the outbox's count.
    onChange: (state) => void state.pending,
    host: {
      currentRole: () => roleKey,
      write: (entry) => writeQueuedAnnotation({ project: p, annotations, me: ME }, entry),
    },
  });
  const before = app.total();
  let t = performance.now();
  await engine.flush(true);
  const engineMs = performance.now() - t;
  const left = engine.state().pending;
  if (left !== 0) throw new Error(`${left} entries left after the flush`);
  const requests = (app.total() - before) / count;
  engine.dispose();

  // (b) A sequential PutObject loop of the same documents.
  t = performance.now();
  for (const taskId of taskIds(2_000_000))
    await raw.send(
      new PutObjectCommand({
        Bucket: p.bucket,
        Key: annotationKey(p.targetPrefix, taskId),
        Body: docFor(taskId),
        ContentType: 'application/json',
        IfNoneMatch: '*',
      }),
    );
  const sequentialMs = performance.now() - t;

  // (c) A raw parallel loop, as many at once as the engine.
  const pending = taskIds(3_000_000);
  t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let taskId = pending.shift(); taskId; taskId = pending.shift())
        await raw.send(
          new PutObjectCommand({
            Bucket: p.bucket,
            Key: annotationKey(p.targetPrefix, taskId),
            Body: docFor(taskId),
            ContentType: 'application/json',
            IfNoneMatch: '*',
          }),
        );
    }),
  );
  const parallelMs = performance.now() - t;

  const per = (ms: number) => `${(ms / 1000).toFixed(2)} s (${(count / (ms / 1000)).toFixed(0)}/s)`;
  rows.push([
    `sync engine, ${CONCURRENCY} at once (${requests.toFixed(1)} requests each)`,
    per(engineMs),
    '',
  ]);
  rows.push([
    'sequential PutObject loop',
    per(sequentialMs),
    `engine is ${(sequentialMs / engineMs).toFixed(2)}× faster`,
  ]);
  rows.push([
    `raw parallel PutObject loop, ${CONCURRENCY} at once`,
    per(parallelMs),
    `engine takes ${(engineMs / parallelMs).toFixed(2)}× its time`,
  ]);
  raw.destroy();
  app.s3.destroy();
  local.close();
} finally {
  await lab.close();
  rmSync(work, { recursive: true, force: true });
}

console.log(`Flushing ${count.toLocaleString('en')} queued annotations (lab S3 on loopback)`);
const widths = [0, 1, 2].map((c) => Math.max(...[['', 'time', 'ratio'], ...rows].map((r) => r[c]!.length)));
const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
console.log(line(['', 'time', 'ratio']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
