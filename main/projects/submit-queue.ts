/**
 * How the projects service hands a submit on: `enqueue` keeps it (the durable queue commits it to the
 * local store's outbox and drops the draft in one transaction) and `send` asks for it to be written,
 * answering the first attempt's outcome, or null when it did not end within `waitMs` (the window then
 * shows "waiting to sync"; the sync engine keeps trying).
 */
import type { Outbox, OutboxEntry, OutboxInput } from '../local/outbox.ts';
import type { Settled, SyncEngine } from '../local/sync-engine.ts';
import type { WriteOutcome } from './annotation-writer.ts';

export interface SubmitQueue {
  /** False when a queued submit lasts for this run only (no local store). */
  readonly durable: boolean;
  enqueue(entry: OutboxInput): Promise<OutboxEntry>;
  send(entry: OutboxEntry, waitMs: number): Promise<Settled<WriteOutcome> | null>;
  /** The task's last submit not yet in S3 (the next one builds on it), or null. */
  lastQueued(roleKey: string, projectId: string, taskId: string): Promise<OutboxEntry | null>;
  /** Tasks of the role's project with a submit not yet in S3. */
  pendingTasks(roleKey: string, projectId: string): Set<string>;
}

export function durableSubmits(outbox: Outbox, engine: SyncEngine<WriteOutcome>): SubmitQueue {
  return {
    durable: true,
    enqueue: (entry) => outbox.queue(entry),
    send(entry, waitMs) {
      const settled = engine.settled(entry.seq, waitMs);
      void engine.flush(true);
      return settled;
    },
    async lastQueued(roleKey, projectId, taskId) {
      const waiting = outbox.summary(roleKey).some((s) => s.projectId === projectId && s.taskId === taskId);
      if (!waiting) return null;
      const entries = await outbox.pending(roleKey);
      return entries.filter((e) => e.projectId === projectId && e.taskId === taskId).at(-1) ?? null;
    },
    pendingTasks(roleKey, projectId) {
      return new Set(
        outbox
          .summary(roleKey)
          .filter((s) => s.projectId === projectId)
          .map((s) => s.taskId),
      );
    },
  };
}

/** Without a local store: the submit is written at once (as before the outbox), nothing is kept. */
export function directSubmits(
  write: (entry: OutboxEntry) => Promise<WriteOutcome>,
  now = Date.now,
): SubmitQueue {
  let seq = 0;
  return {
    durable: false,
    enqueue: async (entry) => ({
      ...entry,
      seq: ++seq,
      queuedAt: now(),
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
    }),
    async send(entry) {
      // The error goes to the window as before: nothing else would retry it.
      return { status: 'synced', result: await write(entry) };
    },
    lastQueued: async () => null,
    pendingTasks: () => new Set(),
  };
}
