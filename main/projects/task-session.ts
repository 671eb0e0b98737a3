/**
 * The tasks the window has open: which task, what was stored when it was opened, the lease held on it
 * (short, renewed while the task is open, so a crashed app blocks colleagues only briefly) and the
 * submits in flight (one at a time per task, so a double click cannot write twice).
 */
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import type { StoredExport } from '../storage/index.ts';
import type { ParsedTask } from '../tasks/index.ts';
import type { ProjectServices } from './project-services.ts';
import type { TaskStateName } from '../../preload/contract.ts';

const log = createLogger('projects');

/** How often a held lease is renewed: a third of its length, so two renewals can fail before it lapses. */
export const LEASE_RENEW_FRACTION = 3;

export interface OpenTask {
  projectId: string;
  task: ParsedTask;
  state: TaskStateName;
  stored: StoredExport | null;
  /** False when the task was opened to look only (someone else holds it, a reviewer, tools missing). */
  editable: boolean;
  /** The id a new annotation of this task gets, fixed at its first submit (retries reuse it). */
  pendingId: number | null;
  /** Submits of one task run one after the other. */
  saving: Promise<unknown>;
  /** The lease held: its version, slot, and until when S3 knows it as ours. */
  claim: { etag: string; slot: number; expiresAt?: string } | null;
  renew: NodeJS.Timeout | null;
  /** Someone else took the lease (this app could not renew it in time): who, until taken again. */
  leaseLostTo: string | null;
  /** The last renewals failed past the lease's end (offline, asleep): others may take the task now. */
  lapsed?: boolean;
  /** Submitted from this opening (no conflict): drafts of it are no longer kept. */
  submitted?: boolean;
}

/** What the window is told about the lease of an open task when it changes on its own. */
export interface LeaseChange {
  projectId: string;
  taskId: string;
  /** held: renewed again; lapsed: could not be renewed in time (offline); lost: someone else took it. */
  lease: 'held' | 'lapsed' | 'lost';
  holder: string | null;
}

export class TaskSessions {
  readonly #open = new Map<string, OpenTask>();
  readonly #renewals = new WeakMap<OpenTask, () => Promise<void>>();
  readonly #leaseMs: number;
  readonly #onLease: (change: LeaseChange) => void;
  readonly #now: () => number;

  constructor(options: { leaseMs: number; onLease?: (change: LeaseChange) => void; now?: () => number }) {
    this.#leaseMs = options.leaseMs;
    this.#onLease = options.onLease ?? (() => undefined);
    this.#now = options.now ?? Date.now;
  }

