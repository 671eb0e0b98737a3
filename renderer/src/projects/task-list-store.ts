/**
 * The task list of one project, outside React: pages fetched on demand (500 rows at most per IPC
 * message), the total from the listing's progress events. A 100k-task project never crosses IPC in
 * one piece and never renders more rows than fit on screen.
 */
import type { SyncProgress, TaskRow } from '../../../preload/contract.ts';
import type { IpcError } from '../ipc.ts';
import { getApi } from '../ipc.ts';

export const PAGE_SIZE = 200;

export interface TaskListSnapshot {
  total: number;
  syncing: boolean;
  error: IpcError | null;
  version: number;
}

export class TaskListStore {
  readonly projectId: string;
  #snapshot: TaskListSnapshot = { total: 0, syncing: true, error: null, version: 0 };
  readonly #pages = new Map<number, TaskRow[]>();
  readonly #loading = new Set<number>();
  readonly #listeners = new Set<() => void>();

  constructor(projectId: string) {
    this.projectId = projectId;
  }

  /**
   * Follows the listing's progress from main until the returned function is called. Safe to call
   * again after that (React may mount an effect twice); the rows already fetched stay.
   */
  attach(): () => void {
    return getApi().tasks.onSyncProgress((progress: SyncProgress) => {
      if (progress.projectId !== this.projectId) return;
      const grew = progress.listed !== this.#snapshot.total;
      if (grew || progress.done) this.#pages.delete(Math.floor(this.#snapshot.total / PAGE_SIZE)); // the last page filled up
      if (progress.done) this.#pages.clear(); // states may have changed
      this.#update({ total: progress.listed, syncing: !progress.done, error: progress.error ?? null });
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
    const result = await getApi().tasks.sync({ projectId: this.projectId, full });
    // The final progress event may arrive before this reply: a "done" already seen stays done.
    if (result.ok)
      this.#update({
        total: Math.max(this.#snapshot.total, result.value.listed),
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

  async #load(page: number): Promise<void> {
    if (this.#loading.has(page)) return;
    this.#loading.add(page);
    try {
      const result = await getApi().tasks.page({
        projectId: this.projectId,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      if (result.ok) {
        this.#pages.set(page, result.value.rows);
        this.#update({ total: Math.max(this.#snapshot.total, result.value.total) });
      } else {
        this.#update({ error: result.error });
      }
    } finally {
      this.#loading.delete(page);
    }
  }

  #update(change: Partial<TaskListSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change, version: this.#snapshot.version + 1 };
    for (const listener of this.#listeners) listener();
  }
}
