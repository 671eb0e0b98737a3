/**
 * What a submit puts in the outbox, made whole from what this opening knows: the task as S3 last
 * showed it (or as a submit still queued left it), my annotation there as the window saw it (the
 * writer's merge tells a change made elsewhere from mine), and the new annotation with its id fixed.
 * No I/O: the facade reads and queues around it.
 */
import type { OutboxEntry, OutboxInput } from '../local/outbox.ts';
import type { WriteOutcome } from './annotation-writer.ts';
import { withOwn } from './annotation-writer.ts';
import { applyOwnAnnotation } from './own-annotation.ts';
import { MAX_LEAD_TIME_SECONDS } from './submit-limits.ts';
import type { OpenTask } from './task-session.ts';
import { annotationView } from './task-view.ts';
import {
  isOwnedBy,
  newTaskExport,
  type Annotation,
  type ResultItem,
  type TaskExport,
} from '../tasks/index.ts';

export interface SubmitInput {
  result: Record<string, unknown>[];
  wasCancelled: boolean;
  leadTimeSeconds: number;
}

export function queuedSubmit(options: {
  roleKey: string;
  me: string;
  projectId: string;
  opened: OpenTask;
  input: SubmitInput;
  /** The last submit of this task still queued (from before a restart, say): this one builds on it. */
  before: OutboxEntry | null;
  now: Date;
  newId: number;
}): { entry: OutboxInput; doc: TaskExport; annotationId: number | string } {
  const { opened, input, before, me } = options;
  const seen =
    before && opened.stored
      ? withOwn(opened.stored.doc, before.payload.annotation as Annotation, me)
      : before
        ? withOwn(newTaskExport(opened.task), before.payload.annotation as Annotation, me)
        : (opened.stored?.doc ?? null);
  const baseOwn = seen?.annotations?.find((a) => isOwnedBy(a, me)) ?? null;
  // A task already done refuses a new annotation; the annotation is made whole here, id fixed.
  const { doc, annotation } = applyOwnAnnotation(seen, opened.task, {
    me,
    result: input.result as ResultItem[],
    wasCancelled: input.wasCancelled,
    leadTimeSeconds: Math.min(input.leadTimeSeconds, MAX_LEAD_TIME_SECONDS),
    now: options.now,
    newId: options.newId,
    taskDone: opened.state === 'done',
  });
  const annotationId = annotation.id ?? options.newId;
  return {
    doc,
    annotationId,
    entry: {
      roleKey: options.roleKey,
      projectId: options.projectId,
      taskId: opened.task.taskId,
      annotationId,
      payload: {
        annotation,
        baseOwn,
        task: opened.task,
        // No file when opened, and no earlier submit of it still queued (its id must be compared).
        fresh: seen === null,
      },
    },
  };
}

/** A true conflict as the window shows it: both versions, mine and theirs. */
export function conflictViews(written: WriteOutcome | null, me: string) {
  if (written?.status !== 'conflict') return [];
  return written.conflicts.map((c) => ({
    annotationId: c.annotationId,
    reason: c.reason,
    mine: c.mine ? annotationView(c.mine, me) : null,
    theirs: c.theirs ? annotationView(c.theirs, me) : null,
  }));
}
