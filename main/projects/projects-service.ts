/**
 * The current role's projects as the renderer sees them: workspaces, the task list (a local index
 * filled from S3, served in pages), an opened task (claimed, its data presigned, the annotations
 * already made) and the annotator's submission (a conditional write that merges with others').
 * Everything runs with the role's credentials from the session; none of it leaves main.
 */
import type {
  OpenedTask,
  SyncProgress,
  TaskAnnotation,
  TaskRow,
  TaskStateName,
} from '../../preload/contract.ts';
import type { Credentials } from '../auth/session-service.ts';
import { networkOptions, type OrganizationConfig } from '../config/organization.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import {
  createAnnotationStore,
  createClaimsStore,
  createPresigner,
  createS3Client,
  createTaskReader,
  loadTaskStatus,
  openTaskIndex,
  syncProjectIndex,
  type AnnotationStore,
  type ClaimsStore,
  type Presigner,
  type StorageS3,
  type StoredExport,
  type TaskIndex,
  type TaskReader,
} from '../storage/index.ts';
import {
  annotationOwner,
  isOwnedBy,
  LEASE_DEFAULT_MS,
  newAnnotation,
  newAnnotationId,
  newTaskExport,
  parseS3Uri,
  projectsForRole,
  type Annotation,
  type ParsedTask,
  type Project,
  type ResultItem,
  type TaskExport,
  type TaskFileResult,
} from '../tasks/index.ts';
import { valueAtPath } from './data-path.ts';
import { createTargetSnapshot, type TargetSnapshot } from './target-snapshot.ts';

const log = createLogger('projects');

export interface ProjectsServiceOptions {
  /** The session: who is signed in, as which role, with which credentials. */
  session: {
    organization: OrganizationConfig | null;
    credentials(): Credentials;
    refreshCredentials(): Promise<Credentials>;
  };
  /** Where the per-project task indexes live (the app's data folder). */
  indexDir: string;
  emitProgress(progress: SyncProgress): void;
  now?: () => Date;
}

/** One project's storage services, built on first use with the role's credentials. */
interface ProjectServices {
  project: Project;
  s3: StorageS3;
  presigner: Presigner;
  reader: TaskReader;
  annotations: AnnotationStore;
  claims: ClaimsStore;
  index: TaskIndex;
  target: TargetSnapshot;
  sync: { running: Promise<void> | null };
  /** The last task files read, by key: "next task" in a big JSONL file must not fetch it again. */
  files: Map<string, { etag: string; read: Promise<TaskFileResult> }>;
}

const cachedFiles = 4;

interface OpenTask {
  task: ParsedTask;
  state: TaskStateName;
  stored: StoredExport | null;
  /** The id a new annotation of this task gets, fixed at its first submit (retries reuse it). */
  pendingId: number | null;
  /** Submits of one task run one after the other. */
  saving: Promise<unknown>;
  claim: { etag: string; slot: number } | null;
  renew: NodeJS.Timeout | null;
}

/** The role's context: rebuilt when the organization, the role or the signed-in person changes. */
interface RoleContext {
  key: string;
  me: string;
  projects: Project[];
  services: Map<string, ProjectServices>;
  open: Map<string, OpenTask>;
}

function projectNotAvailable(): AppError {
  return new AppError(
    'PROJECT_NOT_AVAILABLE',
    'This project is not available to the role you signed in with.',
  );
}

export class ProjectsService {
  readonly #o: ProjectsServiceOptions;
  readonly #now: () => Date;
  #context: RoleContext | null = null;

  constructor(options: ProjectsServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
  }

  workspaces() {
    const { organization } = this.#o.session;
    const credentials = this.#o.session.credentials();
    if (!organization) return [];
    return projectsForRole({ version: 1, workspaces: organization.workspaces }, credentials.roleArn).map(
      (w) => ({
        id: w.id,
        name: w.name,
        projects: w.projects.map((p) => ({
          id: p.id,
          name: p.name,
          importMode: p.importMode,
          overlap: p.overlap,
        })),
      }),
    );
  }

