/**
 * One handler per contract channel: plain functions over the services main is built from. The shell
 * and the browser harness both build this table, so the harness exercises the same code as the app.
 */
import { appHealth, appVersion, type RuntimeInfo } from '../app/app-info.ts';
import type { AuthController } from '../auth/auth-controller.ts';
import type { ProjectsService } from '../projects/projects-service.ts';
import { AppError } from '../errors.ts';
import { isAllowedExternalUrl } from '../security/external-urls.ts';
import type { SyncState } from '../local/sync-engine.ts';
import type { ResponseOf } from '../../preload/contract.ts';
import type { Handlers } from './dispatcher.ts';
import { idleSync, syncView } from './sync-view.ts';

export interface Services {
  runtime: RuntimeInfo;
  /** Opens an already allow-listed URL in the system browser (Electron: shell.openExternal). */
  openInBrowser(url: string): void;
  /** Hosts the app may send people to (help desk, IdP password reset), from configuration. */
  externalHosts: readonly string[];
  auth: AuthController;
  projects: ProjectsService;
  /** "Export diagnostics" (main/audit/diagnostics.ts); absent: the channel says it is unavailable. */
  exportDiagnostics?: () => Promise<ResponseOf<'app.exportDiagnostics'>>;
  /** "Restart now" for a downloaded update (main/update); absent or false: none is ready. */
  installUpdate?: () => boolean;
  /** The sync engine of the outbox (absent when the local store cannot be used). */
  sync?: { state(): SyncState; flush(force?: boolean): Promise<void> };
  /**
   * What else the session left behind, dropped once its credentials are gone (sign-out, another
   * organization): the app window's in-memory cache of media and presigned URLs, cached task data.
   */
  afterSignOut?: () => Promise<void>;
}

function hostForMessage(url: string): string {
  try {
    return new URL(url).host || url.slice(0, 80);
  } catch {
    return url.slice(0, 80);
  }
}

export function createHandlers(services: Services): Handlers {
  const { auth, projects } = services;
  return {
    'app.version': () => appVersion(services.runtime),
    'app.health': () => appHealth(services.runtime),
    'app.exportDiagnostics': () => {
      if (!services.exportDiagnostics)
        throw new AppError('DIAGNOSTICS_UNAVAILABLE', 'Diagnostics cannot be exported from this window.');
      return services.exportDiagnostics();
    },
    'app.installUpdate': () => ({ restarting: services.installUpdate?.() ?? false }),
    'app.openExternal': ({ url }) => {
      if (!isAllowedExternalUrl(url, services.externalHosts)) {
        throw new AppError(
          'EXTERNAL_URL_REFUSED',
          `The app only opens https links to approved sites; "${hostForMessage(url)}" is not one of them.`,
        );
      }
      services.openInBrowser(url);
      return { opened: true as const };
    },
    'session.get': () => auth.view(),
    'session.signIn': async () => {
      await auth.signIn();
      return auth.view();
    },
    'session.cancelSignIn': () => {
      auth.cancelSignIn();
      return auth.view();
    },
    'session.chooseRole': async ({ roleArn }) => {
      await auth.chooseRole(roleArn);
      return auth.view();
    },
    'session.signOut': async () => {
      // Credentials are wiped first, so a stalled S3 cannot keep a usable session around; the leases
      // go back afterwards, best effort and bounded in time, with a copy kept in memory for that alone.
      const returnLeases = projects.detachLeases();
      await auth.signOut();
      await Promise.all([returnLeases(3_000).catch(() => undefined), services.afterSignOut?.()]);
      projects.reset();
      return auth.view();
    },
    'organization.choices': () => auth.choices(),
    'organization.useSandbox': async () => {
      await auth.useSandbox();
      return auth.view();
    },
    'organization.change': async () => {
      // As sign-out: credentials go first, held leases go back afterwards (bounded), then a clean slate.
      const returnLeases = projects.detachLeases();
      await auth.changeOrganization();
      await Promise.all([returnLeases(3_000).catch(() => undefined), services.afterSignOut?.()]);
      projects.reset();
      return auth.view();
    },
    'organization.importFile': async () => {
      await auth.importFile();
      return auth.view();
    },
    'projects.list': async () => ({ workspaces: await projects.workspaces() }),
    'tasks.sync': ({ projectId, full }) => projects.sync(projectId, full),
    'tasks.page': ({ projectId, offset, limit, filter }) => projects.page(projectId, offset, limit, filter),
    'tasks.open': ({ projectId, key, index }) => projects.open(projectId, key, index),
    'tasks.next': async ({ projectId, after }) => ({ task: await projects.next(projectId, after) }),
    'tasks.presign': ({ projectId, uri }) => projects.presign(projectId, uri),
    'tasks.submit': ({ projectId, taskId, result, wasCancelled, leadTimeSeconds }) =>
      projects.submit(projectId, taskId, { result, wasCancelled: wasCancelled ?? false, leadTimeSeconds }),
    'tasks.saveDraft': ({ projectId, taskId, rev, result, leadTimeSeconds }) =>
      projects.saveDraft(projectId, taskId, { rev, result, leadTimeSeconds }),
    'tasks.discardDraft': async ({ projectId, taskId }) => {
      await projects.discardDraft(projectId, taskId);
      return { discarded: true as const };
    },
    'tasks.lastOpen': async () => ({ last: await projects.lastOpen() }),
    'tasks.close': async ({ projectId, taskId }) => ({ released: await projects.closed(projectId, taskId) }),
    'tasks.release': async ({ projectId, taskId }) => ({
      released: await projects.release(projectId, taskId),
    }),
    'sync.status': () => (services.sync ? syncView(services.sync.state()) : { ...idleSync }),
    'sync.now': () => {
      if (!services.sync) return { ...idleSync };
      // Answers at once; sync.changed tells how it went (a stalled S3 ends in its timeout).
      void services.sync.flush(true);
      return syncView(services.sync.state());
    },
  };
}
