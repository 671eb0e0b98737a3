/**
 * The projects service with its durable outbox and sync engine, wired as main/app/compose.ts wires
 * them, on a data folder and a keychain that outlive it: a test (or a child process) opens it, works,
 * closes or is killed, and opens it again as a restart of the app would. The session is a plain one
 * holding role credentials (no sign-in), so each trial stays small.
 */
import path from 'node:path';
import type { Credentials } from '../../main/auth/session-service.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import {
  createDraftStore,
  createSealer,
  openLocalDatabase,
  type LocalDatabase,
} from '../../main/local/index.ts';
import { createOutbox, type Outbox } from '../../main/local/outbox.ts';
import { SyncEngine, type SyncEngineOptions, type SyncState } from '../../main/local/sync-engine.ts';
import type { WriteOutcome } from '../../main/projects/annotation-writer.ts';
import { draftsPortFrom } from '../../main/projects/local-drafts.ts';
import { ProjectsService } from '../../main/projects/projects-service.ts';
import { durableSubmits } from '../../main/projects/submit-queue.ts';
import type { SecretStore } from '../../main/secrets/secret-store.ts';

export interface OutboxAppOptions {
  /** The organization settings (e.g. labOrganization(lab) with the projects' endpoint on a proxy). */
  organization: unknown;
  credentials: Credentials;
  dataDir: string;
  secrets: SecretStore;
  submitWaitMs?: number;
  sync?: Pick<SyncEngineOptions<WriteOutcome>, 'periodMs' | 'backoffBaseMs' | 'backoffMaxMs' | 'concurrency'>;
}

export interface OutboxApp {
  projects: ProjectsService;
  engine: SyncEngine<WriteOutcome>;
  outbox: Outbox;
  local: LocalDatabase;
  states: SyncState[];
  /** Signs the plain session out or in again (the engine pauses, resumes). */
  session: { signedIn: boolean };
  close(): void;
}

export function openOutboxApp(options: OutboxAppOptions): OutboxApp {
  const organization = parseOrganizationConfig(options.organization, 'test');
  const session = {
    organization,
    signedIn: true,
    credentials: () => {
      if (!session.signedIn) throw Object.assign(new Error('signed out'), { code: 'SESSION_SIGNED_OUT' });
      return options.credentials;
    },
    refreshCredentials: async () => session.credentials(),
  };
  const local = openLocalDatabase({ file: path.join(options.dataDir, 'local', 'annotator.sqlite') });
  const sealer = createSealer({ secrets: options.secrets, persistent: true });
  const outbox = createOutbox({ db: local, sealer });
  const states: SyncState[] = [];
  const engine: SyncEngine<WriteOutcome> = new SyncEngine<WriteOutcome>({
    outbox,
    host: {
      currentRole: () => projects.currentRoleKey(),
      write: (entry) => projects.writeQueued(entry),
      synced: (entry, written) => projects.synced(entry, written),
    },
    onChange: (state) => states.push(state),
    ...options.sync,
  });
  const projects: ProjectsService = new ProjectsService({
    session,
    indexDir: path.join(options.dataDir, 'task-index'),
    drafts: draftsPortFrom(createDraftStore({ db: local, sealer })),
    submits: durableSubmits(outbox, engine),
    ...(options.submitWaitMs !== undefined ? { submitWaitMs: options.submitWaitMs } : {}),
    emitProgress: () => undefined,
  });
  return {
    projects,
    engine,
    outbox,
    local,
    states,
    session,
    close() {
      engine.dispose();
      projects.reset();
      local.close();
    },
  };
}

export { roleCredentials } from '../lab/role-credentials.ts';

/** The lab organization with every project's S3 endpoint replaced (a fault proxy in front). */
export function withEndpoint<T>(organization: T, endpoint: string): T {
  const copy = structuredClone(organization) as { workspaces: { projects: { endpoint?: string }[] }[] };
  for (const w of copy.workspaces) for (const p of w.projects) p.endpoint = endpoint;
  return copy as T;
}
