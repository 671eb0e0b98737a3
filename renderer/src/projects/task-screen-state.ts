/** The task screen's state as React reads it (task-controller.ts owns and changes it). */
import type { Problem } from '../../../core/labeling/validate.ts';
import type { AnnotatorApi } from '../../../preload/api.ts';
import type { IpcError, OpenedTask } from '../../../preload/contract.ts';

export type TaskTarget = { kind: 'task'; key: string; index: number } | { kind: 'stream' };
export type Conflicts = Extract<
  Awaited<ReturnType<AnnotatorApi['tasks']['submit']>>,
  { ok: true }
>['value']['conflicts'];

/** What the annotator looks at: their own work, or one other annotation / prediction (read-only). */
export type Viewing = { kind: 'mine' } | { kind: 'annotation'; id: string } | { kind: 'source'; id: string };

export interface TaskScreenState {
  /** The draft could not be saved and the annotator asked to leave: stay, retry, or leave anyway. */
  unsaved: IpcError | null;
  phase: 'opening' | 'ready' | 'failed' | 'finished';
  task: OpenedTask | null;
  /** Opening failed (phase 'failed'), or an action failed (phase 'ready'). */
  error: IpcError | null;
  busy: null | 'submit' | 'skip' | 'moving';
  problems: Problem[];
  conflicts: Conflicts;
  /** A short confirmation after an action ("Submitted"). */
  notice: string | null;
  viewing: Viewing;
  /** Stream mode: tasks done in this run. */
  streamDone: number;
}
