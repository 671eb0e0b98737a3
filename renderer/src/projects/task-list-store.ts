/**
 * The task list of one project, outside React: pages fetched on demand (500 rows at most per IPC
 * message), the total from the listing's progress events. A 100k-task project never crosses IPC in
 * one piece and never renders more rows than fit on screen.
 */
import type { AnnotatorApi } from '../../../preload/api.ts';
import type { SyncProgress, TaskListFilter, TaskRow } from '../../../preload/contract.ts';
import type { IpcError } from '../ipc.ts';

export const PAGE_SIZE = 200;

export interface TaskListSnapshot {
  /** Rows (tasks; a file not read yet is one row), matching the filter. */
  total: number;
  syncing: boolean;
  error: IpcError | null;
  /** Project progress: tasks with an annotation, of the tasks known. */
  progress: { done: number; total: number } | null;
  version: number;
}

export class TaskListStore {
  readonly projectId: string;
  readonly #api: AnnotatorApi;
  #filter: TaskListFilter = {};
  /** Row counts from pages are exact (tasks inside files); listing events only count files. */
  #pagedTotal = false;
  #snapshot: TaskListSnapshot = { total: 0, syncing: true, error: null, progress: null, version: 0 };
  readonly #pages = new Map<number, TaskRow[]>();
  readonly #loading = new Set<string>();
  readonly #again = new Set<string>();
  readonly #listeners = new Set<() => void>();

  constructor(api: AnnotatorApi, projectId: string) {
    this.#api = api;
    this.projectId = projectId;
  }

  get filter(): TaskListFilter {
    return this.#filter;
  }

  /** Shows only rows in a state, or whose id or file name contains the search text. */
  setFilter(filter: TaskListFilter): void {
    this.#filter = filter;
    this.#pagedTotal = false;
    this.#pages.clear();
    this.#update({ total: 0 });
    void this.#load(0);
  }

  /**
   * Follows the listing's progress from main until the returned function is called. Safe to call
   * again after that (React may mount an effect twice); the rows already fetched stay.
   */
  attach(): () => void {
    return this.#api.tasks.onSyncProgress((progress: SyncProgress) => {
      if (progress.projectId !== this.projectId) return;
      const grew = progress.listed !== this.#snapshot.total;
      if (grew || progress.done) this.#pages.delete(Math.floor(this.#snapshot.total / PAGE_SIZE)); // the last page filled up
      if (progress.done) this.#pages.clear(); // states may have changed
      this.#update({
        total: this.#pagedTotal ? this.#snapshot.total : progress.listed,
        syncing: !progress.done,
        error: progress.error ?? null,
      });
      // The exact count (tasks, filtered) comes with the first page.
      if (progress.done) void this.#load(0, true);
    });
  }

  get snapshot(): TaskListSnapshot {
    return this.#snapshot;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): TaskListSnapshot => this.#snapshot;

  /** Starts (or refreshes) the listing; the first page arrives before the call returns. */
  async sync(full = false): Promise<void> {
    this.#update({ syncing: true, error: null });
    const result = await this.#api.tasks.sync({ projectId: this.projectId, full });
    // The final progress event may arrive before this reply: a "done" already seen stays done.
    if (result.ok)
      this.#update({
        total: this.#pagedTotal ? this.#snapshot.total : Math.max(this.#snapshot.total, result.value.listed),
        syncing: this.#snapshot.syncing && !result.value.done,
      });
    else this.#update({ syncing: false, error: result.error });
  }

  /** The row at an index, or undefined while its page loads (the page is requested). */
  row(index: number): TaskRow | undefined {
    const page = Math.floor(index / PAGE_SIZE);
    const rows = this.#pages.get(page);
    if (!rows) {
      void this.#load(page);
      return undefined;
    }
    return rows[index - page * PAGE_SIZE];
  }

  /** Forget cached rows (after a submit changed a task's state). */
  invalidate(): void {
    this.#pages.clear();
    this.#update({});
  }

  /** `fresh`: the rows changed since any answer on its way was asked for (not just shown again). */
  async #load(page: number, fresh = false): Promise<void> {
    // Loads are per filter: a page asked for under the previous filter must not hold up this one.
    const filter = this.#filter;
    const loading = `${JSON.stringify(filter)}#${page}`;
    if (this.#loading.has(loading)) {
      // The rows changed while this page was on its way (listing ended, files were read): the answer
      // in flight may be older than that, so the page is read once more after it.
      if (fresh) this.#again.add(loading);
      return;
    }
    this.#loading.add(loading);
    try {
      const result = await this.#api.tasks.page({
        projectId: this.projectId,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
        ...(filter.state || filter.search ? { filter } : {}),
      });
      if (filter !== this.#filter) return; // the filter changed while this page was on its way
      if (result.ok) {
        this.#pages.set(page, result.value.rows);
        this.#pagedTotal = true;
        this.#update({ total: result.value.total, progress: result.value.progress });
      } else {
        this.#update({ error: result.error });
      }
    } catch {
      this.#update({ error: { code: 'INTERNAL', message: 'The app did not answer. Reload the window.' } });
    } finally {
      this.#loading.delete(loading);
      if (this.#again.delete(loading) && filter === this.#filter) void this.#load(page, true);
    }
  }

  #update(change: Partial<TaskListSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change, version: this.#snapshot.version + 1 };
    for (const listener of this.#listeners) listener();
  }
}
