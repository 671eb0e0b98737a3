/**
 * Composition root of the Electron main process: builds the services, hands them to the contract's
 * handlers, and wires those to Electron. No business rule lives here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { AuthController } from '../auth/auth-controller.ts';
import { managedSettingsFile } from '../config/managed-location.ts';
import { createOrganizationSources } from '../config/organization-sources.ts';
import { sandboxOrganizationFile } from '../config/sandbox-location.ts';
import { ProjectsService } from '../projects/projects-service.ts';
import { openSecretStore } from '../secrets/open-secret-store.ts';
import { dataOriginsFor } from '../security/data-origins.ts';
import { createLoginWindow } from './login-window.ts';
import { createDispatcher } from '../ipc/dispatcher.ts';
import { createEventBus } from '../ipc/event-bus.ts';
import { createHandlers } from '../ipc/handlers.ts';
import { createLogger } from '../log.ts';
import { APP_ORIGIN } from '../security/app-origin.ts';
import { registerAppSchemePrivileges, serveRenderer } from './app-protocol.ts';
import { forwardEvents, registerIpc } from './ipc.ts';
import { hardenSession } from './session-policy.ts';
import { installWebContentsGuards, openInBrowser } from './web-contents-guards.ts';
import { createMainWindow } from './windows.ts';

const log = createLogger('shell');
// The bundle lives in dist/main; the renderer and preload bundles are its siblings.
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const externalHosts: readonly string[] = [];

registerAppSchemePrivileges();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  installWebContentsGuards(() => externalHosts);
  const bus = createEventBus();
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    const userDataDir = app.getPath('userData');
    let auth: AuthController | null = null;
    // The CSP lets task media load straight from the organization's S3 origins, and nothing else.
    serveRenderer(path.join(distDir, 'renderer'), () => dataOriginsFor(auth?.organization?.workspaces ?? []));
    auth = new AuthController({
      sources: createOrganizationSources({ managedFile: managedSettingsFile(), userDataDir }),
      keychain: await openSecretStore({ service: 'Federated Annotator' }),
      loginWindow: createLoginWindow(() => mainWindow),
      // The sandbox is dev tooling: a packaged app never offers it.
      sandboxFile: app.isPackaged ? null : sandboxOrganizationFile(),
      pickOrganizationFile: async () => {
        const options = {
          title: 'Organization settings from IT',
          properties: ['openFile' as const],
          filters: [{ name: 'Organization settings', extensions: ['json'] }],
        };
        const picked = mainWindow
          ? await dialog.showOpenDialog(mainWindow, options)
          : await dialog.showOpenDialog(options);
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      },
      onChange: (view) => bus.emit('session.changed', view),
    });
    const projects = new ProjectsService({
      session: auth,
      indexDir: path.join(userDataDir, 'task-index'),
      emitProgress: (progress) => bus.emit('tasks.syncProgress', progress),
    });
    await auth.start();
    app.on('before-quit', () => {
      auth?.dispose();
      projects.reset();
    });
    const handlers = createHandlers({
      auth,
      projects,
      runtime: {
        name: app.getName(),
        version: app.getVersion(),
        versions: {
          node: process.versions.node,
          electron: process.versions.electron,
          chrome: process.versions.chrome,
        },
        platform: process.platform,
        userDataDir,
        startedAt: Date.now(),
      },
      externalHosts,
      openInBrowser: (url) => openInBrowser(url, externalHosts),
    });
    registerIpc(createDispatcher({ handlers, appOrigin: APP_ORIGIN }));
    forwardEvents(bus, () => (mainWindow ? [mainWindow] : []));
    mainWindow = createMainWindow(path.join(distDir, 'preload', 'preload.cjs'));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0)
        mainWindow = createMainWindow(path.join(distDir, 'preload', 'preload.cjs'));
    });
    log.info(`started ${app.getName()} ${app.getVersion()}`);
  });
}
