/**
 * The Electron main process: adapts Electron to the app composed in main/app/compose.ts (keychain,
 * login window, file dialog, paths, runtime facts in; IPC and events out). No business rule lives here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, powerMonitor, session, shell } from 'electron';
import { appMenuTemplate, devToolsEnabled } from '../app/app-menu.ts';
import { composeApp, type ComposedApp } from '../app/compose.ts';
import { managedSettingsFile } from '../config/managed-location.ts';
import { sandboxOrganizationFile } from '../config/sandbox-location.ts';
import { openSecretStore } from '../secrets/open-secret-store.ts';
import { dataOriginsFor } from '../security/data-origins.ts';
import { createLoginWindow } from './login-window.ts';
import { createDispatcher } from '../ipc/dispatcher.ts';
import { createLogger } from '../log.ts';
import { APP_ORIGIN } from '../security/app-origin.ts';
import { registerAppSchemePrivileges, serveRenderer } from './app-protocol.ts';
import { forwardEvents, registerIpc } from './ipc.ts';
import { appWindowSession, clearAppWindowSession, hardenSession } from './session-policy.ts';
import { installWebContentsGuards, openInBrowser } from './web-contents-guards.ts';
import { createMainWindow } from './windows.ts';
import { startUpdates } from '../update/start-updates.ts';
import type { Updates } from '../update/updates.ts';

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
    // The app window's own session: in memory only (presigned URLs and media never reach a disk
    // cache), the only one that serves app://, emptied at sign-out.
    const appSession = appWindowSession();
    let composed: ComposedApp | null = null;
    let updates: Updates | null = null;
    // Known once IT's policy is read (below); until then, as a packaged build without it: off.
    let devTools = !app.isPackaged;
    // The CSP lets task media load straight from the organization's S3 origins, and nothing else.
    serveRenderer(
      appSession.protocol,
      path.join(distDir, 'renderer'),
      () => dataOriginsFor(composed?.auth.organization?.workspaces ?? []),
      () => composed?.media ?? null,
    );
    composed = await composeApp({
      dataDir: app.getPath('userData'),
      keychain: await openSecretStore({ service: 'Federated Annotator' }),
      loginWindow: createLoginWindow(
        () => mainWindow,
        () => devTools,
      ),
      organization: {
        managedFile: managedSettingsFile(),
        // The sandbox is dev tooling: a packaged app never offers it.
        sandboxFile: app.isPackaged ? null : sandboxOrganizationFile(),
        pickFile: async () => {
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
      },
      runtime: {
        name: app.getName(),
        version: app.getVersion(),
        versions: {
          node: process.versions.node,
          electron: process.versions.electron,
          chrome: process.versions.chrome,
        },
        platform: process.platform,
      },
      externalHosts,
      openInBrowser: (url) => openInBrowser(url, externalHosts),
      installUpdate: () => updates?.install() ?? false,
      // STS and S3 follow the OS proxy settings / PAC, as the sign-in window does.
      resolveProxy: (url) => session.defaultSession.resolveProxy(url),
      appWindow: { clear: () => clearAppWindowSession(appSession) },
    });
    const { bus, handlers, dispose, projects } = composed;
    // Packaged builds: no DevTools unless IT allows them, and the app's own menu (main/app/app-menu.ts).
    devTools = devToolsEnabled(composed.settings, app.isPackaged);
    const exportDiagnostics = () =>
      void Promise.resolve(handlers['app.exportDiagnostics'](undefined)).then(
        ({ file }) => shell.showItemInFolder(file),
        (error: unknown) => log.error('export diagnostics failed:', error),
      );
    const menu = appMenuTemplate({
      platform: process.platform,
      appName: app.getName(),
      devTools,
      exportDiagnostics,
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(menu));
    // Updates from IT's server (main/update): packaged builds only, as IT's policy allows.
    updates = startUpdates(composed.settings, app.isPackaged, (update) =>
      bus.emit('app.updateReady', update),
    );
    // Quitting gives the held leases back first (bounded: a stalled S3 must not keep the app alive),
    // so colleagues are not blocked until the leases lapse.
    // Timers sleep with the computer: on waking, leases are renewed at once (or found taken).
    powerMonitor.on('resume', () => void projects.renewLeases());
    let leasesReturned = false;
    app.on('before-quit', (event) => {
      if (leasesReturned) return dispose();
      event.preventDefault();
      leasesReturned = true;
      void projects.releaseAll(2_000).finally(() => app.quit());
    });
    registerIpc(createDispatcher({ handlers, appOrigin: APP_ORIGIN }));
    forwardEvents(bus, () => (mainWindow ? [mainWindow] : []));
    const preload = path.join(distDir, 'preload', 'preload.cjs');
    mainWindow = createMainWindow(preload, appSession, devTools);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0)
        mainWindow = createMainWindow(preload, appSession, devTools);
    });
    log.info(`started ${app.getName()} ${app.getVersion()}`);
  });
}
