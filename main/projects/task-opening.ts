/**
 * Opening a task: its file and config read (once per ETag), its status in the target (annotations,
 * leases, a submit still queued on this computer), the access the annotator gets (edit, or view with
 * why), a lease taken when labeling starts, the config bound to the task, and the draft kept here.
 */
import type { DraftView, OpenedTask, TaskStateName } from '../../preload/contract.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import type { MediaPort } from '../media/media-service.ts';
import { isUnreachable } from '../media/unreachable.ts';
import { loadTaskStatus, StorageError, type TaskStatus } from '../storage/index.ts';
import { isOwnedBy, newTaskExport, taskIdFor, type Annotation } from '../tasks/index.ts';
import { withOwn } from './annotation-writer.ts';
import type { DraftScope, DraftsPort } from './drafts-port.ts';
import type { ProjectServices, RoleContext } from './project-services.ts';
import type { SubmitQueue } from './submit-queue.ts';
import type { TaskFiles } from './task-files.ts';
import type { TaskSessions } from './task-session.ts';
import { annotationView, bindTaskConfig, sourceAnnotations } from './task-view.ts';

const log = createLogger('projects');

export interface OpenTaskDeps {
  context: RoleContext;
  services: ProjectServices;
  files: TaskFiles;
  submits: SubmitQueue;
  sessions: TaskSessions;
  drafts: DraftsPort;
  scope(taskId: string): DraftScope;
  /** Media through main and the offline cache. */
  media?: MediaPort;
}

