/** The tasks domain: listing into the local index, paging, opening, presigning, submitting, releasing. */
import { z } from 'zod';
import { channel, NoRequest } from './define.ts';
import { IpcError } from './errors.ts';
import { LabelingConfig } from '../../core/labeling/config-model.ts';

export const TaskStateName = z.enum(['open', 'claimed', 'done', 'done-by-me', 'skipped-by-me']);
export type TaskStateName = z.infer<typeof TaskStateName>;

/**
 * One row of the task list: one task (of a task file, JSON array or JSONL, once the file was read;
 * the whole file until then), or one media object (files mode).
 */
export const TaskRow = z.object({
  key: z.string(),
  /** The task's position in its file, and how many tasks the file holds (1 until read). */
  index: z.number().int().nonnegative(),
  taskCount: z.number().int().positive(),
  taskId: z.string(),
  size: z.number().nonnegative(),
  lastModified: z.string().optional(),
  state: TaskStateName,
  /** Annotation files found for the row's tasks (a JSON array / JSONL file holds several tasks). */
  annotated: z.number().int().nonnegative(),
  /** The annotator has unsubmitted work on it, kept on this computer. */
  draft: z.boolean().optional(),
  /** A submit or skip of it is kept on this computer and not yet in S3 (the sync engine sends it). */
  waitingToSync: z.boolean().optional(),
});
export type TaskRow = z.infer<typeof TaskRow>;

export const SyncProgress = z.object({
  projectId: z.string(),
  /** Objects in the local index so far. */
  listed: z.number().int().nonnegative(),
  done: z.boolean(),
  error: IpcError.optional(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const Annotation = z.object({
  id: z.union([z.number(), z.string()]),
  completedBy: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  mine: z.boolean(),
  /** Label Studio's `was_cancelled`: the annotator skipped the task. */
  skipped: z.boolean().optional(),
  /** Label Studio result items, as stored. */
  result: z.array(z.unknown()),
});
export type TaskAnnotation = z.infer<typeof Annotation>;

/** Work the source task file carried (an export used as input): shown read-only, and a starting point. */
export const SourceAnnotation = z.object({
  kind: z.enum(['annotation', 'prediction']),
  id: z.union([z.number(), z.string()]),
  /** Who made it: the annotator, or the prediction's model_version. */
  label: z.string(),
  score: z.number().optional(),
  result: z.array(z.unknown()),
});
export type SourceAnnotation = z.infer<typeof SourceAnnotation>;

/** The annotator's unsubmitted work on this task, kept on this computer. */
export const DraftView = z.object({
  rev: z.number().int().nonnegative(),
  result: z.array(z.unknown()),
  savedAt: z.string(),
  leadTimeSeconds: z.number().nonnegative(),
});
export type DraftView = z.infer<typeof DraftView>;

/**
 * Whether the annotator may label: 'edit', or 'view' with why: the config needs tools this version
 * lacks (`tags`), someone else holds the task, it has all its annotations, or the role may read but not
 * take tasks (a reviewer).
 */
const TaskAccess = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('edit') }),
  z.object({
    mode: z.literal('view'),
    reason: z.enum(['tools', 'claimed', 'done', 'reviewer']),
    tags: z.array(z.string()).optional(),
  }),
]);

export const OpenedTask = z.object({
  projectId: z.string(),
  taskId: z.string(),
  key: z.string(),
  /** A task file (JSON array or JSONL) may hold several tasks: which one this is, of how many. */
  taskIndex: z.number().int().nonnegative(),
  taskCount: z.number().int().positive(),
  /** The labeling config bound to this task's data (media as presigned URLs). */
  config: LabelingConfig,
  /** Annotations already in the target (others' are read-only). */
  annotations: z.array(Annotation),
  /** Annotations and predictions in the source task file. */
  source: z.array(SourceAnnotation),
  draft: DraftView.nullable(),
  state: TaskStateName,
  access: TaskAccess,
  claim: z.object({ held: z.boolean(), expiresAt: z.string().optional(), holder: z.string().optional() }),
  /**
   * Opened offline, a task this computer knows I submitted or skipped, but without my annotation
   * (it is in S3 only): the window says so; a new submit meeting it later is a conflict, never a loss.
   */
  ownAnnotationUnknown: z.literal(true).optional(),
});
export type OpenedTask = z.infer<typeof OpenedTask>;

export const TaskListFilter = z.object({
  state: z.enum(['open', 'claimed', 'done', 'done-by-me', 'skipped-by-me', 'draft']).optional(),
  search: z.string().max(200).optional(),
});
export type TaskListFilter = z.infer<typeof TaskListFilter>;

/** A result as the window's codec writes it; the byte and depth limits are checked in main (submit-limits). */
const ResultItems = z.array(z.record(z.string(), z.unknown())).max(200_000);
const ProjectId = z.string().max(128);
const TaskId = z.string().max(256);

