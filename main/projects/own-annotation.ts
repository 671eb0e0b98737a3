/**
 * The annotator's own annotation in a task export: created once (its id fixed before the first write, so
 * a retry after an unknown outcome cannot make a second one), then replaced in place on every update.
 * The window sends the whole result: its codec kept every item it did not change exactly as read
 * (other tools' regions, result types this version does not know), so nothing is lost by replacing it.
 * Pure: the caller writes the export.
 */
import { AppError } from '../errors.ts';
import {
  isOwnedBy,
  newAnnotation,
  newTaskExport,
  type Annotation,
  type ParsedTask,
  type ResultItem,
  type TaskExport,
} from '../tasks/index.ts';

export interface OwnAnnotationInput {
  me: string;
  result: ResultItem[];
  /** Skip: Label Studio's `was_cancelled: true` (the task counts as seen, not labeled). */
  wasCancelled: boolean;
  leadTimeSeconds: number;
  now: Date;
  /** The id a new annotation gets (fixed by the caller for the task, reused on retries). */
  newId: number;
  /** True when the project already has all the annotations it wants from others. */
  taskDone: boolean;
}

export function applyOwnAnnotation(
  stored: TaskExport | null,
  task: ParsedTask,
  input: OwnAnnotationInput,
): { doc: TaskExport; annotation: Annotation; created: boolean } {
  const doc: TaskExport = structuredClone(stored ?? newTaskExport(task));
  doc.annotations ??= [];
  const own = doc.annotations.findIndex((a) => isOwnedBy(a, input.me));
  if (own >= 0) {
    const previous = doc.annotations[own]!;
    // Replaced in place (same id): Label Studio sees one annotation per person; time spent adds up.
    const annotation: Annotation = {
      ...previous,
      result: input.result,
      was_cancelled: input.wasCancelled,
      updated_at: input.now.toISOString(),
      lead_time: (typeof previous.lead_time === 'number' ? previous.lead_time : 0) + input.leadTimeSeconds,
    };
    doc.annotations[own] = annotation;
    return { doc, annotation, created: false };
  }
  if (input.taskDone)
    throw new AppError(
      'TASK_ALREADY_DONE',
      'This task already has all the annotations the project asks for.',
    );
  const annotation = newAnnotation(
    {
      me: input.me,
      result: input.result,
      now: input.now,
      leadTimeSeconds: input.leadTimeSeconds,
      wasCancelled: input.wasCancelled,
    },
    input.newId,
  );
  doc.annotations.push(annotation);
  return { doc, annotation, created: true };
}
