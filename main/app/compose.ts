/**
 * The one composition root: builds every service main is made of, wires their events to the bus and
 * hands them to the contract's handlers. The Electron shell and the browser harness both call it, so
 * the harness runs the app's real wiring; each passes only what differs between them (ports).
 *
 * To add a service (a drafts store, a sync engine): build it in `composeApp` below from `dataDir` and
 * the ports, give it to the services that need it and to `Services`, and stop it in `dispose`. Nothing
 * else builds services.
 */
import path from 'node:path';
import { auditSyncEvents, recordPolicyAtStart, withAudit } from '../audit/audit-handlers.ts';
import { createAuditLog } from '../audit/audit-log.ts';
import { exportDiagnostics } from '../audit/diagnostics.ts';
import { AuthController, type AuthControllerOptions } from '../auth/auth-controller.ts';
import type { LoginWindowPort } from '../auth/session-service.ts';
import { createOrganizationSources } from '../config/organization-sources.ts';
import { appSettingsFrom, type AppSettings } from '../config/policy/app-settings.ts';
import type { ParsedPolicy } from '../config/policy/policy-schema.ts';
import { readPolicy } from '../config/policy/read-policy.ts';
import type { Handlers } from '../ipc/dispatcher.ts';
import { createEventBus, type EventBus } from '../ipc/event-bus.ts';
import { createHandlers, type Services } from '../ipc/handlers.ts';
import {
  createDraftStore,
  createSealer,
  LocalStoreError,
  openLocalDatabase,
  type LocalDatabase,
} from '../local/index.ts';
import { createOutbox, type Outbox } from '../local/outbox.ts';
import { SyncEngine, type SyncEngineOptions } from '../local/sync-engine.ts';
import { syncView } from '../ipc/sync-view.ts';
import { createLogger } from '../log.ts';
import {
  cacheKeyAccount,
  cacheKeyAccountOf,
  createMediaCache,
  type MediaCache,
} from '../media/media-cache.ts';
import { MediaService } from '../media/media-service.ts';
import { Prefetcher } from '../media/prefetch.ts';
import type { WriteOutcome } from '../projects/annotation-writer.ts';
import { durableSubmits } from '../projects/submit-queue.ts';
import type { DraftsPort } from '../projects/drafts-port.ts';
import { draftsPortFrom, unavailableDrafts } from '../projects/local-drafts.ts';
import { ProjectsService } from '../projects/projects-service.ts';
import { useSystemProxy } from '../net/system-proxy.ts';
import type { KeychainStatus, SecretStore } from '../secrets/secret-store.ts';
import { appHealth, appVersion, type RuntimeInfo } from './app-info.ts';

const log = createLogger('compose');

export interface AppPorts {
  /** The app's data folder (Electron: userData): the user's organization file, task indexes, local store. */
  dataDir: string;
  /** The keychain, already probed (openSecretStore, or memory only). */
  keychain: { store: SecretStore; status: KeychainStatus };
  /** The IdP's sign-in window (Electron's BrowserWindow, a Playwright page in tests). */
  loginWindow: LoginWindowPort;
  organization: {
    /** IT's managed settings file; null where there is none to look for. */
    managedFile: string | null;
    /** The running sandbox's organization file; null where no sandbox may be offered (packaged app). */
    sandboxFile: string | null;
    /** Lets the user choose the organization file IT gave them; null if cancelled. */
    pickFile: () => Promise<string | null>;
    /** IT's policy (registry, managed preferences, policy.json); default: this OS's, where a managed file is looked for. */
    readPolicy?: () => Promise<ParsedPolicy | null>;
  };
  /** What is running here; the data folder and the start time are added from dataDir and the clock. */
  runtime: Omit<RuntimeInfo, 'userDataDir' | 'startedAt'>;
  /** Hosts the app may send people to, and how a link reaches the system browser. */
  externalHosts: readonly string[];
  openInBrowser(url: string): void;
  /** Quits and installs a downloaded update (the shell's main/update); absent: never one ready. */
  installUpdate?: () => boolean;
  /** The app window's in-memory session (Electron: its partition's cache and storage), emptied at sign-out. */
  appWindow?: { clear(): Promise<void> };
  /**
   * The OS proxy settings / PAC for a URL, as the sign-in window follows them (Electron:
   * session.resolveProxy); STS and S3 then take the same way. None in the browser harness.
   */
  resolveProxy?: (url: string) => Promise<string>;
  /** Milliseconds since the epoch (default Date.now). */
  clock?: () => number;
  /** For tests: the session's clock, timers and STS client (the auth service only). */
  session?: AuthControllerOptions['session'];
  /** For tests: the sync engine's timing (period, backoff, concurrency). */
  sync?: Pick<SyncEngineOptions<WriteOutcome>, 'periodMs' | 'backoffBaseMs' | 'backoffMaxMs' | 'concurrency'>;
  /** For tests: how long a submit waits for its first write (default 8 s). */
  submitWaitMs?: number;
  /** For tests: replace services or handlers in the table the dispatcher gets. */
  overrides?: { services?: Partial<Services>; handlers?: Partial<Handlers> };
}

