/**
 * `<target>/<task_id>.json`: one task in Label Studio's export format, annotations included, so a team
 * can import it into Label Studio or feed it to their pipelines unchanged. One schema serves both ways
 * (what we save is what we accept on load), and it is deliberately open: unknown keys and result types
 * pass through verbatim, because the file may also be written by Label Studio, scripts or a newer app.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { formatPath } from './project-config.ts';
import type { ParsedTask } from './task-format.ts';
import { TaskError } from './task-error.ts';
import { assertTaskId } from './task-id.ts';

/** One region or control value. Only the shape is checked; `value` and unknown types stay as they are. */
export const ResultItemSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  type: z.string().optional(),
  from_name: z.string().optional(),
  to_name: z.string().optional(),
});

/**
 * `completed_by` as Label Studio exports it: a user id, or `{ id?, email, … }`. This app writes
 * `{ email: <annotator> }`, which Label Studio's import maps to the project member with that email.
 */
export const CompletedBySchema = z.union([
  z.number(),
  z.string(),
  z.null(),
  z.looseObject({ id: z.number().optional(), email: z.string().optional() }),
]);

export const AnnotationSchema = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  result: z.array(ResultItemSchema),
  completed_by: CompletedBySchema.optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  lead_time: z.number().nullable().optional(),
  was_cancelled: z.boolean().optional(),
  ground_truth: z.boolean().optional(),
});

export const PredictionSchema = z.looseObject({ result: z.array(ResultItemSchema) });

export const TaskExportSchema = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  data: z.record(z.string(), z.unknown()),
  annotations: z.array(AnnotationSchema).optional(),
  predictions: z.array(PredictionSchema).optional(),
});

export type ResultItem = z.infer<typeof ResultItemSchema>;
export type Annotation = z.infer<typeof AnnotationSchema>;
export type TaskExport = z.infer<typeof TaskExportSchema>;

export function validateTaskExport(value: unknown, where = 'annotation file'): TaskExport {
  const result = TaskExportSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues
    .slice(0, 10)
    .map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new TaskError(
    'EXPORT_INVALID',
    `The ${where} is not a Label Studio task export:\n${lines.join('\n')}`,
  );
}

/** Parses the body of `<target>/<task_id>.json`. */
export function parseTaskExport(body: string, where = 'annotation file'): TaskExport {
  let value: unknown;
  try {
    value = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new TaskError('EXPORT_INVALID', `The ${where} is not valid JSON: ${(error as Error).message}`);
  }
  return validateTaskExport(value, where);
}

/** Serialises after validating, so a document we could not load back is never written. */
export function serializeTaskExport(doc: TaskExport): string {
  return `${JSON.stringify(validateTaskExport(doc, 'document to save'), null, 2)}\n`;
}

/**
 * The document for a task that has none in the target yet: the task as read, including annotations and
 * predictions its source file already carried (a previous Label Studio export), checked like any other.
 */
export function newTaskExport(task: ParsedTask): TaskExport {
  const doc = { ...task.extra, data: task.data, annotations: task.extra.annotations ?? [] };
  return validateTaskExport(task.lsId === undefined ? doc : { id: task.lsId, ...doc }, `task ${task.taskId}`);
}

/** The annotator identity this app records: `completed_by.email` (or a bare string). */
export function annotationOwner(annotation: Annotation): string | null {
  const by = annotation.completed_by;
  if (typeof by === 'string') return by;
  if (by && typeof by === 'object' && typeof by.email === 'string') return by.email;
  return null;
}

export function isOwnedBy(annotation: Annotation, me: string): boolean {
  return annotationOwner(annotation)?.toLowerCase() === me.toLowerCase();
}

/**
 * Annotation ids are integers, as Label Studio's are, so its import and tools that expect numbers keep
 * working: milliseconds since 1970 × 2048 + 11 random bits. Within Number.MAX_SAFE_INTEGER until 2109,
 * ordered by creation, far above the ids a Label Studio server hands out, and two annotators collide
 * only when they create in the same millisecond and draw the same 1-in-2048 number — and even then the
 * merge tells them apart by owner.
 */
export function annotationIdAt(now: number, random: () => number): number {
  const id = Math.floor(now) * 2048 + (random() & 2047);
  if (!Number.isSafeInteger(id))
    throw new RangeError(`Clock value ${now} is outside the annotation id range.`);
  return id;
}

export interface AnnotationIds {
  next(now?: number): number;
}

/**
 * Ids from one issuer never repeat: each is above the last one it issued. Random draws alone would
 * collide within a process (a burst of ids in one millisecond, or a clock set back); the random part
 * still tells machines apart, since an id is only bumped past its predecessor when it would not be.
 */
export function createAnnotationIds(random: () => number = () => randomInt(2048)): AnnotationIds {
  let last = 0;
  return {
    next(now = Date.now()) {
      const drawn = annotationIdAt(now, random);
      const id = drawn > last ? drawn : last + 1;
      if (!Number.isSafeInteger(id)) throw new RangeError(`Annotation ids are exhausted after ${last}.`);
      last = id;
      return id;
    },
  };
}

const processIds = createAnnotationIds();

/** A new annotation id, unique within this process and ordered by creation (see annotationIdAt). */
export function newAnnotationId(now: number = Date.now()): number {
  return processIds.next(now);
}

export interface NewAnnotationInput {
  me: string;
  result: ResultItem[];
  now: Date;
  leadTimeSeconds: number;
  wasCancelled?: boolean;
}

export function newAnnotation(
  input: NewAnnotationInput,
  id: number = newAnnotationId(input.now.getTime()),
): Annotation {
  const at = input.now.toISOString();
  return {
    id,
    result: input.result,
    completed_by: { email: input.me },
    created_at: at,
    updated_at: at,
    lead_time: input.leadTimeSeconds,
    was_cancelled: input.wasCancelled ?? false,
    ground_truth: false,
  };
}

/** Path of a task's annotation document under the project's target prefix (which ends with '/'). */
export function annotationKey(targetPrefix: string, taskId: string): string {
  assertTaskId(taskId);
  return `${targetPrefix}${taskId}.json`;
}
