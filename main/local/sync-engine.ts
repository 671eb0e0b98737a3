/**
 * The sync engine: the one writer of queued annotations (outbox.ts) to S3. It flushes at start, after
 * each submit (kick), on a timer, and at once when a write succeeds after the network was down
 * (reconnect). A pass sends the due entries of the signed-in role, a few tasks at a time; one task's
 * entries go in queue order, each only after the previous one landed. A failed entry waits with
 * exponential backoff and jitter; failures of the session (expired or wrong credentials) pause the
 * engine until the next sign-in calls `resume`. Nothing is ever dropped: an entry leaves the outbox
 * only once S3 has it (or had it already: see annotation-writer.ts).
 */
import { createLogger } from '../log.ts';
import type { Outbox, OutboxEntry } from './outbox.ts';

const log = createLogger('sync');

/** What a write of one entry answered (annotation-writer.ts), opaque to the engine. */
export interface WriteResult {
  status: string;
}

export interface SyncHost<R extends WriteResult = WriteResult> {
  /** The signed-in role's key; null while signed out (entries wait, unread). */
  currentRole(): string | null;
  /**
   * Whose waiting work the window counts: the signed-in role, or the role whose session expired
   * (nothing goes out until it signs in again, but the work is still theirs, e.g. at sign-out).
   */
  ownerRole?(): string | null;
  /** Writes one entry to S3; throws what the storage layer threw. */
  write(entry: OutboxEntry): Promise<R>;
  /** The entry is in S3 (the projects service updates what it keeps of the task). */
  synced?(entry: OutboxEntry, result: R): void;
}

export type FailureKind = 'offline' | 'session' | 'other';

export interface SyncState {
  /** Entries of the signed-in role still on this computer only. */
  pending: number;
  /** [projectId, taskId] of those entries (the task list shows "waiting to sync"). */
  tasks: { projectId: string; taskId: string }[];
  /** The last write failed for want of a network (S3 unreachable, timeouts, throttling). */
  offline: boolean;
  /** Waiting for a sign-in (the credentials expired or were refused). */
  paused: boolean;
  syncing: boolean;
  /** ms since 1970 of the last entry that reached S3 in this run. */
  lastSyncAt: number | null;
  /** The last failure, as thrown (the IPC layer presents it). */
  lastError: unknown;
  /** Tasks whose last sent submit met a change made elsewhere (a true conflict), most recent last. */
  conflicts: { projectId: string; taskId: string }[];
}

/**
 * Tasks written at once. A write is one or two small requests whose time is the round trip to S3
 * (tens of ms across a VPN), not bandwidth: sixteen in flight send a backlog after a day offline
 * about ten times faster than one by one (test/bench/outbox.bench.ts), far below what S3 takes per
 * prefix, and within the 32 sockets per way of the HTTP layer.
 */
export const SYNC_CONCURRENCY = 16;

export interface SyncEngineOptions<R extends WriteResult> {
  outbox: Outbox;
  host: SyncHost<R>;
  /** Tasks written at once (default SYNC_CONCURRENCY). */
  concurrency?: number;
  /** How often due entries are retried when nothing else kicks (default 15 s). */
  periodMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Classifies a failure (default: by the error's code). */
  classify?: (error: unknown) => FailureKind;
  now?: () => number;
  random?: () => number;
  onChange?: (state: SyncState) => void;
}

export type Settled<R> = { status: 'synced'; result: R } | { status: 'failed'; error: unknown };

/** The listener hears of changes at most this often. */
const CHANGE_THROTTLE_MS = 100;

/** How many conflicting tasks the state names at most. */
const MAX_CONFLICTS = 20;

/** Synced entries removed in one transaction at most this many at a time (and at each pass's end). */
const SWEEP_BATCH = 64;

const OFFLINE_CODES = new Set([
  'STORAGE_OFFLINE',
  'STORAGE_TIMEOUT',
  'STORAGE_THROTTLED',
  'STORAGE_CONTENDED',
  'STORAGE_FAILED',
]);
const SESSION_CODES = new Set([
  'STORAGE_SESSION_EXPIRED',
  'STORAGE_BAD_CREDENTIALS',
  'STORAGE_CLOCK_SKEW',
  'CONFIG_NO_ORGANIZATION',
]);

export function classifyFailure(error: unknown): FailureKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return 'other';
  if (SESSION_CODES.has(code) || code.startsWith('AUTH_') || code.startsWith('SESSION_')) return 'session';
  if (OFFLINE_CODES.has(code)) return 'offline';
  return 'other';
}

