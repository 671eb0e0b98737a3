/**
 * Benchmark: the labeling workspace, each figure beside a baseline run side by side.
 * 1. Renderer JavaScript loaded before the first screen (gzip), against the 300 KB budget and the
 *    74 KB the app shipped before the workspace.
 * 2. A draft save as the window makes it (edit → through the IPC dispatcher: request checks, the
 *    projects service, sealing, commit with synchronous=FULL → answer), vs the local store's own save.
 * 3. Opening a task (the lab's S3: task file cached, annotation and lease reads, claim, bind) with a
 *    draft to restore vs without.
 *   node_modules/.bin/node test/bench/workspace.bench.ts [iterations=200]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { createDispatcher } from '../../main/ipc/dispatcher.ts';
import { createHandlers, type Services } from '../../main/ipc/handlers.ts';
import { createDraftStore, createSealer, openLocalDatabase } from '../../main/local/index.ts';
import { setLogSinks } from '../../main/log.ts';
import { draftsPortFrom } from '../../main/projects/local-drafts.ts';
import { ProjectsService } from '../../main/projects/projects-service.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { repoRoot } from '../harness/harness-server.ts';
import { labOrganization } from '../lab/app-organization.ts';
import { roleCredentials } from '../lab/role-credentials.ts';
import { startLab } from '../lab/lab.ts';

const iterations = Number(process.argv[2] ?? 200);
setLogSinks([]);
const at = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(2)} ms`;
const table: [string, string, string, string][] = [];

// 1. What the first screen costs: the entry script and everything it preloads, as the server sends it.
const dist = path.join(repoRoot, 'dist/renderer');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const scripts = [
  ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\.?\/?([^"]+\.js)"/g),
].map((m) => m[1]!);
const gzipped = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(dist, file))).length, 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
table.push([
  'renderer JS before the first screen (gzip)',
  kb(gzipped),
  'budget 300 KB',
  `${(gzipped / (300 * 1024)).toFixed(2)}×`,
]);
table.push([
  '… vs before the workspace',
  kb(gzipped),
  'before 74 KB',
  `${(gzipped / (74 * 1024)).toFixed(2)}×`,
]);

const work = mkdtempSync(path.join(tmpdir(), 'fa-bench-workspace-'));
const lab = await startLab({ idp: 'node', data: 'sample' });
try {
  const role = lab.roles.visionAnnotator;
  const me = 'bench@corp.example';
  const credentials = roleCredentials(
    lab.credentials.forRole(role, { expiresInSeconds: 3600, sessionName: me }),
    role,
    me,
  );
  const organization = parseOrganizationConfig(labOrganization(lab, { id: 'bench' }), 'bench');
  const db = openLocalDatabase({ file: path.join(work, 'local.sqlite') });
  const store = createDraftStore({
    db,
    sealer: createSealer({ secrets: new MemorySecretStore(), persistent: false }),
  });
  const projects = new ProjectsService({
    session: { organization, credentials: () => credentials, refreshCredentials: async () => credentials },
    indexDir: path.join(work, 'index'),
    drafts: draftsPortFrom(store),
    emitProgress: () => undefined,
  });
  const dispatch = createDispatcher({
    handlers: createHandlers({ projects } as unknown as Services),
    appOrigin: 'app://annotator',
  });
  const sender = { url: 'app://annotator/index.html', isMainFrame: true };
  const project = lab.projects.find((p) => p.id.endsWith('scene-review'))!;
  await projects.sync(project.id);
  const key = `${project.sourcePrefix}batch-1.json`;
  const opened = await projects.open(project.id, key, 0);

  // 2. Draft saves: a classification result (4 items), alternating app path and store, same data.
  const result = [
    {
      id: 'a1',
      from_name: 'largest',
      to_name: 'image',
      type: 'choices',
      value: { choices: ['Circle'] },
      origin: 'manual',
    },
    {
      id: 'a2',
      from_name: 'topic',
      to_name: 'image',
      type: 'taxonomy',
      value: { taxonomy: [['Colour', 'Warm']] },
      origin: 'manual',
    },
    {
      id: 'a3',
      from_name: 'comment',
      to_name: 'image',
      type: 'textarea',
      value: { text: ['two shapes'] },
      origin: 'manual',
    },
    {
      id: 'a4',
      from_name: 'quality',
      to_name: 'image',
      type: 'rating',
      value: { rating: 4 },
      origin: 'manual',
    },
  ];
  const app: number[] = [];
  const base: number[] = [];
  const scope = { roleKey: 'baseline', projectId: project.id, taskId: opened.taskId };
  for (let rev = 1; rev <= iterations; rev++) {
    let t = performance.now();
    const answer = await dispatch(sender, 'tasks.saveDraft', {
      projectId: project.id,
      taskId: opened.taskId,
      rev,
      result,
      leadTimeSeconds: rev,
    });
    app.push(performance.now() - t);
    if (!answer.ok) throw new Error(answer.error.message);
    t = performance.now();
    await store.save(scope, { rev, result, leadTimeSeconds: rev, taskKey: key, taskIndex: 0 });
    base.push(performance.now() - t);
  }
  table.push([
    'draft save through IPC, p50',
    ms(at(app, 0.5)),
    `store save ${ms(at(base, 0.5))}`,
    `${(at(app, 0.5) / at(base, 0.5)).toFixed(2)}×`,
  ]);
  table.push([
    'draft save through IPC, p95',
    ms(at(app, 0.95)),
    `store save ${ms(at(base, 0.95))}`,
    `${(at(app, 0.95) / at(base, 0.95)).toFixed(2)}×`,
  ]);

  // 3. Opening the task with its draft (the last save above) vs another task of the file without one.
  const withDraft: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < Math.max(10, Math.round(iterations / 10)); i++) {
    let t = performance.now();
    const a = await projects.open(project.id, key, 0);
    withDraft.push(performance.now() - t);
    if (!a.draft) throw new Error('the draft did not come back');
    t = performance.now();
    const b = await projects.open(project.id, key, 1);
    without.push(performance.now() - t);
    if (b.draft) throw new Error('unexpected draft');
  }
  table.push([
    'open a task with a draft, median',
    ms(at(withDraft, 0.5)),
    `without ${ms(at(without, 0.5))}`,
    `${(at(withDraft, 0.5) / at(without, 0.5)).toFixed(2)}×`,
  ]);
  await projects.releaseAll();
  projects.reset();
  db.close();
} finally {
  await lab.close();
  rmSync(work, { recursive: true, force: true });
}

const widths = [0, 1, 2, 3].map((c) => Math.max(...table.map((r) => r[c]!.length)));
for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
