/**
 * Benchmark: flushing 1,000 queued annotations through the sync engine (outbox rows opened, one
 * conditional PUT each, as for a task's first annotation; rows removed in batches), against
 * a sequential PutObject loop and a raw parallel loop (the engine's concurrency) of the same export
 * documents with the bare SDK, on the same lab S3. Each run writes fresh keys.
 * Twice: on loopback, and behind a 20 ms round trip (the fault proxy's latency), which is what an
 * annotator's link to S3 looks like and where the concurrency pays.
 *   node_modules/.bin/node test/bench/outbox.bench.ts [count=1000] [countOverTheLink=300]
 * Figures vary with machine load; compare the columns of one run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createSealer, openLocalDatabase } from '../../main/local/index.ts';
import { createOutbox } from '../../main/local/outbox.ts';
import { SYNC_CONCURRENCY, SyncEngine } from '../../main/local/sync-engine.ts';
import { setLogSinks } from '../../main/log.ts';
import { writeQueuedAnnotation, type WriteOutcome } from '../../main/projects/annotation-writer.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { createAnnotationStore } from '../../main/storage/index.ts';
import { annotationKey, newAnnotation, serializeTaskExport } from '../../main/tasks/index.ts';
import { startFaultProxy } from '../lab/fault-proxy.ts';
import { startLab } from '../lab/lab.ts';
import { credentialSource, project, projectsFor, storageClient } from '../storage/helpers.ts';

const count = Number(process.argv[2] ?? 1_000);
/** Over the link: fewer annotations, as the sequential loop alone takes count × the round trip. */
const linkCount = Number(process.argv[3] ?? 300);
const LINK_RTT_MS = 20;
const CONCURRENCY = SYNC_CONCURRENCY;
setLogSinks([]);
const ME = 'bench@corp.example';
const work = mkdtempSync(join(tmpdir(), 'fa-bench-outbox-'));
const lab = await startLab({ idp: 'node', data: 'sample' });
// S3 across a VPC link or a VPN: every request answered LINK_RTT_MS later than on loopback.
const link = await startFaultProxy(lab.s3.endpoint);
link.inject({ fault: { kind: 'latency', ms: LINK_RTT_MS }, times: Infinity });
const tables: { title: string; rows: [string, string, string][] }[] = [];
let nextTaskId = 1_000_000;
try {
  const role = lab.roles.languageAnnotator;
  const projects = projectsFor(lab, role);
  const p = project(projects, lab.projects.find((x) => x.id.endsWith('review-sentiment'))!.id);
  const issued = lab.credentials.forRole(role, { expiresInSeconds: 3600 });
  const local = openLocalDatabase({ file: join(work, 'local.sqlite') });
  const outbox = createOutbox({
    db: local,
    sealer: createSealer({ secrets: new MemorySecretStore(), persistent: false }),
  });
  const roleKey = `lab\u0000${role.arn}\u0000${ME}`;
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

  async function scenario(title: string, endpoint: string, n: number): Promise<void> {
    const rows: [string, string, string][] = [];
    const taskIds = () => Array.from({ length: n }, () => String(nextTaskId++));
    const app = storageClient(lab, credentialSource(lab, role), { endpoint });
    const annotations = createAnnotationStore({ s3: app.s3, projects, me: ME });
    const raw = new S3Client({ region: lab.s3.region, endpoint, forcePathStyle: true, credentials: issued });
    const put = (taskId: string) =>
      raw.send(
        new PutObjectCommand({
          Bucket: p.bucket,
          Key: annotationKey(p.targetPrefix, taskId),
          Body: docFor(taskId),
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );

    // (a) The sync engine: the entries are queued first (not timed), then one flush sends them all.
    for (const taskId of taskIds()) {
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
    const requests = (app.total() - before) / n;
    engine.dispose();

    // (b) A sequential PutObject loop of the same documents.
    t = performance.now();
    for (const taskId of taskIds()) await put(taskId);
    const sequentialMs = performance.now() - t;

    // (c) A raw parallel loop, as many at once as the engine.
    const pending = taskIds();
    t = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let taskId = pending.shift(); taskId; taskId = pending.shift()) await put(taskId);
      }),
    );
    const parallelMs = performance.now() - t;

    const per = (ms: number) => `${(ms / 1000).toFixed(2)} s (${(n / (ms / 1000)).toFixed(0)}/s)`;
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
    tables.push({ title: `Flushing ${n.toLocaleString('en')} queued annotations (${title})`, rows });
    raw.destroy();
    app.s3.destroy();
  }

  // On loopback the lab S3 shares this machine's cores with the client: CPU, not the network, is
  // measured. Over a link, as for an annotator, the round trip dominates and concurrency pays.
  await scenario('lab S3 on loopback', lab.s3.endpoint, count);
  await scenario(`lab S3 behind a ${LINK_RTT_MS} ms round trip`, link.endpoint, linkCount);
  local.close();
} finally {
  await link.close();
  await lab.close();
  rmSync(work, { recursive: true, force: true });
}

for (const { title, rows } of tables) {
  console.log(title);
  const widths = [0, 1, 2].map((c) => Math.max(...[['', 'time', 'ratio'], ...rows].map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(line(['', 'time', 'ratio']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log('');
}