export interface ComposedApp {
  bus: EventBus;
  auth: AuthController;
  projects: ProjectsService;
  /** The app's own settings under IT's policy (updates, DevTools, media cache, presign TTL, audit log). */
  settings: AppSettings;
  /** Media through main: `/media/<id>` (the shell's app:// handler and the harness serve it), the offline cache. */
  media: MediaService;
  /** Every contract channel, ready for createDispatcher. */
  handlers: Handlers;
  /** Stops timers and forgets in-memory state (app quit, harness close). */
  dispose(): void;
}

/** Builds the services and restores a stored session (the organization is loaded before this resolves). */
export async function composeApp(ports: AppPorts): Promise<ComposedApp> {
  const clock = ports.clock ?? Date.now;
  const bus = createEventBus();
  useSystemProxy(ports.resolveProxy);
  // IT's policy: this OS's wherever a managed file is looked for (the shell), or the port's.
  const policyReader =
    ports.organization.readPolicy ?? (ports.organization.managedFile ? () => readPolicy() : null);
  // The app's own settings under that policy (one that cannot be read leaves the defaults).
  const settings = appSettingsFrom((await policyReader?.().catch(() => null)) ?? null);
  let outbox: Outbox | null = null;
  let engine: SyncEngine<WriteOutcome> | null = null;
  let media: MediaService | null = null;
  const auth = new AuthController({
    sources: createOrganizationSources({
      managedFile: ports.organization.managedFile,
      userDataDir: ports.dataDir,
      sandboxFile: ports.organization.sandboxFile,
      ...(policyReader ? { readPolicy: policyReader } : {}),
    }),
    keychain: ports.keychain,
    loginWindow: ports.loginWindow,
    sandboxFile: ports.organization.sandboxFile,
    pickOrganizationFile: ports.organization.pickFile,
    onChange: (view) => {
      bus.emit('session.changed', view);
      // New credentials (a sign-in, a refresh) restart the offline cache's age; a restored session does not.
      if (view.session.status === 'signed-in') media?.signedIn(Date.parse(view.session.identity.expiresAt));
      // The outbox waits while the credentials refresh and goes out after the next sign-in.
      if (view.session.status !== 'signed-in') return;
      if (view.session.refresh === 'scheduled') void engine?.resume();
      else engine?.pause();
    },
    // Assertion ids already used, and each role's longest session, remembered across restarts.
    replayCacheFile: path.join(ports.dataDir, 'sign-in', 'replay-cache.json'),
    session: { now: clock, ...ports.session },
  });
  // The local store: drafts (and, with the offline work, the outbox), sealed per role with keys in the keychain.
  let local: LocalDatabase | null = null;
  let drafts: DraftsPort;
  let mediaCache: MediaCache | null = null;
  try {
    local = openLocalDatabase({ file: path.join(ports.dataDir, 'local', 'annotator.sqlite') });
    const sealer = createSealer({
      secrets: ports.keychain.store,
      persistent: ports.keychain.status.persistent,
    });
    drafts = draftsPortFrom(createDraftStore({ db: local, sealer, now: clock }));
    outbox = createOutbox({ db: local, sealer, now: clock });
    // The offline cache: sealed with a sibling key per role, which sign-out drops (drafts keep theirs).
    mediaCache = createMediaCache({
      db: local,
      dir: path.join(ports.dataDir, 'media-cache'),
      sealer: createSealer({
        secrets: ports.keychain.store,
        persistent: ports.keychain.status.persistent,
        account: cacheKeyAccount,
      }),
      // A sign-out that cannot know its role (expired stored session) wipes every role's cache and key.
      forgetKey: (digest) => ports.keychain.store.delete(cacheKeyAccountOf(digest)),
      now: clock,
    });
  } catch (error) {
    // Labeling still works; each draft save then says why nothing is kept on this computer.
    if (!(error instanceof LocalStoreError)) throw error;
    log.error('the local store cannot be used:', error);
    drafts = unavailableDrafts(error);
  }
  // The sync engine: the one writer of submits to S3, through the projects service's write path.
  if (outbox)
    engine = new SyncEngine<WriteOutcome>({
      outbox,
      host: {
        currentRole: () => projects.currentRoleKey(),
        ownerRole: () => projects.ownerRoleKey(),
        write: (entry) => projects.writeQueued(entry),
        synced: (entry, written) => projects.synced(entry, written),
      },
      now: clock,
      onChange: (state) => bus.emit('sync.changed', syncView(state)),
      ...ports.sync,
    });
  media = new MediaService({
    cache: mediaCache,
    // Its session expired: what it kept stays readable, and sign-out wipes that role's cache.
    ownerRole: () => projects.ownerRoleKey(),
    s3For: (projectId) => projects.storageFor(projectId),
    offlineMaxAgeHours: settings.offlineMaxAgeHours,
  });
  const mediaService = media;
  // The open task and the next ones of its stream, kept offline in the background (IT: PrefetchSize).
  const prefetch = mediaCache
    ? new Prefetcher({
        cache: mediaCache,
        s3For: (projectId) => projects.storageFor(projectId),
        currentRole: () => projects.currentRoleKey(),
        probablyOffline: () => mediaService.probablyOffline(),
        onProgress: (progress) => bus.emit('sync.prefetch', progress),
      })
    : null;
  // Cached task data older than the offline age is wiped unread: now, before any sign-in, then hourly.
  await mediaService.wipeExpired().catch((error: unknown) => log.error('offline cache age check:', error));
  // Keys kept in memory only (no keychain) died with the last run: what they sealed cannot open.
  if (!ports.keychain.status.persistent)
    await mediaCache?.wipeExpired(-1).catch((error: unknown) => log.error('offline cache reset:', error));
  const ageTimer = setInterval(() => void mediaService.wipeExpired().catch(() => undefined), 3_600_000);
  ageTimer.unref();
  const projects: ProjectsService = new ProjectsService({
    media: mediaService,
    ...(prefetch ? { prefetch, prefetchSize: settings.prefetchSize } : {}),
    session: auth,
    drafts,
    ...(outbox && engine ? { submits: durableSubmits(outbox, engine) } : {}),
    ...(ports.submitWaitMs !== undefined ? { submitWaitMs: ports.submitWaitMs } : {}),
    indexDir: path.join(ports.dataDir, 'task-index'),
    ...(settings.presignTtlSeconds !== undefined ? { presignTtlSeconds: settings.presignTtlSeconds } : {}),
    emitProgress: (progress) => bus.emit('tasks.syncProgress', progress),
    emitLease: (change) => bus.emit('tasks.leaseChanged', change),
    ...(ports.clock ? { now: () => new Date(clock()) } : {}),
  });
  await auth.start();
  // The audit log (main/audit): local JSON lines for IT; it observes the handlers below.
  // IT's policy may size or turn off the audit log.
  const audit = createAuditLog({
    dir: path.join(ports.dataDir, 'audit'),
    now: clock,
    enabled: settings.auditLogEnabled,
    ...(settings.auditLogMaxMegabytes !== undefined
      ? { maxBytes: settings.auditLogMaxMegabytes * 1_000_000 }
      : {}),
  });
  recordPolicyAtStart(audit, auth.view());
  bus.addSink(auditSyncEvents(audit));
  // Work queued in an earlier run goes out now (or waits for the sign-in of its role).
  void engine?.start();

  // Dropped after each sign-out, each step even if another fails (a failure is logged, not shown:
  // the person is signed out either way, and the next sign-out tries again).
  const afterSignOut: (() => Promise<void>)[] = [];
  if (ports.appWindow) afterSignOut.push(() => ports.appWindow!.clear());
  // The role's cached task data and media are deleted and its cache key dropped.
  afterSignOut.push(async () => {
    prefetch?.cancel();
    await mediaService.signedOut();
  });

  const services: Services = {
    auth,
    projects,
    runtime: { ...ports.runtime, userDataDir: ports.dataDir, startedAt: clock() },
    externalHosts: ports.externalHosts,
    openInBrowser: ports.openInBrowser,
    ...(ports.installUpdate ? { installUpdate: ports.installUpdate } : {}),
    ...(engine ? { sync: engine } : {}),
    afterSignOut: () => forgetSession(afterSignOut),
    exportDiagnostics: () =>
      exportDiagnostics({
        audit,
        policy: () => {
          const source = auth.view().organization?.source;
          return source && auth.organization ? { source, config: auth.organization } : null;
        },
        version: () => appVersion(services.runtime),
        health: () => appHealth(services.runtime),
        outputDir: path.join(ports.dataDir, 'diagnostics'),
        now: clock,
      }),
    ...ports.overrides?.services,
  };
  return {
    bus,
    auth,
    projects,
    settings,
    media: mediaService,
    handlers: withAudit({ ...createHandlers(services), ...ports.overrides?.handlers }, audit),
    dispose() {
      auth.dispose();
      engine?.dispose();
      clearInterval(ageTimer);
      projects.reset();
      local?.close();
    },
  };
}

async function forgetSession(steps: readonly (() => Promise<void>)[]): Promise<void> {
  const results = await Promise.allSettled(steps.map((step) => step()));
  for (const r of results)
    if (r.status === 'rejected') log.error('sign-out left something behind:', r.reason);
}
