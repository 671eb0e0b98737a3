/**
 * The outbox: submits and skips that are on this computer but maybe not yet in S3. `queue` answers
 * only after its transaction committed (WAL, synchronous=FULL), and the same transaction drops the
 * task's draft, so after a kill -9 the work is in exactly one place: the draft or the outbox.
 *
 * The annotation's id is fixed when queued and stored with the entry: the sync engine (the one writer)
 * may send an entry any number of times after an unknown outcome, and the merge replaces by id, so
 * S3 never gets a second annotation. Rows hold ids, times and an error code; the content is sealed
 * with the role's key (AAD: kind `outbox`, the row's seq), like drafts.
 */
import { z } from 'zod';
import type { LocalDatabase } from './database.ts';
import { input, openRecord, scopeKeyOf } from './drafts.ts';
import { LocalStoreError, localErrors } from './local-store-error.ts';
import { roleDigest } from './sealed.ts';
import type { Sealer } from './sealed.ts';

const annotationIdSchema = z.union([z.string().min(1).max(200), z.number().int()]);

const annotationSchema = z.record(z.string(), z.unknown());
const payloadSchema = z.object({
  /** The Label Studio annotation to write, whole (its id, result, times, lead time), as made when queued. */
  annotation: annotationSchema,
  /** My annotation as the window last saw it (null: none): a change to it elsewhere is a conflict. */
  baseOwn: annotationSchema.nullable(),
  /** The task had no annotation file when queued: the write tries to create it, no read first. */
  fresh: z.boolean().optional(),
  /** The task as read (ParsedTask): the export starts from it when the task has no annotation file yet. */
  task: z.object({
    taskId: z.string().min(1),
    sourceKey: z.string().min(1),
    index: z.number().int().nonnegative().optional(),
    lsId: z.union([z.number(), z.string()]).optional(),
    data: z.record(z.string(), z.unknown()),
    extra: z.record(z.string(), z.unknown()),
  }),
});
export type OutboxPayload = z.infer<typeof payloadSchema>;

export interface OutboxInput {
  roleKey: string;
  projectId: string;
  taskId: string;
  annotationId: number | string;
  payload: OutboxPayload;
}

