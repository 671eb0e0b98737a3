/** The sync domain: submits kept on this computer (the outbox) and their way to S3. */
import { z } from 'zod';
import { channel, NoRequest } from './define.ts';
import { IpcError } from './errors.ts';

export const SyncStatus = z.object({
  /** Submits and skips of the signed-in role kept on this computer, not yet in S3. */
  pending: z.number().int().nonnegative(),
  /** Which tasks they are ("waiting to sync" in the task list). */
  tasks: z.array(z.object({ projectId: z.string(), taskId: z.string() })),
  /** The last write could not reach S3: the app is working offline and retries by itself. */
  offline: z.boolean(),
  /** The session expired: sending waits for the next sign-in. */
  paused: z.boolean(),
  syncing: z.boolean(),
  /** ISO time of the last submit that reached S3 in this run. */
  lastSyncAt: z.string().nullable(),
  /** What the last failed write said, for people. */
  error: IpcError.nullable(),
  /** Tasks whose submit met a change made elsewhere: theirs was kept, mine is the task's draft. */
  conflicts: z.array(z.object({ projectId: z.string(), taskId: z.string() })),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** The offline prefetch: the task open and the next ones of its stream, kept on this computer with their media. */
export const PrefetchStatus = z.object({
  /** Tasks of the current run kept whole (task and every object it references). */
  ready: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  running: z.boolean(),
});
export type PrefetchStatus = z.infer<typeof PrefetchStatus>;

export const syncChannels = {
  'sync.status': channel({
    summary: 'How many submits wait on this computer, and whether the app is offline.',
    request: NoRequest,
    response: SyncStatus,
  }),
  'sync.now': channel({
    summary: 'Try to send the waiting submits now (a "retry now" button).',
    request: NoRequest,
    response: SyncStatus,
  }),
} as const;

export const syncEvents = {
  /** The outbox or the connection changed (a submit queued, sent, failed, the network back). */
  'sync.changed': SyncStatus,
  /** The prefetch kept one more task offline, started or ended ("12 of 20 tasks ready offline"). */
  'sync.prefetch': PrefetchStatus,
} as const;
