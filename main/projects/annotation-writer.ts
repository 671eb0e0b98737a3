/**
 * The one write path of the annotator's own annotation to S3, used by the sync engine for each queued
 * submit: re-read the task's export, apply the queued annotation (own one replaced in place, its id
 * fixed when queued) and save it with the annotation store's conditional write (412 and 409 re-read
 * and merge; only a true conflict comes back, with both versions).
 *
 * Idempotent: an entry whose write landed before the app died (unknown outcome) is found by its id and
 * its updated_at, which is the queue time; it is then not written again, so lead time never adds twice.
 */
import { sameJson } from '../tasks/annotation-merge.ts';
import {
  isOwnedBy,
  newAnnotationId,
  type Project,
  type ResultItem,
  type TaskExport,
} from '../tasks/index.ts';
import type { AnnotationStore, SaveResult } from '../storage/index.ts';
import type { OutboxEntry } from '../local/outbox.ts';
import { applyOwnAnnotation } from './own-annotation.ts';
import { MAX_LEAD_TIME_SECONDS } from './submit-limits.ts';

export interface WriteTarget {
  project: Project;
  annotations: AnnotationStore;
  /** The annotator (completed_by.email). */
  me: string;
}

export type WriteOutcome = { status: 'already'; doc: TaskExport; etag: string } | SaveResult;

export async function writeQueuedAnnotation(target: WriteTarget, entry: OutboxEntry): Promise<WriteOutcome> {
  const { project, annotations, me } = target;
  const stored = await annotations.load(project, entry.taskId);
  const updatedAt = new Date(entry.queuedAt).toISOString();
  const own = stored?.doc.annotations?.find((a) => isOwnedBy(a, me));
  if (
    stored &&
    own &&
    own.id === entry.annotationId &&
    own.updated_at === updatedAt &&
    sameJson(own.result, entry.payload.result)
  )
    return { status: 'already', doc: stored.doc, etag: stored.etag };
  const { doc } = applyOwnAnnotation(stored?.doc ?? null, entry.payload.task, {
    me,
    result: entry.payload.result as ResultItem[],
    wasCancelled: entry.payload.wasCancelled,
    leadTimeSeconds: Math.min(entry.payload.leadTimeSeconds, MAX_LEAD_TIME_SECONDS),
    now: new Date(entry.queuedAt),
    // A string id is Label Studio's own, of an annotation of mine: it is replaced in place, never new.
    newId: typeof entry.annotationId === 'number' ? entry.annotationId : newAnnotationId(entry.queuedAt),
    // The submit was accepted when queued: work done offline is never dropped for "already done".
    taskDone: false,
  });
  return annotations.save(project, entry.taskId, doc, stored);
}
