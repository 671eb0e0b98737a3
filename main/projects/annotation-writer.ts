/**
 * The one write path of the annotator's own annotation to S3, used by the sync engine for each queued
 * submit. The annotation was made whole when queued (its id, result, times, lead time), together with
 * my annotation as the window last saw it (`baseOwn`). Sending re-reads the task's export and merges
 * three ways (mergeTaskExport): base = S3's export with my annotation as I last saw it, mine = with
 * the queued one, theirs = S3's. So others' annotations are kept, an unchanged annotation of mine is
 * replaced, and a change to mine made elsewhere is a true conflict: theirs stays, both go back.
 * The annotation store's conditional write then handles a race (412 and 409 re-read and merge).
 *
 * Idempotent: when the queued annotation is already in S3 (a write whose answer was lost before a
 * crash), the merge finds it there and nothing is written again.
 */
import { sameJson } from '../tasks/annotation-merge.ts';
import {
  isOwnedBy,
  mergeTaskExport,
  newTaskExport,
  type Annotation,
  type Project,
  type TaskExport,
} from '../tasks/index.ts';
import type { AnnotationStore, SaveResult } from '../storage/index.ts';
import type { OutboxEntry } from '../local/outbox.ts';

export interface WriteTarget {
  project: Project;
  annotations: AnnotationStore;
  /** The annotator (completed_by.email). */
  me: string;
}

export type WriteOutcome = SaveResult;

/** `doc` with my annotation replaced by `own` (added when I had none, removed when `own` is null). */
export function withOwn(doc: TaskExport, own: Annotation | null, me: string): TaskExport {
  const annotations = (doc.annotations ?? []).filter((a) => !isOwnedBy(a, me));
  const at = (doc.annotations ?? []).findIndex((a) => isOwnedBy(a, me));
  if (own) annotations.splice(at < 0 ? annotations.length : at, 0, own);
  return { ...doc, annotations };
}

export async function writeQueuedAnnotation(target: WriteTarget, entry: OutboxEntry): Promise<WriteOutcome> {
  const { project, annotations, me } = target;
  if (entry.payload.fresh) {
    // No file when queued: create it (If-None-Match: *), no read first; if one appeared meanwhile
    // (or this write landed before), the store re-reads and merges by id.
    const doc = withOwn(newTaskExport(entry.payload.task), entry.payload.annotation as Annotation, me);
    return annotations.save(project, entry.taskId, doc, null);
  }
  const stored = await annotations.load(project, entry.taskId);
  const theirs = stored?.doc ?? newTaskExport(entry.payload.task);
  // An annotation of mine made meanwhile under another id (another computer) is the one to compare
  // with: by id, a merge would otherwise keep both and I would have two.
  const queued = entry.payload.annotation as Annotation;
  const present = theirs.annotations?.find((a) => isOwnedBy(a, me));
  const mine = present && present.id !== queued.id ? { ...queued, id: present.id } : queued;
  const base = withOwn(theirs, entry.payload.baseOwn as Annotation | null, me);
  const merge = mergeTaskExport(base, withOwn(theirs, mine, me), theirs, me);
  if (stored && sameJson(merge.doc, stored.doc)) {
    // Already there (an earlier attempt landed), or only a conflict: nothing to write.
    return merge.conflicts.length > 0
      ? { status: 'conflict', doc: stored.doc, etag: stored.etag, conflicts: merge.conflicts, attempts: 0 }
      : { status: 'saved', doc: stored.doc, etag: stored.etag, merged: false, attempts: 0 };
  }
  const saved = await annotations.save(project, entry.taskId, merge.doc, stored);
  if (merge.conflicts.length === 0 || saved.status === 'conflict') return saved;
  return {
    status: 'conflict',
    doc: saved.doc,
    etag: saved.etag,
    conflicts: merge.conflicts,
    attempts: saved.attempts,
  };
}