export interface OutboxEntry extends OutboxInput {
  seq: number;
  /** ms since 1970 when queued: also the annotation's updated_at, which marks "this entry landed". */
  queuedAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

/** What the list and the banner need, without opening any sealed blob. */
export interface OutboxSummary {
  seq: number;
  projectId: string;
  taskId: string;
  attempts: number;
  lastError: string | null;
}

export interface Outbox {
  /** Commits the entry and drops the task's draft in one transaction; resolves after COMMIT. */
  queue(entry: OutboxInput): Promise<OutboxEntry>;
  /** The role's entries in queue order, opened (entries sealed with a key that is gone are left out). */
  pending(roleKey: string): Promise<OutboxEntry[]>;
  summary(roleKey: string): OutboxSummary[];
  /** These entries reached S3 (one transaction: one disk sync for many). */
  done(seqs: readonly number[]): void;
  /** Another try later; `error` is a code only. */
  retryAt(seq: number, nextAttemptAt: number, error: string): void;
}

export interface OutboxOptions {
  db: LocalDatabase;
  sealer: Sealer;
  now?: () => number;
}

const nonEmpty = z.string().min(1).max(4_096);
const inputSchema = z.object({
  roleKey: nonEmpty,
  projectId: nonEmpty,
  taskId: nonEmpty,
  annotationId: annotationIdSchema,
  payload: payloadSchema,
});
const storedPayload = payloadSchema.extend({ v: z.literal(1), annotationId: annotationIdSchema });

interface Row {
  seq: number;
  project_id: string;
  task_id: string;
  annotation_id: string;
  key_id: string;
  sealed: Uint8Array;
  queued_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { db: local, sealer } = options;
  const now = options.now ?? Date.now;
  const statements = local.guard(() => ({
    nextSeq: local.db.prepare(
      "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) + 1 AS seq",
    ),
    insert: local.db.prepare(
      `INSERT INTO outbox (seq, role_key, project_id, task_id, annotation_id, key_id, sealed, queued_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    dropDraft: local.db.prepare('DELETE FROM drafts WHERE scope_key = ?'),
    pending: local.db.prepare('SELECT * FROM outbox WHERE role_key = ? ORDER BY seq'),
    summary: local.db.prepare(
      'SELECT seq, project_id, task_id, attempts, last_error FROM outbox WHERE role_key = ? ORDER BY seq',
    ),
    done: local.db.prepare('DELETE FROM outbox WHERE seq = ?'),
    retry: local.db.prepare(
      'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ?',
    ),
  }));

  return {
    async queue(entry) {
      const e = input(inputSchema, entry, 'entry');
      const seal = await sealFor(e.roleKey);
      const queuedAt = now();
      try {
        return commit();
      } catch (error) {
        if (error instanceof LocalStoreError && error.code === 'LOCAL_DISK_FULL')
          throw localErrors.submitDiskFull(local.folder, error.detail);
        throw error;
      }
      function commit() {
        return local.transaction((): OutboxEntry => {
          // The seq is known before the insert (BEGIN IMMEDIATE holds the write lock): it is sealed into the AAD.
          const seq = (statements.nextSeq.get() as { seq: number }).seq;
          const plaintext = { v: 1, annotationId: e.annotationId, ...e.payload };
          const sealed = seal.seal('outbox', String(seq), Buffer.from(JSON.stringify(plaintext), 'utf8'));
          statements.insert.run(
            seq,
            roleDigest(e.roleKey),
            e.projectId,
            e.taskId,
            JSON.stringify(e.annotationId),
            seal.keyId,
            sealed,
            queuedAt,
          );
          statements.dropDraft.run(scopeKeyOf(e));
          return { ...e, seq, queuedAt, attempts: 0, nextAttemptAt: 0, lastError: null };
        });
      }
    },

    async pending(roleKey) {
      const role = input(nonEmpty, roleKey, 'roleKey');
      const seal = await sealFor(role);
      const rows = local.guard(() => statements.pending.all(roleDigest(role))) as unknown as Row[];
      const entries: OutboxEntry[] = [];
      for (const row of rows) {
        // A row of a key the keychain lost cannot be opened; it is kept (never wiped silently).
        if (row.key_id !== seal.keyId) continue;
        const subject = `A submit of task ${row.task_id} waiting on this computer`;
        const {
          v: _v,
          annotationId,
          ...payload
        } = openRecord(seal, 'outbox', String(row.seq), row.key_id, row.sealed, storedPayload, subject);
        entries.push({
          roleKey: role,
          projectId: row.project_id,
          taskId: row.task_id,
          annotationId,
          payload,
          seq: row.seq,
          queuedAt: row.queued_at,
          attempts: row.attempts,
          nextAttemptAt: row.next_attempt_at,
          lastError: row.last_error,
        });
      }
      return entries;
    },

    summary(roleKey) {
      const rows = local.guard(() => statements.summary.all(roleDigest(roleKey))) as unknown as Row[];
      return rows.map((r) => ({
        seq: r.seq,
        projectId: r.project_id,
        taskId: r.task_id,
        attempts: r.attempts,
        lastError: r.last_error,
      }));
    },

    done(seqs) {
      if (seqs.length === 0) return;
      local.transaction(() => {
        for (const seq of seqs) statements.done.run(seq);
      });
    },

    retryAt(seq, nextAttemptAt, error) {
      local.transaction(() => statements.retry.run(nextAttemptAt, error.slice(0, 64), seq));
    },
  };

  function sealFor(roleKey: string) {
    return sealer.forRole(roleKey);
  }
}
