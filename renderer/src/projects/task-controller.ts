/**
 * One task screen's logic, outside React: which task is open (a task of the list, or the "label all
 * tasks" stream), the annotator's document (drafted to main within a second of each change), undo
 * history, what is being looked at (mine, someone else's annotation, a prediction), and the actions:
 * submit, update, skip, previous/next, back, close. Every call to main ends in a state with a message:
 * nothing waits forever, and a failed save keeps the work on screen and in the draft.
 */
import { decodeResult, encodeResult, recordsFromPrediction } from '../../../core/labeling/codec.ts';
import type { LabelingConfig } from '../../../core/labeling/config-model.ts';
import type { OpaqueItem, ResultRecord } from '../../../core/labeling/records.ts';
import { validateDocument } from '../../../core/labeling/validate.ts';
import type { AnnotatorApi } from '../../../preload/api.ts';
import type { IpcError, OpenedTask } from '../../../preload/contract.ts';
import { applyPreselected } from '../workspace/model/commands.ts';
import { DocumentStore } from '../workspace/model/document-store.ts';
import type { DraftSync, DraftStatus } from '../workspace/model/draft-sync.ts';
import { History } from '../workspace/model/history.ts';
import { SelectionStore } from '../workspace/model/selection-store.ts';
import { call } from './safe-call.ts';
import type { TaskScreenState, TaskTarget, Viewing } from './task-screen-state.ts';
import { startTaskDraft } from './task-draft.ts';

type Position = { key: string; index: number };
export type { TaskScreenState, TaskTarget, Viewing } from './task-screen-state.ts';

/** One object, so useSyncExternalStore sees the same snapshot while there is no draft. */
const IDLE: DraftStatus<IpcError> = { state: 'idle' };