  #tell(entry: OpenTask, lease: LeaseChange['lease'], holder: string | null = null): void {
    this.#onLease({ projectId: entry.projectId, taskId: entry.task.taskId, lease, holder });
  }

  static key(projectId: string, taskId: string): string {
    return `${projectId}\u0000${taskId}`;
  }

  get(projectId: string, taskId: string): OpenTask | undefined {
    return this.#open.get(TaskSessions.key(projectId, taskId));
  }

  /** Takes the first free lease slot (one per annotation the project wants); null when all are held. */
  async claim(services: ProjectServices, taskId: string) {
    let holder: { holder: string; expiresAt: string } | null = null;
    for (let slot = 0; slot < services.project.overlap; slot++) {
      const claimed = await services.claims.claim(services.project, taskId, slot);
      if (claimed.status === 'claimed')
        return {
          held: { etag: claimed.etag, slot, expiresAt: claimed.lease.expiresAt },
          expiresAt: claimed.lease.expiresAt,
          holder: null,
        };
      holder = { holder: claimed.holder, expiresAt: claimed.expiresAt };
    }
    return { held: null, expiresAt: holder?.expiresAt, holder: holder?.holder ?? null };
  }

  remember(
    services: ProjectServices,
    opened: Omit<OpenTask, 'renew' | 'pendingId' | 'saving' | 'leaseLostTo'>,
  ): OpenTask {
    const key = TaskSessions.key(opened.projectId, opened.task.taskId);
    const previous = this.#open.get(key);
    if (previous?.renew) clearInterval(previous.renew);
    // Opened again while still holding a lease of another slot: give that one back.
    if (previous?.claim && previous.claim.slot !== opened.claim?.slot) {
      void services.claims
        .release(services.project, opened.task.taskId, { etag: previous.claim.etag }, previous.claim.slot)
        .catch(() => undefined);
    }
    const entry: OpenTask = {
      ...opened,
      renew: null,
      leaseLostTo: null,
      // A submit queued before the re-open keeps its place, and its id.
      pendingId: previous?.pendingId ?? null,
      saving: previous?.saving ?? Promise.resolve(),
    };
    if (entry.claim) entry.renew = this.#renewEvery(services, entry);
    // Opened again with the lease held: a lapse or loss said about an earlier opening is over.
    if (entry.claim && (previous?.lapsed || previous?.leaseLostTo)) this.#tell(entry, 'held');
    this.#open.set(key, entry);
    return entry;
  }

  #renewEvery(services: ProjectServices, entry: OpenTask): NodeJS.Timeout {
    this.#renewals.set(entry, () => this.#renew(services, entry));
    return setInterval(() => void this.#renew(services, entry), this.#leaseMs / LEASE_RENEW_FRACTION).unref();
  }

  /** One renewal of an entry's lease (its timer's tick, or renewAll after the computer woke up). */
  async #renew(services: ProjectServices, entry: OpenTask): Promise<void> {
    if (!entry.claim) return;
    const taskId = entry.task.taskId;
    const slot = entry.claim.slot;
    try {
      const r = await services.claims.claim(services.project, taskId, slot);
      if (r.status !== 'claimed') {
        // Taken over after our lease lapsed (a sleep, a long outage): said at the next submit.
        if (entry.claim) {
          log.warn(`the lease on ${taskId} was taken by ${r.holder}`);
          entry.claim = null;
          entry.leaseLostTo = r.holder;
          entry.lapsed = false;
          if (entry.renew) clearInterval(entry.renew);
          entry.renew = null;
          this.#tell(entry, 'lost', r.holder);
        }
        return;
      }
      if (entry.claim) {
        entry.claim = { etag: r.etag, slot, expiresAt: r.lease.expiresAt };
        if (entry.lapsed) {
          entry.lapsed = false;
          this.#tell(entry, 'held');
        }
      }
      // Released while this renewal was in flight: give back what it just took.
      else void services.claims.release(services.project, taskId, { etag: r.etag }, slot);
    } catch (error) {
      log.warn('could not renew a claim:', error);
      // Offline past the lease's end: the work goes on here, but a colleague may now take the task.
      const until = entry.claim?.expiresAt ? Date.parse(entry.claim.expiresAt) : NaN;
      if (entry.claim && !entry.lapsed && this.#now() >= until) {
        entry.lapsed = true;
        this.#tell(entry, 'lapsed');
      }
    }
  }

  /** Renews every held lease now (the computer woke up: the timers may have slept past their time). */
  async renewAll(): Promise<void> {
    await Promise.all([...this.#open.values()].map((entry) => this.#renewals.get(entry)?.()));
  }

  /**
   * Before a submit: a lease lost to someone else is claimed again when it is free once more;
   * otherwise the submit is refused (the work stays in the draft) instead of exceeding the overlap.
   */
  async reclaimIfLost(services: ProjectServices, opened: OpenTask): Promise<void> {
    if (opened.leaseLostTo === null) return;
    const taken = await this.claim(services, opened.task.taskId);
    if (!taken.held)
      throw new AppError(
        'TASK_LEASE_LOST',
        `${taken.holder ?? opened.leaseLostTo} took this task while your app could not renew its hold on it (asleep or offline). Your work is kept as a draft on this computer; nothing was submitted.`,
      );
    opened.claim = taken.held;
    opened.leaseLostTo = null;
    opened.renew = this.#renewEvery(services, opened);
    this.#tell(opened, 'held');
  }

  async release(services: ProjectServices, taskId: string): Promise<boolean> {
    const opened = this.#open.get(TaskSessions.key(services.project.id, taskId));
    if (!opened?.claim) return false;
    if (opened.renew) clearInterval(opened.renew);
    opened.renew = null;
    const claim = opened.claim;
    opened.claim = null;
    return services.claims.release(services.project, taskId, { etag: claim.etag }, claim.slot);
  }

  /** Every task holding a lease, as [projectId, taskId]. */
  held(): [string, string][] {
    return [...this.#open.values()].filter((o) => o.claim).map((o) => [o.projectId, o.task.taskId]);
  }

  /** Stops every renewal and forgets every open task (the leases lapse on their own). */
  clear(): void {
    for (const opened of this.#open.values()) if (opened.renew) clearInterval(opened.renew);
    this.#open.clear();
  }
}