  /** Lists into the index; resolves once the first page is in, the rest streams as progress events. */
  async sync(projectId: string, full = false): Promise<SyncProgress> {
    const services = this.#services(projectId);
    const { index, project } = services;
    // A full re-list asked for while an incremental one runs starts when that one ends.
    if (full && services.sync.running) await services.sync.running.catch(() => undefined);
    if (!services.sync.running) {
      let firstPage!: () => void;
      const first = new Promise<void>((resolve) => (firstPage = resolve));
      let lastEmit = 0;
      const run = syncProjectIndex(project, services.s3, index, this.#require().projects, {
        mode: full ? 'full' : 'incremental',
        onPage: (_rows, progress) => {
          firstPage();
          // A few events a second at most, however fast the pages come.
          if (!progress.done && Date.now() - lastEmit < 250) return;
          lastEmit = Date.now();
          this.#o.emitProgress({ projectId, listed: index.count(), done: false });
        },
      });
      services.sync.running = run
        .then(async () => {
          await services.target
            .refresh()
            .catch((error: unknown) => log.warn('could not read task states:', error));
          this.#o.emitProgress({ projectId, listed: index.count(), done: true });
        })
        .catch((error: unknown) => {
          const problem = error as { code?: string; message?: string };
          this.#o.emitProgress({
            projectId,
            listed: index.count(),
            done: true,
            error: { code: problem.code ?? 'STORAGE_FAILED', message: problem.message ?? 'Listing failed.' },
          });
          throw error;
        })
        .finally(() => {
          services.sync.running = null;
        });
      let finished = false;
      const running = services.sync.running.finally(() => (finished = true));
      // The first page, or the listing's own failure (then the error goes to the caller too).
      await Promise.race([first, running]);
      return { projectId, listed: index.count(), done: finished };
    }
    return { projectId, listed: index.count(), done: false };
  }

  page(
    projectId: string,
    offset: number,
    limit: number,
  ): { rows: TaskRow[]; total: number; syncing: boolean } {
    const services = this.#services(projectId);
    const rows = services.index.page(offset, limit).map((row) => ({
      key: row.key,
      taskId: row.taskId,
      size: row.size,
      lastModified: new Date(row.lastModified).toISOString(),
      state: services.target.state(row.taskId),
      annotated: services.target.annotated(row.taskId),
    }));
    return { rows, total: services.index.count(), syncing: services.sync.running !== null };
  }

  async open(projectId: string, key: string, index = 0): Promise<OpenedTask> {
    const context = this.#require();
    const services = this.#services(projectId);
    const { project, reader } = services;
    const row = services.index.get(key);
    if (!row) {
      throw new AppError(
        'TASK_NOT_LISTED',
        'This task is not in the project list (any more). Refresh the list.',
      );
    }
    const [{ tasks, errors }, config] = await Promise.all([
      this.#readTasks(services, key, row.etag),
      reader.labelingConfig(project),
    ]);
    if (tasks.length === 0) {
      throw new AppError(
        'TASK_FILE_EMPTY',
        errors[0]?.message ?? 'This task file holds no task the app can read.',
      );
    }
    const taskIndex = Math.min(index, tasks.length - 1);
    const task = tasks[taskIndex]!;
    const status = await loadTaskStatus(
      { annotations: services.annotations, claims: services.claims, me: context.me },
      project,
      task.taskId,
    );
    let claim: OpenedTask['claim'] = { held: false };
    let claimEtag: { etag: string; slot: number } | null = null;
    if (status.state === 'open' || status.state === 'claimed') {
      // One lease per annotation the project wants (overlap): take the first free slot.
      for (let slot = 0; slot < project.overlap; slot++) {
        const claimed = await services.claims.claim(project, task.taskId, slot);
        if (claimed.status === 'claimed') {
          claimEtag = { etag: claimed.etag, slot };
          claim = { held: true, expiresAt: claimed.lease.expiresAt };
          break;
        }
        claim = { held: false, holder: claimed.holder, expiresAt: claimed.expiresAt };
      }
    }
    const data = await reader.resolveTaskData(task);
    this.#rememberOpen(context, projectId, task, status.state, status.stored, claimEtag);
    services.target.note(task.taskId, status.state);

    return {
      projectId,
      taskId: task.taskId,
      key,
      taskIndex,
      taskCount: tasks.length,
      objects: config.summary.objects.map((object) => {
        const value = object.dataPath ? valueAtPath(data, object.dataPath) : object.value || null;
        const source = object.dataPath ? valueAtPath(task.data, object.dataPath) : null;
        return {
          tag: object.tag,
          name: object.name,
          value: typeof value === 'string' ? value : value === null ? null : JSON.stringify(value),
          ...(typeof source === 'string' && source.startsWith('s3://') ? { source } : {}),
        };
      }),
      controls: config.summary.controls
        .filter((control) => control.tag === 'Choices')
        .map((control) => ({
          tag: control.tag,
          name: control.name,
          toName: control.toName,
          choices: control.options.map((option) => ({
            value: option.alias ?? option.value,
            label: option.value,
          })),
          choice: control.choice === 'multiple' ? ('multiple' as const) : ('single' as const),
        })),
      // Controls the app cannot render yet (boxes, polygons, spans...): named so the viewer can say so.
      unsupportedControls: [
        ...new Set(config.summary.controls.filter((c) => c.tag !== 'Choices').map((c) => c.tag)),
      ],
      annotations: (status.stored?.doc.annotations ?? []).map((a) => this.#annotationView(a, context.me)),
      state: status.state,
      claim,
    };
  }

  /** A task file, read once per ETag the index knows (a changed file is listed with a new ETag). */
  #readTasks(services: ProjectServices, key: string, etag: string): Promise<TaskFileResult> {
    const cached = services.files.get(key);
    if (cached?.etag === etag) return cached.read;
    const read = services.reader.readTasks(services.project, key);
    services.files.delete(key);
    services.files.set(key, { etag, read });
    read.catch(() => services.files.delete(key));
    // Keep the few most recent files (Map order is insertion order).
    while (services.files.size > cachedFiles) services.files.delete(services.files.keys().next().value!);
    return read;
  }

  /** A fresh URL for media of an open task: checked against the scope, re-signed (after a 403 too). */
  async presign(projectId: string, uri: string): Promise<{ url: string; expiresAt: string }> {
    const services = this.#services(projectId);
    const ref = parseS3Uri(uri);
    const fresh = await services.presigner.recover({ bucket: ref.bucket, key: ref.key });
    return { url: fresh.url, expiresAt: fresh.expiresAt.toISOString() };
  }

  /**
   * Saves the annotator's annotation. `result` holds the items of the controls the window edits
   * (`controls`); every other item of the annotator's earlier annotation (boxes from another tool,
   * result types this version does not know) is kept as it was. Submits of one task run one at a
   * time, and a new annotation gets its id once, so a retry or a double click cannot create two.
   */
  submit(
    projectId: string,
    taskId: string,
    result: Record<string, unknown>[],
    controls: string[],
    leadTimeSeconds: number,
  ) {
    const context = this.#require();
    const opened = context.open.get(`${projectId}\u0000${taskId}`);
    if (!opened) throw new AppError('TASK_NOT_OPEN', 'Open the task again before submitting: it was closed.');
    const run = opened.saving.then(() =>
      this.#submit(context, opened, projectId, taskId, result, controls, leadTimeSeconds),
    );
    opened.saving = run.catch(() => undefined);
    return run;
  }

  async #submit(
    context: RoleContext,
    opened: OpenTask,
    projectId: string,
    taskId: string,
    result: Record<string, unknown>[],
    controls: string[],
    leadTimeSeconds: number,
  ) {
    const services = this.#services(projectId);
    const now = this.#now();
    const mine: TaskExport = structuredClone(opened.stored?.doc ?? newTaskExport(opened.task));
    mine.annotations ??= [];
    const own = mine.annotations.findIndex((a) => isOwnedBy(a, context.me));
    if (own < 0 && opened.state === 'done') {
      throw new AppError(
        'TASK_ALREADY_DONE',
        'This task already has all the annotations the project asks for.',
      );
    }
    const edited = new Set(controls);
    let annotation: Annotation;
    if (own >= 0) {
      const previous = mine.annotations[own]!;
      const kept = (previous.result ?? []).filter(
        (item) => !edited.has(String((item as { from_name?: unknown }).from_name)),
      );
      // Replaced in place (same id): Label Studio sees one annotation per person; time spent adds up.
      annotation = {
        ...previous,
        result: [...kept, ...(result as ResultItem[])],
        updated_at: now.toISOString(),
        lead_time: (typeof previous.lead_time === 'number' ? previous.lead_time : 0) + leadTimeSeconds,
      };
      mine.annotations[own] = annotation;
    } else {
      opened.pendingId ??= newAnnotationId(now.getTime());
      annotation = newAnnotation(
        { me: context.me, result: result as ResultItem[], now, leadTimeSeconds },
        opened.pendingId,
      );
      mine.annotations.push(annotation);
    }
    const saved = await services.annotations.save(services.project, taskId, mine, opened.stored);
    opened.stored = { doc: saved.doc, etag: saved.etag };
    opened.pendingId = null;
    services.target.note(taskId, 'done-by-me');
    await this.release(projectId, taskId).catch((error: unknown) =>
      log.warn('could not release the claim:', error),
    );
    return {
      annotationId: annotation.id ?? '',
      conflicts:
        saved.status === 'conflict'
          ? saved.conflicts.map((c) => ({
              annotationId: c.annotationId,
              reason: c.reason,
              mine: c.mine ? this.#annotationView(c.mine, context.me) : null,
              theirs: c.theirs ? this.#annotationView(c.theirs, context.me) : null,
            }))
          : [],
    };
  }

  async release(projectId: string, taskId: string): Promise<boolean> {
    const context = this.#require();
    const services = this.#services(projectId);
    const key = `${projectId}\u0000${taskId}`;
    const opened = context.open.get(key);
    if (!opened?.claim) return false;
    if (opened.renew) clearInterval(opened.renew);
    const claim = opened.claim;
    opened.claim = null;
    return services.claims.release(services.project, taskId, { etag: claim.etag }, claim.slot);
  }

  /** Drops everything of the previous role (clients, open indexes, claims timers). */
  reset(): void {
    const context = this.#context;
    this.#context = null;
    if (!context) return;
    for (const opened of context.open.values()) if (opened.renew) clearInterval(opened.renew);
    for (const services of context.services.values()) {
      services.s3.destroy();
      services.index.close();
    }
  }

  #annotationView(annotation: Annotation, me: string): TaskAnnotation {
    const by = annotationOwner(annotation);
    return {
      id: annotation.id ?? '',
      ...(by ? { completedBy: by } : {}),
      ...(typeof annotation.created_at === 'string' ? { createdAt: annotation.created_at } : {}),
      ...(typeof annotation.updated_at === 'string' ? { updatedAt: annotation.updated_at } : {}),
      mine: isOwnedBy(annotation, me),
      result: annotation.result ?? [],
    };
  }

  #rememberOpen(
    context: RoleContext,
    projectId: string,
    task: ParsedTask,
    state: TaskStateName,
    stored: StoredExport | null,
    claim: { etag: string; slot: number } | null,
  ): void {
    const key = `${projectId}\u0000${task.taskId}`;
    const services = context.services.get(projectId);
    const previous = context.open.get(key);
    if (previous?.renew) clearInterval(previous.renew);
    // Opened again while still holding a lease of another slot: give that one back.
    if (previous?.claim && services && previous.claim.slot !== claim?.slot) {
      void services.claims
        .release(services.project, task.taskId, { etag: previous.claim.etag }, previous.claim.slot)
        .catch(() => undefined);
    }
    const opened: OpenTask = {
      task,
      state,
      stored,
      claim,
      renew: null,
      pendingId: null,
      saving: Promise.resolve(),
    };
    if (claim && services) {
      // Keep the lease while the annotator works: renew at a third of its length.
      opened.renew = setInterval(() => {
        if (!opened.claim) return;
        const slot = opened.claim.slot;
        void services.claims
          .claim(services.project, task.taskId, slot)
          .then((r) => {
            if (r.status !== 'claimed') return;
            if (opened.claim) opened.claim = { etag: r.etag, slot };
            // Released while this renewal was in flight: give back what it just took.
            else void services.claims.release(services.project, task.taskId, { etag: r.etag }, slot);
          })
          .catch((error: unknown) => log.warn('could not renew a claim:', error));
      }, LEASE_DEFAULT_MS / 3).unref();
    }
    context.open.set(key, opened);
  }

  /** Gives back every lease this app holds (before sign-out: afterwards there are no credentials). */
  async releaseAll(): Promise<void> {
    const context = this.#context;
    if (!context) return;
    await Promise.allSettled(
      [...context.open.entries()].map(([key, opened]) => {
        const [projectId, taskId] = key.split('\u0000') as [string, string];
        return opened.claim ? this.release(projectId, taskId) : Promise.resolve(false);
      }),
    );
  }

  /** The role context for the session in force, rebuilt when it changed. */
  #require(): RoleContext {
    const { organization } = this.#o.session;
    const credentials = this.#o.session.credentials();
    if (!organization)
      throw new AppError('CONFIG_NO_ORGANIZATION', 'This app is not set up for an organization yet.');
    const me = credentials.identity.roleSessionName;
    const key = `${organization.id}\u0000${credentials.roleArn}\u0000${me}`;
    if (this.#context?.key === key) return this.#context;
    this.reset();
    const projects = projectsForRole(
      { version: 1, workspaces: organization.workspaces },
      credentials.roleArn,
    ).flatMap((w) => w.projects);
    this.#context = { key, me, projects, services: new Map(), open: new Map() };
    return this.#context;
  }

  #services(projectId: string): ProjectServices {
    const context = this.#require();
    const existing = context.services.get(projectId);
    if (existing) return existing;
    const project = context.projects.find((p) => p.id === projectId);
    if (!project) throw projectNotAvailable();
    const { organization } = this.#o.session;
    const toIdentity = (c: Credentials) => ({
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: c.expiration,
    });
    const s3 = createS3Client({
      region: project.region,
      ...(project.endpoint ? { endpoint: project.endpoint } : {}),
      ...(project.forcePathStyle !== undefined ? { forcePathStyle: project.forcePathStyle } : {}),
      ...(organization ? networkOptions(organization) : {}),
      credentials: {
        get: async () => toIdentity(this.#o.session.credentials()),
        refresh: async () => toIdentity(await this.#o.session.refreshCredentials()),
      },
    });
    const projects = [project];
    const presigner = createPresigner({ s3, projects });
    const annotations = createAnnotationStore({ s3, projects, me: context.me });
    const claims = createClaimsStore({ s3, projects, me: context.me });
    const services: ProjectServices = {
      project,
      s3,
      presigner,
      reader: createTaskReader({ s3, projects, presigner }),
      annotations,
      claims,
      index: openTaskIndex({ directory: this.#o.indexDir, project }),
      target: createTargetSnapshot({ s3, project, me: context.me, now: () => this.#now().getTime() }),
      sync: { running: null },
      files: new Map(),
    };
    context.services.set(projectId, services);
    return services;
  }
}

export type { TaskStateName };
