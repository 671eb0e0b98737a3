/**
 * A page of the task list: one row per task (a file not read yet is one row), with its state, draft
 * and "waiting to sync" marks, filtered by state or by a search in the id and file name, and the
 * project's progress ("k of n": tasks with an annotation, anyone's, of the tasks known).
 */
import type { TaskListFilter, TaskRow } from '../../preload/contract.ts';
import type { ProjectServices } from './project-services.ts';
import type { CatalogRow } from './task-catalog.ts';

export interface TaskListInput {
  services: ProjectServices;
  rows: readonly CatalogRow[];
  drafts: ReadonlySet<string>;
  waiting: ReadonlySet<string>;
  syncing: boolean;
}

export function taskListPage(input: TaskListInput, offset: number, limit: number, filter?: TaskListFilter) {
  const { services, rows: all, drafts, waiting, syncing } = input;
  const view = (row: CatalogRow): TaskRow => ({
    key: row.key,
    index: row.index,
    taskCount: row.taskCount,
    taskId: row.taskId,
    size: row.size,
    lastModified: new Date(row.lastModified).toISOString(),
    state: services.target.state(row.taskId),
    annotated: services.target.annotated(row.taskId),
    ...(drafts.has(row.taskId) ? { draft: true } : {}),
    ...(waiting.has(row.taskId) ? { waitingToSync: true } : {}),
  });
  let done = 0;
  for (const row of all) {
    const state = services.target.state(row.taskId);
    if (state === 'done' || state === 'done-by-me') done++;
  }
  const progress = { done, total: all.length };
  if (!filter || (filter.state === undefined && !filter.search))
    return { rows: all.slice(offset, offset + limit).map(view), total: all.length, syncing, progress };
  // Filtering looks at every row (local data, fast) and pages the matches.
  const needle = filter.search?.toLowerCase() ?? '';
  const rows = all
    .map(view)
    .filter(
      (row) =>
        (filter.state === undefined ||
          (filter.state === 'draft' ? row.draft === true : row.state === filter.state && !row.draft)) &&
        (needle === '' ||
          row.key.toLowerCase().includes(needle) ||
          row.taskId.toLowerCase().includes(needle)),
    );
  return { rows: rows.slice(offset, offset + limit), total: rows.length, syncing, progress };
}