const Conflict = z.object({
  annotationId: z.union([z.number(), z.string()]),
  reason: z.string(),
  mine: Annotation.nullable(),
  theirs: Annotation.nullable(),
});

export const tasksChannels = {
  'tasks.sync': channel({
    summary:
      "List the project's tasks into the local index: resolves after the first page, the rest streams.",
    request: z.object({ projectId: z.string().max(128), full: z.boolean().optional() }),
    response: SyncProgress,
  }),
  'tasks.page': channel({
    summary: 'A page of the task list from the local index (never the whole list in one message).',
    request: z.object({
      projectId: z.string().max(128),
      offset: z.number().int().nonnegative(),
      limit: z.number().int().min(1).max(500),
      filter: TaskListFilter.optional(),
    }),
    response: z.object({
      rows: z.array(TaskRow),
      total: z.number().int().nonnegative(),
      syncing: z.boolean(),
      /** Project progress: tasks with an annotation, of the tasks known. */
      progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
    }),
  }),
  'tasks.open': channel({
    summary: 'Claim a task and read it: objects with presigned URLs, controls, existing annotations.',
    request: z.object({
      projectId: z.string().max(128),
      key: z.string().max(1024),
      index: z.number().int().nonnegative().max(1_000_000).optional(),
    }),
    response: OpenedTask,
  }),
  'tasks.presign': channel({
    summary: 'A fresh URL for a media object of an open task (after a 403 or near expiry).',
    request: z.object({ projectId: z.string().max(128), uri: z.string().max(1100) }),
    response: z.object({ url: z.string(), expiresAt: z.string() }),
  }),
  'tasks.submit': channel({
    summary:
      "Save the annotator's annotation (submit, update, or skip): a conditional write that merges with others'.",
    request: z.object({
      projectId: ProjectId,
      taskId: TaskId,
      /** The whole result: the window's codec kept every item it did not change as it was read. */
      result: ResultItems,
      /** Skip: Label Studio's was_cancelled. */
      wasCancelled: z.boolean().optional(),
      leadTimeSeconds: z.number().nonnegative(),
    }),
    response: z.object({
      annotationId: z.union([z.number(), z.string()]),
      conflicts: z.array(Conflict),
      /** Kept on this computer (always, once answered): nothing of it can be lost any more. */
      queued: z.boolean().optional(),
      /** S3 has it; false: "waiting to sync" (sync.changed tells when it went out). */
      synced: z.boolean().optional(),
    }),
  }),
  'tasks.next': channel({
    summary:
      'Open the next task to label after the given one (a stream across files): open, not claimed by others.',
    request: z.object({
      projectId: ProjectId,
      after: z.object({ key: z.string().max(1024), index: z.number().int().nonnegative() }).optional(),
    }),
    response: z.object({ task: OpenedTask.nullable() }),
  }),
  'tasks.saveDraft': channel({
    summary: 'Keep unsubmitted work on this computer; resolves once it is committed to disk.',
    request: z.object({
      projectId: ProjectId,
      taskId: TaskId,
      rev: z.number().int().nonnegative(),
      result: ResultItems,
      leadTimeSeconds: z.number().nonnegative(),
    }),
    response: z.object({ rev: z.number().int(), savedAt: z.string(), stale: z.boolean() }),
  }),
  'tasks.discardDraft': channel({
    summary: 'Drop the unsubmitted work on a task.',
    request: z.object({ projectId: ProjectId, taskId: TaskId }),
    response: z.object({ discarded: z.literal(true) }),
  }),
  'tasks.lastOpen': channel({
    summary: 'The task the annotator had open (a reload or restart returns to it).',
    request: NoRequest,
    response: z.object({
      last: z.object({ projectId: z.string(), key: z.string(), index: z.number().int() }).nullable(),
    }),
  }),
  'tasks.close': channel({
    summary: 'The annotator closed the task: its lease goes back and a reload does not return to it.',
    request: z.object({ projectId: ProjectId, taskId: TaskId }),
    response: z.object({ released: z.boolean() }),
  }),
  'tasks.release': channel({
    summary: 'Give a claimed task back (the annotator closed it without submitting).',
    request: z.object({ projectId: z.string().max(128), taskId: z.string().max(256) }),
    response: z.object({ released: z.boolean() }),
  }),
} as const;

export const LeaseChanged = z.object({
  projectId: z.string(),
  taskId: z.string(),
  /** held: renewed again; lapsed: not renewed in time (offline, asleep); lost: someone else took it. */
  lease: z.enum(['held', 'lapsed', 'lost']),
  /** Who took it (lost), as the lease names them. */
  holder: z.string().nullable(),
});
export type LeaseChanged = z.infer<typeof LeaseChanged>;

export const tasksEvents = {
  /** Listing progress of a project (throttled: a few events a second at most). */
  'tasks.syncProgress': SyncProgress,
  /** The lease of an open task changed without the window asking (offline past its end, taken). */
  'tasks.leaseChanged': LeaseChanged,
} as const;
