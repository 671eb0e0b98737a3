/**
 * `<target>/<task_id>.json` with no server: every write is a conditional PUT (If-None-Match: * for a
 * new document, If-Match with the ETag last read otherwise). On 412 (or 409, a simultaneous conditional
 * write) the document is re-read, merged
 * with mergeTaskExport (others' annotations kept, mine replaced by id) and written again, a bounded
 * number of times with jitter. A true conflict never overwrites: the merged document keeps their
 * version of the disputed annotation and the conflict goes back to the caller with both versions.
 */
import { sameJson } from '../tasks/annotation-merge.ts';
import {
  annotationKey,
  mergeTaskExport,
  parseTaskExport,
  serializeTaskExport,
  type AnnotationConflict,
  type Project,
  type TaskExport,
} from '../tasks/index.ts';
import { createLogger } from '../log.ts';
import type { StorageS3 } from './s3-client.ts';
import { isWriteRace, readUnlessAbsent } from './absence.ts';
import { assertAccess } from './scope.ts';
import { StorageError } from './storage-errors.ts';

const log = createLogger('storage');

/** Annotation documents are small; a 20 MB one is not ours to merge in memory. */
const MAX_EXPORT_BYTES = 20 * 1024 * 1024;

export interface StoredExport {
  doc: TaskExport;
  etag: string;
}

export type SaveResult =
  | { status: 'saved'; doc: TaskExport; etag: string; merged: boolean; attempts: number }
  /** Written (what could be merged is saved), but these annotations of mine lost to another version. */
  | {
      status: 'conflict';
      doc: TaskExport;
      etag: string;
      conflicts: AnnotationConflict[];
      attempts: number;
    };

export interface AnnotationStoreOptions {
  s3: StorageS3;
  projects: readonly Project[];
  /** The annotator (completed_by.email): decides which annotations are "mine" in a merge. */
  me: string;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface AnnotationStore {
  load(project: Project, taskId: string): Promise<StoredExport | null>;
  /** `base` is what load() returned before the edits (null: there was no document). */
  save(project: Project, taskId: string, mine: TaskExport, base: StoredExport | null): Promise<SaveResult>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createAnnotationStore(options: AnnotationStoreOptions): AnnotationStore {
  const { s3, projects, me } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? defaultSleep;

  async function load(project: Project, taskId: string): Promise<StoredExport | null> {
    const key = annotationKey(project.targetPrefix, taskId);
    assertAccess(projects, { bucket: project.bucket, key }, 'read');
    const object = await readUnlessAbsent(s3, project.bucket, key, () =>
      s3.getText({ Bucket: project.bucket, Key: key }, { maxBytes: MAX_EXPORT_BYTES }),
    );
    return object && { doc: parseTaskExport(object.text, `annotation file ${key}`), etag: object.etag };
  }

  async function put(project: Project, key: string, doc: TaskExport, etag: string | null): Promise<string> {
    const out = await s3.putObject({
      Bucket: project.bucket,
      Key: key,
      Body: serializeTaskExport(doc),
      ContentType: 'application/json',
      ...(etag === null ? { IfNoneMatch: '*' } : { IfMatch: etag }),
      // Only when IT configured a key: a bucket without KMS (or the lab) refuses the header.
      ...(project.sseKmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: project.sseKmsKeyId } : {}),
    });
    return out.ETag ?? '';
  }

  async function save(
    project: Project,
    taskId: string,
    mine: TaskExport,
    base: StoredExport | null,
  ): Promise<SaveResult> {
    const key = annotationKey(project.targetPrefix, taskId);
    assertAccess(projects, { bucket: project.bucket, key }, 'write');
    let baseDoc = base?.doc ?? null;
    let expectedEtag = base?.etag ?? null;
    let toWrite = mine;
    let merged = false;
    const conflicts = new Map<number | string, AnnotationConflict>();
    const result = (doc: TaskExport, etag: string, attempts: number): SaveResult =>
      conflicts.size > 0
        ? { status: 'conflict', doc, etag, conflicts: [...conflicts.values()], attempts }
        : { status: 'saved', doc, etag, merged, attempts };

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        return result(toWrite, await put(project, key, toWrite, expectedEtag), attempt);
      } catch (error) {
        const changed =
          isWriteRace(error) ||
          // If-Match on a document someone removed: S3 answers 404.
          (error instanceof StorageError && error.code === 'STORAGE_NO_SUCH_KEY' && expectedEtag !== null);
        if (!changed) throw error;
      }
      const theirs = await load(project, taskId);
      const merge = mergeTaskExport(baseDoc, toWrite, theirs?.doc ?? null, me);
      for (const conflict of merge.conflicts) conflicts.set(conflict.annotationId, conflict);
      merged = true;
      log.info(
        `annotation ${project.bucket}/${key} changed meanwhile; merged (${merge.conflicts.length} conflict(s)), attempt ${attempt}`,
      );
      // Nothing of mine left to add: theirs already is the merged document.
      if (theirs && sameJson(merge.doc, theirs.doc)) return result(theirs.doc, theirs.etag, attempt);
      baseDoc = theirs?.doc ?? null;
      expectedEtag = theirs?.etag ?? null;
      toWrite = merge.doc;
      await sleep(20 + Math.random() * 80 * attempt);
    }
    throw new StorageError(
      'STORAGE_CONTENDED',
      `The annotations of task ${taskId} kept changing while saving (${maxAttempts} attempts). Your work is kept in the app; save again.`,
      { retryable: true },
    );
  }

  return { load, save };
}
