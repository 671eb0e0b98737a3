/**
 * The outbox crash test's app (plain Node 24, type stripping, no Vitest): the projects service with
 * its outbox and sync engine on a data folder that outlives it. It first sends what an earlier run
 * left queued (`drained`), then submits a result carrying an increasing rev to its tasks in turn,
 * printing `ack <taskId> <rev> <annotationId>` once each submit was answered (committed). The parent
 * SIGKILLs it at random points.
 *   FA_OUTBOX_CHILD=<json: organization, credentials, dataDir, keys, tasks, firstRev, waitMs, drainOnly>
 */
import { writeSync } from 'node:fs';
import { setLogSinks } from '../../main/log.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { openOutboxApp } from './outbox-app.ts';

interface ChildConfig {
  organization: unknown;
  credentials: Record<string, unknown> & { expiration: string };
  dataDir: string;
  keys: Record<string, string>;
  tasks: { projectId: string; key: string; index: number }[];
  firstRev: number;
  waitMs: number;
  drainOnly: boolean;
}

const config = JSON.parse(process.env.FA_OUTBOX_CHILD ?? 'null') as ChildConfig | null;
if (!config) {
  console.error('outbox-submit-child: FA_OUTBOX_CHILD is not set');
  process.exit(2);
}
setLogSinks([]);
const secrets = new MemorySecretStore();
for (const [account, value] of Object.entries(config.keys)) await secrets.set(account, value);
const app = openOutboxApp({
  organization: config.organization,
  credentials: { ...config.credentials, expiration: new Date(config.credentials.expiration) } as never,
  dataDir: config.dataDir,
  secrets,
  submitWaitMs: config.waitMs,
  sync: { periodMs: 50, backoffBaseMs: 20, backoffMaxMs: 200 },
});
writeSync(1, 'ready\n');
await app.engine.start();
const left = app.engine.state().pending;
writeSync(1, `drained ${left}\n`);
if (config.drainOnly) {
  app.close();
  process.exit(left === 0 ? 0 : 3);
}
const opened = new Map<string, string>();
for (const projectId of new Set(config.tasks.map((t) => t.projectId))) await app.projects.sync(projectId);
for (let rev = config.firstRev; ; rev++) {
  const task = config.tasks[rev % config.tasks.length]!;
  const slot = `${task.projectId}#${task.key}#${task.index}`;
  let taskId = opened.get(slot);
  if (!taskId) {
    taskId = (await app.projects.open(task.projectId, task.key, task.index)).taskId;
    opened.set(slot, taskId);
  }
  const answer = await app.projects.submit(task.projectId, taskId, {
    result: [
      { id: 'rev', from_name: 'note', to_name: 'text', type: 'textarea', value: { text: [String(rev)] } },
    ],
    wasCancelled: false,
    leadTimeSeconds: 1,
  });
  writeSync(1, `ack ${task.projectId} ${taskId} ${rev} ${answer.annotationId}\n`);
}
