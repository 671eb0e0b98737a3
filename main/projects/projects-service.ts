/**
 * The current role's projects as the window sees them: a thin facade over the jobs it joins: role
 * context and per-project services (project-services.ts), listing (task-sync.ts), the list's pages
 * (task-list.ts), the stream (task-stream.ts), opening a task (task-opening.ts), open tasks and their
 * leases (task-session.ts), the task view (task-view.ts), the annotator's own annotation
 * (own-annotation.ts) and drafts (the local store, through DraftsPort). Credentials never leave main.
 */
import type { OpenedTask, SyncProgress, TaskListFilter } from '../../preload/contract.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import type { MediaPort } from '../media/media-service.ts';
import type { Prefetcher } from '../media/prefetch.ts';
import type { StorageS3 } from '../storage/index.ts';
import { LEASE_DEFAULT_MS, newAnnotationId, parseS3Uri, type ParsedTask } from '../tasks/index.ts';
import type { DraftsPort, DraftScope } from './drafts-port.ts';
import type { OutboxEntry } from '../local/outbox.ts';
import { writeQueuedAnnotation, type WriteOutcome } from './annotation-writer.ts';
import { conflictViews, queuedSubmit } from './queued-submit.ts';
import { OfflineProjects } from './offline-projects.ts';
import { directSubmits, type SubmitQueue } from './submit-queue.ts';
import { RoleContexts, type SessionPort } from './project-services.ts';
import { assertReadable, MAX_LEAD_TIME_SECONDS } from './submit-limits.ts';
import { TaskFiles } from './task-files.ts';
import { taskListPage } from './task-list.ts';
import { openTask } from './task-opening.ts';
import { nextTask } from './task-stream.ts';
import { TaskSessions, type LeaseChange } from './task-session.ts';
import { TaskSync } from './task-sync.ts';

const log = createLogger('projects');
/** A submit's first write normally ends in well under a second; a stalled S3 ends in its timeout. */
const SUBMIT_WAIT_MS = 8_000;

export interface ProjectsServiceOptions {
  session: SessionPort;
  /** Where the per-project task indexes live (the app's data folder). */
  indexDir: string;
  drafts: DraftsPort;
  /** Where submits go (the outbox and its sync engine); default: written at once, nothing kept. */
  submits?: SubmitQueue;
  /** How long a submit waits for its first write before answering "waiting to sync" (default 8 s). */
  submitWaitMs?: number;
  emitProgress(progress: SyncProgress): void;
  /** Media through main and the offline cache (main/media): `/media/` URLs, task files kept offline. */
  media?: MediaPort;
  /** Keeps the open task and the next `prefetchSize` of its stream offline, in the background. */
  prefetch?: Prefetcher;
  prefetchSize?: number;
  /** An open task's lease changed on its own (lapsed offline, taken by someone, held again). */
  emitLease?: (change: LeaseChange) => void;
  now?: () => Date;
  leaseMs?: number;
  /** IT's policy (PresignTtlSeconds): every presigned URL's lifetime, over each project's own. */
  presignTtlSeconds?: number;
}

export class ProjectsService {
  readonly #o: ProjectsServiceOptions;
  readonly #now: () => Date;
  readonly #contexts: RoleContexts;
  readonly #sync: TaskSync;
  readonly #sessions: TaskSessions;
  readonly #submits: SubmitQueue;
  /** The last queued submit per open task (TaskSessions.key): only its sync updates the task's view. */
  readonly #lastQueued = new Map<string, number>();
  /** The last task files read, by key: "next task" in a big JSONL file must not fetch it again. */
  readonly #files: TaskFiles;
  /** Offline listing and the prefetch (offline-projects.ts). */
  readonly #offline: OfflineProjects;

