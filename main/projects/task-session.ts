/**
 * The tasks the window has open: which task, what was stored when it was opened, the lease held on it
 * (short, renewed while the task is open, so a crashed app blocks colleagues only briefly) and the
 * submits in flight (one at a time per task, so a double click cannot write twice).
 */
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
  claim: { etag: string; slot: number } | null;
  renew: NodeJS.Timeout | null;
}

export class TaskSessions {
  readonly #open = new Map<string, OpenTask>();
  readonly #leaseMs: number;

  constructor(options: { leaseMs: number }) {
    this.#leaseMs = options.leaseMs;
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
        return { held: { etag: claimed.etag, slot }, expiresAt: claimed.lease.expiresAt, holder: null };
      holder = { holder: claimed.holder, expiresAt: claimed.expiresAt };
    }
    return { held: null, expiresAt: holder?.expiresAt, holder: holder?.holder ?? null };
  }

  remember(services: ProjectServices, opened: Omit<OpenTask, 'renew' | 'pendingId' | 'saving'>): OpenTask {
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
      // A submit queued before the re-open keeps its place, and its id.
      pendingId: previous?.pendingId ?? null,
      saving: previous?.saving ?? Promise.resolve(),
    };
    if (entry.claim) entry.renew = this.#renewEvery(services, entry);
    this.#open.set(key, entry);
    return entry;
  }

  #renewEvery(services: ProjectServices, entry: OpenTask): NodeJS.Timeout {
    const taskId = entry.task.taskId;
    return setInterval(() => {
      if (!entry.claim) return;
      const slot = entry.claim.slot;
      void services.claims
        .claim(services.project, taskId, slot)
        .then((r) => {
          if (r.status !== 'claimed') return;
          if (entry.claim) entry.claim = { etag: r.etag, slot };
          // Released while this renewal was in flight: give back what it just took.
          else void services.claims.release(services.project, taskId, { etag: r.etag }, slot);
        })
        .catch((error: unknown) => log.warn('could not renew a claim:', error));
    }, this.#leaseMs / LEASE_RENEW_FRACTION).unref();
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
