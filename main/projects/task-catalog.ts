/**
 * Tasks, not files: what the app has learned about the tasks inside each listed task file (how many,
 * their ids), so the list shows one row per task of a JSON array or JSONL file, and each row's state
 * is looked up by the id its annotation file is named by (`<task id>.json` when the task has an id).
 * Filled whenever a file is read (open, next) and, for projects small enough, by reading every task
 * file in the background after a listing. A file not read yet is one row until it is.
 */
import type { IndexRow, TaskIndex } from '../storage/index.ts';

export interface CatalogTask {
  /** Position in the file (0 for single-task files). */
  index: number;
  /** The id that names the annotation file and the lease. */
  taskId: string;
}

export interface CatalogRow {
  key: string;
  index: number;
  /** Tasks in the file (1 for single-task files or files not read yet). */
  taskCount: number;
  taskId: string;
  size: number;
  lastModified: number;
  /** False while the file has not been read: the row stands for the whole file. */
  known: boolean;
}

const PAGE = 500;

export class TaskCatalog {
  readonly #files = new Map<string, { etag: string; tasks: CatalogTask[] }>();
  #rows: CatalogRow[] | null = null;
  #indexGeneration = -1;
  #indexCount = -1;

  /** Records the tasks of a file as read at `etag`. */
  learn(key: string, etag: string, tasks: CatalogTask[]): void {
    const known = this.#files.get(key);
    if (known?.etag === etag && known.tasks.length === tasks.length) return;
    this.#files.set(key, { etag, tasks });
    this.#rows = null;
  }

  /** A task of a file turned out to need another id (its Label Studio id was taken): rows follow. */
  rename(key: string, index: number, taskId: string): void {
    const task = this.#files.get(key)?.tasks.find((t) => t.index === index);
    if (!task || task.taskId === taskId) return;
    task.taskId = taskId;
    this.#rows = null;
  }

  knows(row: IndexRow): boolean {
    return this.#files.get(row.key)?.etag === row.etag;
  }

  /** Every task row, in key order then position; rebuilt only when the index or the catalog changed. */
  rows(index: TaskIndex): CatalogRow[] {
    const count = index.count();
    if (this.#rows && this.#indexGeneration === index.generation() && this.#indexCount === count)
      return this.#rows;
    const rows: CatalogRow[] = [];
    for (let offset = 0; offset < count; offset += PAGE) {
      for (const row of index.page(offset, PAGE)) {
        const file = this.#files.get(row.key);
        const tasks = file?.etag === row.etag ? file.tasks : null;
        if (!tasks || tasks.length === 0) {
          rows.push({ ...base(row), index: 0, taskCount: 1, taskId: row.taskId, known: false });
          continue;
        }
        for (const task of tasks)
          rows.push({
            ...base(row),
            index: task.index,
            taskCount: tasks.length,
            taskId: task.taskId,
            known: true,
          });
      }
    }
    this.#rows = rows;
    this.#indexGeneration = index.generation();
    this.#indexCount = count;
    return rows;
  }

  clear(): void {
    this.#files.clear();
    this.#rows = null;
  }
}

function base(row: IndexRow) {
  return { key: row.key, size: row.size, lastModified: row.lastModified };
}