  constructor(options: ProjectsServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#files = new TaskFiles(options.media);
    this.#offline = new OfflineProjects({
      files: this.#files,
      emitProgress: options.emitProgress,
      media: options.media,
      prefetch: options.prefetch,
      prefetchSize: options.prefetchSize,
    });
    this.#contexts = new RoleContexts({
      session: options.session,
      indexDir: options.indexDir,
      now: this.#now,
      ...(options.presignTtlSeconds !== undefined ? { presignTtlSeconds: options.presignTtlSeconds } : {}),
    });
    // After a listing, small projects' task files are read: the window then reads its pages again.
    this.#sync = new TaskSync(options.emitProgress, (services) => this.#offline.expand(services));
    this.#sessions = new TaskSessions({
      leaseMs: options.leaseMs ?? LEASE_DEFAULT_MS,
      now: () => this.#now().getTime(),
      ...(options.emitLease ? { onLease: options.emitLease } : {}),
    });
    this.#submits = options.submits ?? directSubmits((entry) => this.writeQueued(entry));
  }

  /** Workspaces and projects; a project whose config needs tools this version lacks is view only. */
  async workspaces() {
    const { organization } = this.#o.session;
    if (!organization) return [];
    const context = this.#contexts.current();
    const byId = new Map(context.projects.map((p) => [p.id, p]));
    const views = await Promise.all(
      context.projects.map(async (p) => {
        try {
          const config = await this.#files.config(this.#contexts.services(p.id));
          return [p.id, { viewOnlyTags: config.readOnlyTags }] as const;
        } catch (error) {
          log.warn(`could not read the labeling config of ${p.id}:`, error);
          return [p.id, { viewOnlyTags: [] as string[] }] as const;
        }
      }),
    );
    const extra = new Map(views);
    return organization.workspaces
      .map((w) => ({
        id: w.id,
        name: w.name,
        projects: w.projects
          .filter((p) => byId.has(p.id))
          .map((p) => ({
            id: p.id,
            name: p.name,
            importMode: p.importMode,
            overlap: p.overlap,
            viewOnlyTags: extra.get(p.id)?.viewOnlyTags ?? [],
          })),
      }))
      .filter((w) => w.projects.length > 0);
  }

  sync(projectId: string, full = false): Promise<SyncProgress> {
    const context = this.#contexts.current();
    return this.#sync
      .sync(this.#contexts.services(projectId), context.projects, full)
      .catch((error: unknown) => {
        this.#offline.listingFailed(error, () => this.#contexts.services(projectId));
        throw error;
      });
  }

  /** A page of task rows (one per task of a multi-task file once read), filtered by state or id. */
  async page(projectId: string, offset: number, limit: number, filter?: TaskListFilter) {
    const services = this.#contexts.services(projectId);
    const input = {
      services,
      rows: this.#files.catalog(projectId).rows(services.index),
      drafts: await this.#draftIds(projectId),
      waiting: this.#waitingIds(projectId),
      syncing: this.#sync.isRunning(services),
    };
    return taskListPage(input, offset, limit, filter);
  }

  async open(projectId: string, key: string, index = 0): Promise<OpenedTask> {
    const deps = {
      context: this.#contexts.current(),
      services: this.#contexts.services(projectId),
      files: this.#files,
      submits: this.#submits,
      sessions: this.#sessions,
      drafts: this.#o.drafts,
      scope: (taskId: string) => this.#scope(projectId, taskId),
      ...(this.#o.media ? { media: this.#o.media } : {}),
    };
    const opened = await openTask(deps, projectId, key, index);
    this.#offline.prefetchFrom(deps.context.key, deps.services, { key, index: opened.taskIndex });
    return opened;
  }

  /** The next task to label after `after` (or from the start): open, not claimed by others; opened. */
  next(projectId: string, after?: { key: string; index: number }): Promise<OpenedTask | null> {
    const services = this.#contexts.services(projectId);
    const open = (key: string, index: number) => this.open(projectId, key, index);
    return nextTask({ services, files: this.#files, open }, after);
  }

  async saveDraft(
    projectId: string,
    taskId: string,
    draft: { rev: number; result: Record<string, unknown>[]; leadTimeSeconds: number },
  ): Promise<{ rev: number; savedAt: string; stale: boolean }> {
    const opened = this.#sessions.get(projectId, taskId);
    if (!opened)
      throw new AppError('TASK_NOT_OPEN', 'Open the task again: it was closed, so this change was not kept.');
    assertReadable(draft.result);
    assertEditable(opened);
    if (opened.submitted)
      throw new AppError(
        'TASK_ALREADY_SUBMITTED',
        'This task was submitted, so this change was not kept as a draft. Open the task again to change your annotation.',
      );
    return this.#o.drafts.save(this.#scope(projectId, taskId), {
      rev: draft.rev,
      result: draft.result,
      leadTimeSeconds: Math.min(draft.leadTimeSeconds, MAX_LEAD_TIME_SECONDS),
      taskKey: opened.task.sourceKey,
      taskIndex: opened.task.index ?? 0,
    });
  }

  async discardDraft(projectId: string, taskId: string): Promise<void> {
    await this.#o.drafts.discard(this.#scope(projectId, taskId));
  }

  /**
   * Submit, update, or skip (`wasCancelled`): validated, then committed to this computer's outbox with
   * the annotation's id fixed (the draft leaves in the same transaction), then sent by the sync engine.
   * Answers once the first attempt ended (bounded): `synced` false means "waiting to sync", and the
   * engine keeps trying. Submits of one task run one at a time; a retry reuses the id, so a double
   * click or an unknown outcome cannot create two annotations.
   */
  async submit(
    projectId: string,
    taskId: string,
    input: { result: Record<string, unknown>[]; wasCancelled: boolean; leadTimeSeconds: number },
  ) {
    const context = this.#contexts.current();
    const opened = this.#sessions.get(projectId, taskId);
    if (!opened) throw new AppError('TASK_NOT_OPEN', 'Open the task again before submitting: it was closed.');
    assertReadable(input.result);
    assertEditable(opened);
    const run = opened.saving.then(async () => {
      const services = this.#contexts.services(projectId);
      // A lease lost while the laptop slept is taken again if it is free; else nothing is written.
      await this.#sessions.reclaimIfLost(services, opened);
      const now = this.#now();
      opened.pendingId ??= newAnnotationId(now.getTime());
      const {
        entry: queued,
        doc,
        annotationId,
      } = queuedSubmit({
        roleKey: context.key,
        me: context.me,
        projectId,
        opened,
        input,
        before: await this.#submits.lastQueued(context.key, projectId, taskId),
        now,
        newId: opened.pendingId,
      });
      const entry = await this.#submits.enqueue(queued);
      // Committed: the outbox holds the work and the draft is gone, so a draft save still on its way
      // must not bring one back. (Without a local store only a write that went through counts.)
      opened.submitted = this.#submits.durable;
      // What the next submit of this task starts from, until S3 answers with its own copy.
      opened.stored = { doc, etag: opened.stored?.etag ?? '' };
      this.#lastQueued.set(TaskSessions.key(projectId, taskId), entry.seq);
      if (this.#submits.durable)
        services.target.note(taskId, input.wasCancelled ? 'skipped-by-me' : 'done-by-me');
      // Without a local store the write's error reaches the window (nothing would retry it).
      const settled = await this.#submits.send(entry, this.#o.submitWaitMs ?? SUBMIT_WAIT_MS);
      const written = settled?.status === 'synced' ? settled.result : null;
      if (written) this.synced(entry, written);
      // The durable queue dropped the draft when it committed the entry; otherwise S3 has it now.
      if (!this.#submits.durable)
        await this.#o.drafts
          .discard(this.#scope(projectId, taskId))
          .catch((error: unknown) => log.warn('could not drop a submitted draft:', error));
      await this.release(projectId, taskId).catch((error: unknown) =>
        log.warn('could not release the claim:', error),
      );
      // After a conflict the window stays on the task, and its drafts are wanted again.
      opened.submitted = written?.status !== 'conflict';
      return {
        annotationId,
        queued: true as const,
        synced: written !== null,
        conflicts: conflictViews(written, context.me),
      };
    });
    opened.saving = run.catch(() => undefined);
    return run;
  }

  /** The project's S3 client of the signed-in role (the media route reads through it). */
  storageFor(projectId: string): StorageS3 {
    return this.#contexts.services(projectId).s3;
  }

  /** The signed-in role's key, or null (signed out, no credentials): the sync engine waits. */
  currentRoleKey(): string | null {
    try {
      return this.#contexts.current().key;
    } catch {
      return null;
    }
  }

  /** The signed-in role's key, or the last one built while its session has expired (its work waits). */
  ownerRoleKey(): string | null {
    return this.currentRoleKey() ?? this.#contexts.peek()?.key ?? null;
  }

  /** The sync engine's write of one queued submit (only the role that queued it may send it). */
  async writeQueued(entry: OutboxEntry): Promise<WriteOutcome> {
    const context = this.#contexts.current();
    if (context.key !== entry.roleKey)
      throw new AppError('SESSION_OTHER_ROLE', 'This work waits for the role it was done with to sign in.');
    const services = this.#contexts.services(entry.projectId);
    return writeQueuedAnnotation(
      { project: services.project, annotations: services.annotations, me: context.me },
      entry,
    );
  }

  /** A queued submit reached S3: the open task and the list learn what S3 now holds. */
  synced(entry: OutboxEntry, written: WriteOutcome): void {
    const context = this.#contexts.peek();
    if (context?.key !== entry.roleKey) return;
    const opened = this.#sessions.get(entry.projectId, entry.taskId);
    // A later submit of the task still queued keeps the window's view (S3's copy lacks it yet).
    const latest = this.#lastQueued.get(TaskSessions.key(entry.projectId, entry.taskId));
    if (opened && (latest === undefined || latest === entry.seq))
      opened.stored = { doc: written.doc, etag: written.etag };
    const skipped = (entry.payload.annotation as { was_cancelled?: unknown }).was_cancelled === true;
    context.services
      .get(entry.projectId)
      ?.target.note(entry.taskId, skipped ? 'skipped-by-me' : 'done-by-me');
    // A true conflict kept their version in S3: mine stays on this computer as the task's draft, so
    // it is not lost even when the window was no longer waiting for this submit's answer.
    if (written.status === 'conflict') {
      const own = entry.payload.annotation as { result?: unknown[]; lead_time?: number };
      void this.#o.drafts
        .save(
          { roleKey: entry.roleKey, projectId: entry.projectId, taskId: entry.taskId },
          {
            rev: this.#now().getTime(),
            result: own.result ?? [],
            leadTimeSeconds: 0,
            taskKey: entry.payload.task.sourceKey,
            taskIndex: entry.payload.task.index ?? 0,
          },
        )
        .catch((error: unknown) => log.warn('could not keep a conflicting submit as a draft:', error));
    }
  }

  /** A fresh URL for media of an open task: checked against the scope, re-signed (after a 403 too). */
  async presign(projectId: string, uri: string): Promise<{ url: string; expiresAt: string }> {
    const services = this.#contexts.services(projectId);
    const ref = parseS3Uri(uri);
    const fresh = await services.presigner.recover({ bucket: ref.bucket, key: ref.key });
    return { url: fresh.url, expiresAt: fresh.expiresAt.toISOString() };
  }

  async release(projectId: string, taskId: string): Promise<boolean> {
    return this.#sessions.release(this.#contexts.services(projectId), taskId);
  }

  /** The task the annotator had open (a reload or restart returns to it). */
  async lastOpen(): Promise<{ projectId: string; key: string; index: number } | null> {
    const context = this.#contexts.current();
    const last = await this.#o.drafts.lastOpen(context.key);
    if (!last || !context.projects.some((p) => p.id === last.projectId)) return null;
    return last;
  }

  /** The annotator closed the task on purpose: a reload does not return to it. */
  async closed(projectId: string, taskId: string): Promise<boolean> {
    const context = this.#contexts.current();
    await this.#o.drafts.setLastOpen(context.key, null);
    return this.release(projectId, taskId);
  }

  /**
   * Sign-out: the leases this app holds are given back after the session's credentials are wiped, with
   * a copy kept in memory for that alone. Call before signOut; await the returned function after it.
   */
  detachLeases(): (timeoutMs?: number) => Promise<void> {
    if (this.#sessions.held().length === 0 || !this.#contexts.freeze()) return async () => undefined;
    return (timeoutMs) => this.releaseAll(timeoutMs);
  }

  /** Renews the held leases now: the computer woke from sleep (the shell calls it on resume). */
  renewLeases(): Promise<void> {
    return this.#sessions.renewAll();
  }

  /** Gives back every lease this app holds, each within `timeoutMs` (sign-out, quit). */
  async releaseAll(timeoutMs = 3_000): Promise<void> {
    if (!this.#contexts.peek()) return;
    const held = this.#sessions.held();
    const all = Promise.allSettled(held.map(([projectId, taskId]) => this.release(projectId, taskId)));
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  /** Drops everything of the previous role (clients, open indexes, claims timers). */
  reset(): void {
    this.#offline.cancel();
    this.#sessions.clear();
    this.#files.clear();
    this.#contexts.reset();
  }

  #scope(projectId: string, taskId: string): DraftScope {
    return { roleKey: this.#contexts.current().key, projectId, taskId };
  }

  /** Tasks with a submit still on this computer only ("waiting to sync" in the list). */
  #waitingIds(projectId: string): Set<string> {
    try {
      return this.#submits.pendingTasks(this.#contexts.current().key, projectId);
    } catch (error) {
      log.warn('could not read the outbox:', error);
      return new Set();
    }
  }

  async #draftIds(projectId: string): Promise<Set<string>> {
    try {
      const list = await this.#o.drafts.list(this.#contexts.current().key, projectId);
      return new Set(list.map((d) => d.taskId));
    } catch (error) {
      log.warn('could not list drafts:', error);
      return new Set();
    }
  }
}

function assertEditable(opened: { editable: boolean }): void {
  if (!opened.editable)
    throw new AppError(
      'TASK_READ_ONLY',
      'This task is open to look only (someone else holds it, or your role may not take tasks), so nothing was saved.',
    );
}

export type { ParsedTask };
