import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setLogSinks } from '../log.ts';
import { openTaskIndex, type TaskIndex } from '../storage/index.ts';
import { parseProjectsConfig } from '../tasks/index.ts';
import { rawConfig, rawProject } from '../tasks/test-support/projects.ts';
import { MAX_ROWS, prefetchPlan } from './prefetch-plan.ts';
import type { ProjectServices } from './project-services.ts';
import { TaskCatalog } from './task-catalog.ts';
import type { TaskFiles } from './task-files.ts';

const ROWS = 2_000;
const dirs: string[] = [];
const indexes: TaskIndex[] = [];
afterEach(() => {
  indexes.splice(0).forEach((i) => i.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const keyOf = (n: number) => `street/tasks/${String(n).padStart(5, '0')}.json`;

/** A project of ROWS single-task files, none read yet; a read makes its row known, as TaskFiles does. */
function setup() {
  setLogSinks([]);
  const dir = mkdtempSync(path.join(tmpdir(), 'fa-plan-'));
  dirs.push(dir);
  const parsed = parseProjectsConfig(rawConfig([rawProject({ mediaPrefixes: ['street/media/'] })]));
  if (!parsed.ok) throw parsed.error;
  const project = parsed.value.workspaces[0]!.projects[0]!;
  const index = openTaskIndex({ directory: dir, project });
  indexes.push(index);
  const rows = Array.from({ length: ROWS }, (_, n) => ({
    key: keyOf(n),
    taskId: `t${n}`,
    etag: `e${n}`,
    size: 1,
    lastModified: 0,
  }));
  index.upsertPage(rows, rows.at(-1)!.key, index.generation());
  const catalog = new TaskCatalog();
  /** Files read (TaskFiles reads a file once per ETag; a second look at it costs nothing). */
  const read = new Set<string>();
  const files = {
    catalog: () => catalog,
    async read(_services: unknown, key: string, etag: string) {
      read.add(key);
      const n = Number(key.slice('street/tasks/'.length, -'.json'.length));
      catalog.learn(key, etag, [{ index: 0, taskId: `t${n}` }]);
      return { tasks: [{ taskId: `t${n}`, data: { image: `s3://acme-labeling/street/media/${n}.png` } }] };
    },
  } as unknown as TaskFiles;
  const services = { project, index, target: { state: () => 'open' } } as unknown as ProjectServices;
  return { services, files, reads: () => read.size };
}

describe('the prefetch plan', () => {
  for (const at of [0, 499, 500, 1_500])
    it(`starts at the open task (row ${at}) and keeps it and the next ones`, async () => {
      const { services, files, reads } = setup();
      const plan = await prefetchPlan(
        { services, files },
        { key: keyOf(at), index: 0 },
        3,
        new AbortController().signal,
      );
      expect(plan.map((t) => t.objects.map((o) => o.key))).toEqual(
        [at, at + 1, at + 2, at + 3].map((n) => [`street/media/${n}.png`]),
      );
      // Rows before the open task were never read.
      expect(reads()).toBe(4);
    });

  it('looks at no more than MAX_ROWS rows from the open task', async () => {
    const { services, files, reads } = setup();
    const plan = await prefetchPlan(
      { services, files },
      { key: keyOf(100), index: 0 },
      ROWS,
      new AbortController().signal,
    );
    expect(plan).toHaveLength(MAX_ROWS);
    expect(plan[0]!.objects[0]!.key).toBe('street/media/100.png');
    expect(reads()).toBe(MAX_ROWS);
  });
});