export class SyncEngine<R extends WriteResult = WriteResult> {
  readonly #o: SyncEngineOptions<R>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #waiters = new Map<number, ((settled: Settled<R>) => void)[]>();
  /** Entries S3 has, not yet removed from the outbox (see #sweep). */
  readonly #synced = new Set<number>();
  #running: Promise<void> | null = null;
  #again = false;
  #force = false;
  #timer: NodeJS.Timeout | null = null;
  #disposed = false;
  #notify: NodeJS.Timeout | null = null;
  #state: Omit<SyncState, 'pending' | 'tasks'> = {
    offline: false,
    paused: false,
    syncing: false,
    lastSyncAt: null,
    lastError: null,
    conflicts: [],
  };

  constructor(options: SyncEngineOptions<R>) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  /** First flush (work queued in an earlier run goes out now). */
  start(): Promise<void> {
    return this.flush(true);
  }

  /** Sends what is due now; `force` also sends entries still in backoff (a submit, a reconnect). */
  flush(force = false): Promise<void> {
    if (this.#disposed) return Promise.resolve();
    this.#force ||= force;
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = null;
      this.#schedule();
    });
    return this.#running;
  }

  /** While the credentials refresh (or wait for the IdP): nothing is sent with a session about to change. */
  pause(): void {
    if (this.#state.paused) return;
    this.#state.paused = true;
    this.#changed();
  }

  /** After a sign-in: a paused engine sends everything again. */
  resume(): Promise<void> {
    this.#state.paused = false;
    return this.flush(true);
  }

  /** Waits until the entry's next attempt ended (or `timeoutMs` passed: null). */
  settled(seq: number, timeoutMs: number): Promise<Settled<R> | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const list = this.#waiters.get(seq);
        if (list)
          this.#waiters.set(
            seq,
            list.filter((w) => w !== waiter),
          );
        resolve(null);
      }, timeoutMs);
      timer.unref();
      const waiter = (settled: Settled<R>) => {
        clearTimeout(timer);
        resolve(settled);
      };
      this.#waiters.set(seq, [...(this.#waiters.get(seq) ?? []), waiter]);
    });
  }

  state(): SyncState {
    const role = this.#o.host.ownerRole?.() ?? this.#o.host.currentRole();
    const summary = role ? this.#summary(role) : [];
    return {
      ...this.#state,
      pending: summary.length,
      tasks: summary.map((s) => ({ projectId: s.projectId, taskId: s.taskId })),
    };
  }

  dispose(): void {
    this.#sweep();
    if (this.#notify) clearTimeout(this.#notify);
    this.#notify = null;
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #summary(role: string) {
    try {
      return this.#o.outbox.summary(role).filter((s) => !this.#synced.has(s.seq));
    } catch (error) {
      log.warn('could not read the outbox:', error);
      return [];
    }
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      const force = this.#force;
      this.#force = false;
      await this.#pass(force);
    } while (this.#again && !this.#disposed);
  }

  async #pass(force: boolean): Promise<void> {
    const role = this.#o.host.currentRole();
    if (!role || (this.#state.paused && !force)) return;
    let entries: OutboxEntry[];
    try {
      entries = await this.#o.outbox.pending(role);
    } catch (error) {
      log.warn('could not read the outbox:', error);
      this.#fail(error);
      return;
    }
    entries = entries.filter((e) => !this.#synced.has(e.seq));
    if (entries.length === 0) return;
    const now = this.#now();
    // One queue per task, in seq order; a task whose first entry is not due waits whole.
    const byTask = new Map<string, OutboxEntry[]>();
    for (const entry of entries) {
      const key = JSON.stringify([entry.projectId, entry.taskId]);
      byTask.set(key, [...(byTask.get(key) ?? []), entry]);
    }
    const queues = [...byTask.values()].filter((q) => force || q[0]!.nextAttemptAt <= now);
    if (queues.length === 0) return;
    this.#state.syncing = true;
    this.#changed();
    let stop = false;
    const worker = async () => {
      for (let queue = queues.shift(); queue && !stop; queue = queues.shift())
        for (const entry of queue) {
          const outcome = await this.#send(entry);
          if (outcome === 'session') stop = true;
          if (outcome !== 'synced') break;
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#o.concurrency ?? SYNC_CONCURRENCY) }, worker));
    this.#sweep();
    this.#state.syncing = false;
    this.#changed();
  }

  async #send(entry: OutboxEntry): Promise<'synced' | FailureKind> {
    let result: R;
    try {
      result = await this.#o.host.write(entry);
    } catch (error) {
      const kind = (this.#o.classify ?? classifyFailure)(error);
      const delay = this.#backoff(entry.attempts);
      try {
        this.#o.outbox.retryAt(entry.seq, this.#now() + delay, codeOf(error));
      } catch (stored) {
        log.warn('could not note a retry:', stored);
      }
      if (kind === 'session') this.#state.paused = true;
      if (kind === 'offline') this.#state.offline = true;
      log.warn(
        `entry ${entry.seq} of task ${entry.taskId}: ${codeOf(error)} (${kind}); next try in ${delay} ms`,
      );
      this.#fail(error);
      this.#settle(entry.seq, { status: 'failed', error });
      return kind;
    }
    // S3 has it: it leaves the outbox with the next sweep (a batch, one disk sync). A kill before
    // that only makes the next run send it again, which finds it in S3 and writes nothing.
    this.#synced.add(entry.seq);
    if (this.#synced.size >= SWEEP_BATCH) this.#sweep();
    const wasOffline = this.#state.offline;
    // A conflict is shown until that task's next submit goes out without one.
    const others = this.#state.conflicts.filter(
      (c) => c.projectId !== entry.projectId || c.taskId !== entry.taskId,
    );
    const conflicts =
      result.status === 'conflict'
        ? [...others, { projectId: entry.projectId, taskId: entry.taskId }].slice(-MAX_CONFLICTS)
        : others;
    this.#state = { ...this.#state, offline: false, lastSyncAt: this.#now(), lastError: null, conflicts };
    // Back online: everything in backoff goes now, not at its own retry time.
    if (wasOffline) {
      this.#again = true;
      this.#force = true;
    }
    try {
      this.#o.host.synced?.(entry, result);
    } catch (error) {
      log.warn('after a sync:', error);
    }
    this.#settle(entry.seq, { status: 'synced', result });
    this.#changed();
    return 'synced';
  }

  /** Exponential with "equal jitter": half fixed, half random, so many clients do not retry in step. */
  #backoff(attempts: number): number {
    const base = this.#o.backoffBaseMs ?? 1_000;
    const cap = Math.min(this.#o.backoffMaxMs ?? 60_000, base * 2 ** Math.min(attempts, 20));
    return Math.round(cap / 2 + (this.#random() * cap) / 2);
  }

  /** Removes the synced entries from the outbox in one transaction. */
  #sweep(): void {
    if (this.#synced.size === 0) return;
    const seqs = [...this.#synced];
    try {
      this.#o.outbox.done(seqs);
      for (const seq of seqs) this.#synced.delete(seq);
    } catch (error) {
      // Written but still queued (disk full?): kept in memory as sent; a later sweep tries again.
      log.warn('could not drop synced entries:', error);
    }
  }

  #fail(error: unknown): void {
    this.#state.lastError = error;
    this.#changed();
  }

  #settle(seq: number, settled: Settled<R>): void {
    const list = this.#waiters.get(seq);
    this.#waiters.delete(seq);
    for (const waiter of list ?? []) waiter(settled);
  }

  #schedule(): void {
    if (this.#disposed) return;
    if (this.#timer) clearTimeout(this.#timer);
    const role = this.#o.host.currentRole();
    const waiting = role ? this.#summary(role).length : 0;
    if (waiting === 0 && !this.#again) return;
    this.#timer = setTimeout(() => void this.flush(this.#again), this.#o.periodMs ?? 15_000);
    this.#timer.unref();
  }

  /** Tells the listener, at most every CHANGE_THROTTLE_MS (a flush of thousands is not thousands of events). */
  #changed(): void {
    if (!this.#o.onChange || this.#notify) return;
    this.#notify = setTimeout(() => {
      this.#notify = null;
      try {
        this.#o.onChange?.(this.state());
      } catch (error) {
        log.warn('a sync listener failed:', error);
      }
    }, CHANGE_THROTTLE_MS);
    this.#notify.unref();
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'UNKNOWN';
}