export async function openTask(
  deps: OpenTaskDeps,
  projectId: string,
  key: string,
  index: number,
): Promise<OpenedTask> {
  const { context, services } = deps;
  const { project } = services;
  const row = services.index.get(key);
  if (!row)
    throw new AppError(
      'TASK_NOT_LISTED',
      'This task is not in the project list (any more). Refresh the list.',
    );
  const [{ tasks, errors }, config] = await Promise.all([
    deps.files.read(services, key, row.etag),
    deps.files.config(services),
  ]);
  if (tasks.length === 0)
    throw new AppError(
      'TASK_FILE_EMPTY',
      errors[0]?.message ?? 'This task file holds no task the app can read.',
    );
  const taskIndex = Math.min(index, tasks.length - 1);
  let task = tasks[taskIndex]!;
  // S3 failed to answer moments ago: this open does not wait for it to fail again (its retries).
  const offlineNow = deps.media?.probablyOffline() ?? false;
  // Offline, a skip of mine is known from the snapshot alone (S3's copy, which says so, is not here).
  let skippedOffline = false;
  const fromSnapshot = (taskId: string) => {
    const known = services.target.state(taskId);
    skippedOffline = known === 'skipped-by-me';
    return offlineStatus(known, project.overlap);
  };
  const statusOf = async (taskId: string) =>
    offlineNow
      ? fromSnapshot(taskId)
      : loadTaskStatus(
          { annotations: services.annotations, claims: services.claims, me: context.me },
          project,
          taskId,
        ).catch((error: unknown) => {
          // Offline (S3 unreachable): the task opens from what this computer knows; the submit waits in
          // the outbox, and its write merges with whatever S3 holds by then.
          if (!isUnreachable(error) || !deps.media) throw error;
          deps.media.markUnreachable();
          log.warn(`task ${taskId} opens offline: ${(error as StorageError).code}`);
          return fromSnapshot(taskId);
        });
  let status = await statusOf(task.taskId);
  // Label Studio ids are unique within one Label Studio project only: two exports side by side may
  // both hold task 1. An annotation file of that name for other data belongs to the other task; this
  // one then keeps the id derived from where it comes from.
  if (status.stored && task.lsId !== undefined && !sameData(status.stored.doc.data, task.data)) {
    const derived = taskIdFor(task.sourceKey, task.index);
    log.warn(`task id ${task.taskId} of ${key} is taken by another task's annotations; using ${derived}`);
    task = { ...task, taskId: derived };
    deps.files.catalog(projectId).rename(key, taskIndex, derived);
    status = await statusOf(task.taskId);
  }
  // A submit of this task still waiting to sync (offline, after a restart) is what the annotator
  // did last: the task opens with it, not with S3's older copy.
  const queued = await deps.submits.lastQueued(context.key, projectId, task.taskId);
  if (queued) {
    const own = queued.payload.annotation as Annotation;
    status = {
      ...status,
      state: 'done-by-me',
      stored: {
        doc: withOwn(status.stored?.doc ?? newTaskExport(task), own, context.me),
        etag: status.stored?.etag ?? '',
      },
    };
  }
  const own = status.stored?.doc.annotations?.find((a) => isOwnedBy(a, context.me));
  const viewOnly = config.readOnlyTags.length > 0;
  let access: OpenedTask['access'] = { mode: 'edit' };
  let claim: OpenedTask['claim'] = { held: false };
  let held: { etag: string; slot: number } | null = null;
  if (viewOnly) access = { mode: 'view', reason: 'tools', tags: config.readOnlyTags };
  else if (status.state === 'done' && !own) access = { mode: 'view', reason: 'done' };
  else if (offlineNow) claim = { held: false };
  else if (status.state === 'open' || status.state === 'claimed') {
    try {
      const taken = await deps.sessions.claim(services, task.taskId);
      held = taken.held;
      claim = taken.held
        ? { held: true, ...(taken.expiresAt ? { expiresAt: taken.expiresAt } : {}) }
        : {
            held: false,
            ...(taken.holder ? { holder: taken.holder } : {}),
            ...(taken.expiresAt ? { expiresAt: taken.expiresAt } : {}),
          };
      if (!taken.held) access = { mode: 'view', reason: 'claimed' };
    } catch (error) {
      // Offline no lease can be taken: the work is kept here and the outbox sends it later.
      if (isUnreachable(error) && deps.media) {
        deps.media.markUnreachable();
        claim = { held: false };
      }
      // A role that may read but not write leases (a reviewer) looks instead of failing.
      else if (!(error instanceof StorageError && error.code === 'STORAGE_ACCESS_DENIED')) throw error;
      else access = { mode: 'view', reason: 'reviewer' };
    }
  }
  const [bound, stored] = await Promise.all([
    bindTaskConfig(services, config, task, deps.media),
    access.mode === 'edit' ? deps.drafts.load(deps.scope(task.taskId)) : null,
  ]);
  // A draft is this task's only if it was made on this very task (file and position).
  const draft = stored && stored.taskKey === key && stored.taskIndex === (task.index ?? 0) ? stored : null;
  deps.sessions.remember(services, {
    projectId,
    task,
    state: status.state,
    stored: status.stored,
    claim: held,
    editable: access.mode === 'edit',
  });
  const skipped = own ? own.was_cancelled === true : skippedOffline && !queued;
  const state: TaskStateName = skipped ? 'skipped-by-me' : status.state;
  services.target.note(task.taskId, state);
  if (access.mode === 'edit')
    await deps.drafts
      .setLastOpen(context.key, { projectId, key, index: taskIndex })
      .catch((error: unknown) => log.warn('could not remember the open task:', error));
  // Done or skipped by me, offline, and neither S3's copy nor a queued submit holds my annotation.
  const ownUnknown = !own && (state === 'done-by-me' || state === 'skipped-by-me');
  return {
    projectId,
    taskId: task.taskId,
    key,
    taskIndex,
    taskCount: tasks.length,
    config: bound,
    annotations: (status.stored?.doc.annotations ?? []).map((a) => annotationView(a, context.me)),
    source: sourceAnnotations(task, status.stored?.doc.annotations ?? []),
    draft: draft ? draftView(draft) : null,
    state,
    access,
    claim,
    ...(ownUnknown ? { ownAnnotationUnknown: true as const } : {}),
  };
}

/**
 * What opening offline knows of a task: the list's last state of it (done, or submitted or skipped by
 * me, from the target snapshot and the outbox), nothing stored, no leases.
 */
function offlineStatus(known: TaskStateName, overlap: number): TaskStatus {
  const state =
    known === 'done' ? known : known === 'done-by-me' || known === 'skipped-by-me' ? 'done-by-me' : 'open';
  return { state, completed: 0, overlap, claimedByOthers: 0, claimedByMe: false, stored: null };
}

/** The same task data, whatever the key order (Label Studio may write its exports' keys in another order). */
function sameData(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value as object)
              .sort()
              .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function draftView(draft: Awaited<ReturnType<DraftsPort['load']>> & object): DraftView {
  return {
    rev: draft.rev,
    result: draft.result,
    savedAt: draft.savedAt,
    leadTimeSeconds: draft.leadTimeSeconds,
  };
}