export class TaskController {
  readonly store = new DocumentStore();
  readonly history = new History(this.store);
  /** The read-only document shown when viewing someone else's annotation or a prediction. */
  readonly viewStore = new DocumentStore();
  /** The selected region of the annotator's document (tools, region list, perRegion controls). */
  readonly selection = new SelectionStore();
  readonly #api: AnnotatorApi;
  readonly #projectId: string;
  readonly #stream: boolean;
  #state: TaskScreenState = {
    phase: 'opening',
    task: null,
    error: null,
    busy: null,
    problems: [],
    conflicts: [],
    notice: null,
    viewing: { kind: 'mine' },
    streamDone: 0,
    unsaved: null,
  };
  readonly #listeners = new Set<() => void>();
  #draft: DraftSync<unknown[], IpcError> | null = null;
  #draftListener: (() => void) | null = null;
  #opaque: OpaqueItem[] = [];
  /** When the current visit began, and the time already spent before it (from the draft). */
  #openedAt = 0;
  #spentBefore = 0;
  /** Tasks visited in this screen, for "back". */
  readonly #visited: Position[] = [];
  #disposed = false;
  /** Closed on purpose: nothing is left to give back when the screen goes away. */
  #closed = false;
  /** One move at a time (a held Alt+→ must not open three tasks at once). */
  #navigating = false;
  /** The move that stopped because the draft could not be saved: "Leave without saving" runs it. */
  #blockedMove: (() => Promise<void>) | null = null;

  constructor(api: AnnotatorApi, projectId: string, target: TaskTarget) {
    this.#api = api;
    this.#projectId = projectId;
    this.#stream = target.kind === 'stream';
    void (target.kind === 'task'
      ? this.open({ key: target.key, index: target.index })
      : this.#next(undefined));
  }

  get stream(): boolean {
    return this.#stream;
  }

  getSnapshot = (): TaskScreenState => this.#state;
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  draftStatus = (): DraftStatus<IpcError> => this.#draft?.getSnapshot() ?? IDLE;
  subscribeDraft = (listener: () => void): (() => void) => {
    this.#draftListener = listener;
    return () => (this.#draftListener = null);
  };

  get canGoBack(): boolean {
    return this.#visited.length > 1;
  }

  /**
   * Opens a task of the list (‹ › within a file too). The current draft is saved first; the current
   * task is left (its lease given back) only once the new one is open, so a failed open leaves the
   * annotator where they were, with their draft and their lease.
   */
  open(position: Position, remember = true): Promise<void> {
    return this.#navigate(() => this.#open(position, remember));
  }

  async #open(position: Position, remember: boolean): Promise<void> {
    this.#set({ phase: this.#state.task ? this.#state.phase : 'opening', busy: 'moving', error: null });
    const opened = await call(() => this.#api.tasks.open({ projectId: this.#projectId, ...position }));
    if (this.#disposed) return;
    if (!opened.ok)
      return this.#set({ phase: this.#state.task ? 'ready' : 'failed', busy: null, error: opened.error });
    await this.#leave(opened.value.taskId);
    this.#show(opened.value, remember);
  }

  /**
   * Runs a move to another task: one at a time, and only once the draft is saved. When it cannot be
   * saved, the annotator stays and is told; `leaveAnyway()` runs the move all the same.
   */
  async #navigate(move: () => Promise<void>, force = false): Promise<void> {
    if (this.#navigating || (this.#state.busy && !force)) return;
    this.#navigating = true;
    try {
      const draft = this.#draft;
      if (draft && !force) {
        await draft.flush();
        const status = draft.getSnapshot();
        if (draft.pending && status.state === 'failed') {
          this.#blockedMove = move;
          return this.#set({ unsaved: status.error });
        }
      }
      this.#blockedMove = null;
      this.#set({ unsaved: null });
      await move();
    } finally {
      this.#navigating = false;
    }
  }

  /** The draft could not be saved: leave all the same (the annotator chose to). */
  leaveAnyway(): Promise<void> {
    const move = this.#blockedMove;
    if (!move) return Promise.resolve();
    const draft = this.#draft;
    // What could not be saved is dropped on purpose: the draft must not save it later elsewhere.
    this.#draft = null;
    draft?.dispose();
    return this.#navigate(move, true);
  }

  /** Stay on the task and try to save the draft again. */
  async retrySave(): Promise<void> {
    await this.#draft?.flush();
    const status = this.#draft?.getSnapshot();
    if (status?.state !== 'failed') this.#set({ unsaved: null });
    this.#blockedMove = status?.state === 'failed' ? this.#blockedMove : null;
  }

  /** Back to the task seen before this one (to change or update it). */
  async back(): Promise<void> {
    if (this.#visited.length < 2) return;
    this.#visited.pop();
    const previous = this.#visited.at(-1)!;
    await this.open(previous, false);
  }

  async move(delta: 1 | -1): Promise<void> {
    const task = this.#state.task;
    if (!task) return;
    const index = task.taskIndex + delta;
    if (index < 0 || index >= task.taskCount) return;
    await this.open({ key: task.key, index });
  }

  /** Submit (or update) the annotator's annotation; then the next task. */
  async submit(): Promise<void> {
    const task = this.#state.task;
    if (!task || task.access.mode !== 'edit' || this.#state.busy || this.#navigating) return;
    const problems = validateDocument(task.config, this.store.records());
    if (problems.length > 0) return this.#set({ problems, notice: null });
    await this.#save(false);
  }

  async skip(): Promise<void> {
    const task = this.#state.task;
    if (!task || task.access.mode !== 'edit' || this.#state.busy || this.#navigating) return;
    await this.#save(true);
  }

  /**
   * Close the task on purpose: its lease goes back, and a reload does not return to it. Resolves
   * true once closed; false when the draft could not be saved (the annotator is asked first).
   */
  async close(onClosed: () => void): Promise<void> {
    await this.#navigate(async () => {
      const task = this.#state.task;
      if (task) await call(() => this.#api.tasks.close({ projectId: this.#projectId, taskId: task.taskId }));
      this.#closed = true;
      onClosed();
    });
  }

  view(viewing: Viewing): void {
    const task = this.#state.task;
    if (!task) return;
    if (viewing.kind === 'annotation') {
      const annotation = task.annotations.find((a) => String(a.id) === viewing.id);
      this.viewStore.load(annotation ? decodeResult(annotation.result).records : []);
    } else if (viewing.kind === 'source') {
      const source = task.source.find((s) => String(s.id) === viewing.id);
      this.viewStore.load(source ? decodeResult(source.result).records : []);
    }
    this.#set({ viewing });
  }

  /** "Start from this prediction": its items become the annotator's (one undoable step). */
  startFrom(sourceId: string): void {
    const source = this.#state.task?.source.find((s) => String(s.id) === sourceId);
    if (!source) return;
    const decoded =
      source.kind === 'prediction' ? recordsFromPrediction(source.result) : decodeResult(source.result);
    this.history.mark();
    this.store.transact('user', (tx) => {
      tx.clear();
      for (const record of decoded.records) tx.put(record);
    });
    this.history.mark();
    this.#opaque = decoded.opaque;
    this.#set({ viewing: { kind: 'mine' }, notice: `Started from ${source.label}.` });
  }

  /** Saves the draft now (window blur, before a reload). */
  flush(): Promise<void> {
    return this.#draft?.flush() ?? Promise.resolve();
  }

  dispose(): void {
    this.#disposed = true;
    // The screen goes away (another project, sign-out): what is not saved yet is saved first, even a
    // change made while a save was in flight; only then does the draft stop listening, and the lease
    // goes back (a colleague must not see the task claimed by nobody).
    const draft = this.#draft;
    this.#draft = null;
    const task = this.#state.task;
    const held = !this.#closed && task?.claim.held ? task.taskId : null;
    void (draft ? draft.flush().finally(() => draft.dispose()) : Promise.resolve()).then(() => {
      if (held) void call(() => this.#api.tasks.release({ projectId: this.#projectId, taskId: held }));
    });
    this.history.dispose();
  }

  async #save(wasCancelled: boolean): Promise<void> {
    const task = this.#state.task!;
    this.#set({ busy: wasCancelled ? 'skip' : 'submit', error: null, problems: [], notice: null });
    // The draft first: whatever happens to the submit, the work is on disk.
    await this.#draft?.flush();
    const result = this.#result();
    const saved = await call(() =>
      this.#api.tasks.submit({
        projectId: this.#projectId,
        taskId: task.taskId,
        result,
        ...(wasCancelled ? { wasCancelled: true } : {}),
        leadTimeSeconds: this.#leadTime(),
      }),
    );
    if (this.#disposed) return;
    if (!saved.ok) return this.#set({ busy: null, error: saved.error });
    if (saved.value.conflicts.length > 0) return this.#set({ busy: null, conflicts: saved.value.conflicts });
    // Submitted: this task's draft is done with (main dropped it); nothing of it may be saved again.
    const done = this.#draft;
    this.#draft = null;
    done?.dispose();
    this.#draftListener?.();
    // Main gave the lease back with the submit.
    this.#set({ task: { ...task, claim: { held: false } } });
    this.#spentBefore = 0;
    this.#openedAt = Date.now();
    const streamDone = this.#state.streamDone + 1;
    this.#set({ busy: null, streamDone, conflicts: [] });
    // Committed on this computer either way; "waiting to sync" until S3 has it (the banner counts).
    const where = saved.value.synced === false ? ' Saved on this computer, waiting to sync.' : '';
    await this.#next(
      { key: task.key, index: task.taskIndex },
      `${wasCancelled ? 'Skipped.' : 'Submitted.'}${where}`,
    );
  }

  /** The next task to label after `after` (a stream across files), or "all done". */
  async #next(after: Position | undefined, notice: string | null = null): Promise<void> {
    this.#navigating = true;
    try {
      this.#set({ busy: 'moving', error: null });
      const next = await call(() =>
        this.#api.tasks.next({ projectId: this.#projectId, ...(after ? { after } : {}) }),
      );
      if (this.#disposed) return;
      if (!next.ok)
        return this.#set({ phase: this.#state.task ? 'ready' : 'failed', busy: null, error: next.error });
      if (!next.value.task) {
        await this.#leave(null);
        return this.#set({ phase: 'finished', busy: null, notice });
      }
      await this.#leave(next.value.task.taskId);
      this.#show(next.value.task, true);
      this.#set({ notice });
    } finally {
      this.#navigating = false;
    }
  }

  /**
   * Leaves the task on screen for `nextTaskId`: its draft (already saved) stops, its lease goes back
   * unless the next task is the same one (main keeps renewing it then).
   */
  async #leave(nextTaskId: string | null): Promise<void> {
    const task = this.#state.task;
    this.#draft?.dispose();
    this.#draft = null;
    if (task && task.claim.held && task.taskId !== nextTaskId)
      await call(() => this.#api.tasks.release({ projectId: this.#projectId, taskId: task.taskId }));
  }

  #show(task: OpenedTask, remember: boolean): void {
    this.#draft?.dispose();
    this.#draft = null;
    const own = task.annotations.find((a) => a.mine);
    const start = task.draft?.result ?? own?.result ?? [];
    const decoded = decodeResult(start);
    this.#opaque = decoded.opaque;
    this.selection.select(null);
    this.store.load(decoded.records);
    // Choices marked `selected` start selected, as in Label Studio (not over a draft or an annotation).
    if (!task.draft && !own) applyPreselected(this.store, task.config.root);
    this.history.clear();
    this.#spentBefore = task.draft?.leadTimeSeconds ?? 0;
    this.#openedAt = Date.now();
    if (task.access.mode === 'edit') this.#startDraft(task);
    const position = { key: task.key, index: task.taskIndex };
    const last = this.#visited.at(-1);
    if (remember && (last?.key !== position.key || last.index !== position.index))
      this.#visited.push(position);
    this.#set({
      phase: 'ready',
      task,
      busy: null,
      error: null,
      problems: [],
      conflicts: [],
      viewing: { kind: 'mine' },
    });
  }

  #startDraft(task: OpenedTask): void {
    this.#draft = startTaskDraft({
      api: this.#api,
      projectId: this.#projectId,
      task,
      store: this.store,
      result: () => this.#result(),
      leadTimeSeconds: () => this.#leadTime(),
    });
    this.#draft.subscribe(() => this.#draftListener?.());
    this.#draftListener?.();
  }

  #result(): Record<string, unknown>[] {
    return encodeResult({ records: this.store.records() as ResultRecord[], opaque: this.#opaque }) as Record<
      string,
      unknown
    >[];
  }

  #leadTime(): number {
    return this.#spentBefore + Math.max(0, (Date.now() - this.#openedAt) / 1000);
  }

  #set(change: Partial<TaskScreenState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }
}

export type { LabelingConfig };
