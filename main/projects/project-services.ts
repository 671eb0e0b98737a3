/**
 * The role's context and each project's storage services. A context lives as long as one organization,
 * role and person are signed in; when any of them changes, everything built for the previous one
 * (S3 clients, open indexes, lease timers) is dropped, so nothing of one role serves another.
 */
import type { Credentials } from '../auth/session-service.ts';
import { networkOptions, type OrganizationConfig } from '../config/organization.ts';
import { AppError } from '../errors.ts';
import {
  createAnnotationStore,
  createClaimsStore,
  createPresigner,
  createS3Client,
  createTaskReader,
  openTaskIndex,
  type AnnotationStore,
  type ClaimsStore,
  type Presigner,
  type StorageS3,
  type TaskIndex,
  type TaskReader,
} from '../storage/index.ts';
import { projectsForRole, type Project } from '../tasks/index.ts';
import { createTargetSnapshot, type TargetSnapshot } from './target-snapshot.ts';

export interface SessionPort {
  organization: OrganizationConfig | null;
  credentials(): Credentials;
  refreshCredentials(): Promise<Credentials>;
}

/** One project's storage services, built on first use with the role's credentials. */
export interface ProjectServices {
  project: Project;
  s3: StorageS3;
  presigner: Presigner;
  reader: TaskReader;
  annotations: AnnotationStore;
  claims: ClaimsStore;
  index: TaskIndex;
  target: TargetSnapshot;
}

/** Who is working: the organization, role and person, and the services built for them. */
export interface RoleContext {
  /** `<organization>\0<role ARN>\0<session name>`: drafts and leases are kept per role context. */
  key: string;
  me: string;
  roleArn: string;
  projects: Project[];
  services: Map<string, ProjectServices>;
  /** Called when the context is dropped (another role, sign-out). */
  disposers: (() => void)[];
}

export function projectNotAvailable(): AppError {
  return new AppError(
    'PROJECT_NOT_AVAILABLE',
    'This project is not available to the role you signed in with.',
  );
}

export class RoleContexts {
  readonly #session: SessionPort;
  readonly #indexDir: string;
  readonly #now: () => Date;
  readonly #presignTtlSeconds: number | undefined;
  #context: RoleContext | null = null;
  /** Credentials kept for the current context's last calls after sign-out wiped the session's. */
  #frozen: Credentials | null = null;

  constructor(options: {
    session: SessionPort;
    indexDir: string;
    now: () => Date;
    /** IT's policy (PresignTtlSeconds): every presigned URL's lifetime, over each project's own. */
    presignTtlSeconds?: number;
  }) {
    this.#session = options.session;
    this.#indexDir = options.indexDir;
    this.#now = options.now;
    this.#presignTtlSeconds = options.presignTtlSeconds;
  }

  /** The context for the session in force, rebuilt when it changed. */
  current(): RoleContext {
    // Signed out with leases still to return: the detached context serves that, and nothing else.
    if (this.#frozen && this.#context) return this.#context;
    const { organization } = this.#session;
    const credentials = this.#session.credentials();
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
    this.#context = { key, me, roleArn: credentials.roleArn, projects, services: new Map(), disposers: [] };
    return this.#context;
  }

  /** The context if one is built (sign-out uses it without asking for credentials). */
  peek(): RoleContext | null {
    return this.#context;
  }

  /**
   * Keeps a copy of the current credentials, in memory, for the built clients only: sign-out can then
   * wipe the session first and still give leases back afterwards. Dropped by reset().
   */
  freeze(): boolean {
    if (!this.#context) return false;
    try {
      this.#frozen = this.#session.credentials();
      return true;
    } catch {
      return false;
    }
  }

  services(projectId: string): ProjectServices {
    const context = this.current();
    const existing = context.services.get(projectId);
    if (existing) return existing;
    const project = context.projects.find((p) => p.id === projectId);
    if (!project) throw projectNotAvailable();
    const services = this.#build(project, context.me);
    context.services.set(projectId, services);
    return services;
  }

  /** Drops everything of the previous role (clients, open indexes, timers). */
  reset(): void {
    const context = this.#context;
    this.#context = null;
    this.#frozen = null;
    if (!context) return;
    for (const dispose of context.disposers) dispose();
    for (const services of context.services.values()) {
      services.s3.destroy();
      services.index.close();
    }
  }

  #build(project: Project, me: string): ProjectServices {
    const { organization } = this.#session;
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
        get: async () => toIdentity(this.#frozen ?? this.#session.credentials()),
        refresh: async () => toIdentity(this.#frozen ?? (await this.#session.refreshCredentials())),
      },
    });
    const projects = [project];
    const ttl = this.#presignTtlSeconds;
    const presigner = createPresigner({ s3, projects, ...(ttl !== undefined ? { ttlSeconds: ttl } : {}) });
    return {
      project,
      s3,
      presigner,
      reader: createTaskReader({ s3, projects, presigner }),
      annotations: createAnnotationStore({ s3, projects, me }),
      claims: createClaimsStore({ s3, projects, me }),
      index: openTaskIndex({ directory: this.#indexDir, project }),
      target: createTargetSnapshot({ s3, project, me, now: () => this.#now().getTime() }),
    };
  }
}
