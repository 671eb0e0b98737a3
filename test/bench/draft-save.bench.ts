/**
 * Benchmark: a draft save round trip (validate, seal with AES-256-GCM, commit with WAL and
 * synchronous=FULL, answer) for a 50-item and a 2,000-item Label Studio result, side by side with a
 * baseline of a plain unsealed INSERT OR REPLACE of the same JSON on the same disk, same pragmas.
 * Iterations alternate app and baseline, so machine load weighs on both columns alike.
 *   node_modules/.bin/node test/bench/draft-save.bench.ts [iterations for 50 items=300]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { createDraftStore, createSealer, openLocalDatabase } from '../../main/local/index.ts';
import { setLogSinks } from '../../main/log.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { draftFor } from '../local/draft-fixtures.ts';

const smallIterations = Number(process.argv[2] ?? 300);
setLogSinks([]);
const rows: [string, string, string, string][] = [];
const ms = (v: number) => `${v.toFixed(2)} ms`;
const at = (samples: number[], q: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

const work = mkdtempSync(join(tmpdir(), 'fa-bench-drafts-'));
try {
  const local = openLocalDatabase({ file: join(work, 'local.sqlite') });
  const sealer = createSealer({ secrets: new MemorySecretStore(), persistent: false });
  const drafts = createDraftStore({ db: local, sealer });
  const roleKey = 'lab-idp/arn:aws:iam::111111111111:role/vision-annotator';

  const base = new DatabaseSync(join(work, 'baseline.sqlite'));
  base.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
    CREATE TABLE drafts (scope_key TEXT PRIMARY KEY, rev INTEGER NOT NULL, body TEXT NOT NULL, saved_at INTEGER NOT NULL)`);
  const baseUpsert = base.prepare(
    'INSERT OR REPLACE INTO drafts (scope_key, rev, body, saved_at) VALUES (?, ?, ?, ?)',
  );
  const baseGet = base.prepare('SELECT body FROM drafts WHERE scope_key = ?');

  let rev = 0;
  for (const [items, iterations] of [
    [50, smallIterations],
    [2_000, Math.max(20, Math.round(smallIterations / 5))],
  ] as const) {
    const template = draftFor('bench', 0, items);
    const bytes = Buffer.byteLength(JSON.stringify(template));
    const app: number[] = [];
    const raw: number[] = [];
    const appLoad: number[] = [];
    const rawLoad: number[] = [];
    // Warm-up: statements, the role key, the WAL file.
    await drafts.save({ roleKey, projectId: 'p', taskId: 'warm' }, { ...template, rev: ++rev });
    baseUpsert.run('warm', rev, JSON.stringify(template), Date.now());
    for (let i = 0; i < iterations; i++) {
      const taskId = `task-${i % 10}`;
      const draft = { ...template, rev: ++rev };
      let t = performance.now();
      await drafts.save({ roleKey, projectId: 'p', taskId }, draft);
      app.push(performance.now() - t);
      t = performance.now();
      baseUpsert.run(taskId, draft.rev, JSON.stringify(draft), Date.now());
      raw.push(performance.now() - t);

      t = performance.now();
      await drafts.load({ roleKey, projectId: 'p', taskId });
      appLoad.push(performance.now() - t);
      t = performance.now();
      JSON.parse((baseGet.get(taskId) as { body: string }).body);
      rawLoad.push(performance.now() - t);
    }
    const label = `${items.toLocaleString('en')} items (${(bytes / 1024).toFixed(0)} KiB JSON), n=${iterations}`;
    for (const [what, a, b] of [
      ['save p50', app, raw],
      ['save p95', app, raw],
      ['load p50', appLoad, rawLoad],
    ] as const) {
      const q = what.endsWith('p95') ? 0.95 : 0.5;
      rows.push([`${label}: ${what}`, ms(at(a, q)), ms(at(b, q)), `${(at(a, q) / at(b, q)).toFixed(2)}×`]);
    }
  }
  local.close();
  base.close();

  const header: [string, string, string, string] = [
    'what',
    'drafts (sealed)',
    'plain INSERT OR REPLACE',
    'ratio',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  console.log('Both sides: WAL, synchronous=FULL, one fsync per commit, same disk (the system temp folder).');
} finally {
  rmSync(work, { recursive: true, force: true });
}
