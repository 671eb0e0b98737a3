/** The tasks domain: listing into the local index, paging, opening, presigning, submitting, releasing. */
import { z } from 'zod';
import { channel } from './define.ts';
import { IpcError } from './errors.ts';

export const TaskStateName = z.enum(['open', 'claimed', 'done', 'done-by-me']);
export type TaskStateName = z.infer<typeof TaskStateName>;

/** One row of the task list: one task file (tasks mode) or one media object (files mode). */
export const TaskRow = z.object({
  key: z.string(),
  taskId: z.string(),
  size: z.number().nonnegative(),
  lastModified: z.string().optional(),
  state: TaskStateName,
  /** Annotation files found for the row's tasks (a JSON array / JSONL file holds several tasks). */
  annotated: z.number().int().nonnegative(),
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

/** An object tag of the labeling config (Image, Text, Audio, ...) with its value for this task. */
const TaskObject = z.object({
  tag: z.string(),
  name: z.string(),
  /** Text, or a presigned https URL for media; null when the task has no such field. */
  value: z.string().nullable(),
  /** The s3:// URI behind a media URL, to ask for a fresh URL after a 403. */
  source: z.string().optional(),
});

/** `value` goes into results (Label Studio's alias when the config has one); `label` is shown. */
const Choice = z.object({ value: z.string(), label: z.string() });
/** The controls the app can render for now (more tools come with the labeling issue). */
const TaskControl = z.object({
  tag: z.string(),
  name: z.string(),
  toName: z.array(z.string()),
  choices: z.array(Choice),
  /** 'single' (radio) or 'multiple' (checkboxes), for Choices. */
  choice: z.enum(['single', 'multiple']).optional(),
});

export const Annotation = z.object({
  id: z.union([z.number(), z.string()]),
  completedBy: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  mine: z.boolean(),
  /** Label Studio result items, as stored. */
  result: z.array(z.unknown()),
});
export type TaskAnnotation = z.infer<typeof Annotation>;

export const OpenedTask = z.object({
  projectId: z.string(),
  taskId: z.string(),
  key: z.string(),
  /** A task file (JSON array or JSONL) may hold several tasks: which one this is, of how many. */
  taskIndex: z.number().int().nonnegative(),
  taskCount: z.number().int().positive(),
  objects: z.array(TaskObject),
  controls: z.array(TaskControl),
  /** Control tags of the config this version cannot render yet (the labeling tools come later). */
  unsupportedControls: z.array(z.string()),
  /** Annotations already in the target (others' are read-only). */
  annotations: z.array(Annotation),
  state: TaskStateName,
  claim: z.object({ held: z.boolean(), expiresAt: z.string().optional(), holder: z.string().optional() }),
});
export type OpenedTask = z.infer<typeof OpenedTask>;

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
    }),
    response: z.object({
      rows: z.array(TaskRow),
      total: z.number().int().nonnegative(),
      syncing: z.boolean(),
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
    summary: "Save the annotator's annotation of a task (a conditional write; merges with others').",
    request: z.object({
      projectId: z.string().max(128),
      taskId: z.string().max(256),
      result: z.array(z.record(z.string(), z.unknown())).max(10_000),
      /** The controls the window edits: their items in the annotator's annotation are replaced, others kept. */
      controls: z.array(z.string().max(200)).max(100),
      leadTimeSeconds: z
        .number()
        .nonnegative()
        .max(86_400 * 7),
    }),
    response: z.object({ annotationId: z.union([z.number(), z.string()]), conflicts: z.array(Conflict) }),
  }),
  'tasks.release': channel({
    summary: 'Give a claimed task back (the annotator closed it without submitting).',
    request: z.object({ projectId: z.string().max(128), taskId: z.string().max(256) }),
    response: z.object({ released: z.boolean() }),
  }),
} as const;

export const tasksEvents = {
  /** Listing progress of a project (throttled: a few events a second at most). */
  'tasks.syncProgress': SyncProgress,
} as const;
