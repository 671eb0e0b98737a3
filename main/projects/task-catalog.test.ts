import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTaskIndex } from '../storage/index.ts';
import { parseProjectsConfig } from '../tasks/index.ts';
import { rawConfig, rawProject } from '../tasks/test-support/projects.ts';
import { TaskCatalog } from './task-catalog.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function index() {
  const dir = mkdtempSync(path.join(tmpdir(), 'fa-catalog-'));
  dirs.push(dir);
  const parsed = parseProjectsConfig(rawConfig([rawProject({ taskPrefix: 'tasks/' })]));
  if (!parsed.ok) throw parsed.error;
  const project = parsed.value.workspaces[0]!.projects[0]!;
  const taskIndex = openTaskIndex({ directory: dir, project });
  const row = (key: string, etag: string) => ({
    key,
    taskId: key.replace(/\W/g, ''),
    etag,
    size: 1,
    lastModified: 0,
  });
  taskIndex.upsertPage(
    [row('tasks/a.json', 'e1'), row('tasks/b.jsonl', 'e2')],
    'tasks/b.jsonl',
    taskIndex.generation(),
  );
  return taskIndex;
}

describe('task catalog', () => {
  it('shows a file as one row until it is read, then one row per task, by the ids that name their files', () => {
    const taskIndex = index();
    const catalog = new TaskCatalog();
    expect(catalog.rows(taskIndex).map((r) => [r.key, r.known])).toEqual([
      ['tasks/a.json', false],
      ['tasks/b.jsonl', false],
    ]);
    catalog.learn('tasks/b.jsonl', 'e2', [
      { index: 0, taskId: '101' },
      { index: 1, taskId: '102' },
    ]);
    expect(catalog.rows(taskIndex).map((r) => [r.key, r.index, r.taskCount, r.taskId])).toEqual([
      ['tasks/a.json', 0, 1, 'tasksajson'],
      ['tasks/b.jsonl', 0, 2, '101'],
      ['tasks/b.jsonl', 1, 2, '102'],
    ]);
    taskIndex.close();
  });

  it('forgets what it learned of a file once the file changed (another ETag)', () => {
    const taskIndex = index();
    const catalog = new TaskCatalog();
    catalog.learn('tasks/a.json', 'old-etag', [
      { index: 0, taskId: '1' },
      { index: 1, taskId: '2' },
    ]);
    expect(catalog.rows(taskIndex).filter((r) => r.key === 'tasks/a.json')).toHaveLength(1);
    expect(catalog.knows(taskIndex.get('tasks/a.json')!)).toBe(false);
    taskIndex.close();
  });
});
