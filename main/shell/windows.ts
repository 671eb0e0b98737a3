/**
 * The app window. Its webPreferences are written out here, literally, so a reviewer (and
 * electronegativity) sees every hardening switch where the window is made; the bundle test holds
 * every window the shell creates to the required list (test/support/required-hardening.ts).
 * `session` is the in-memory app-window session (session-policy.ts appWindowSession()), so presigned
 * URLs and task media never reach a cache on disk.
 */
import { BrowserWindow, type Session } from 'electron';
import { APP_ENTRY_URL } from '../security/app-origin.ts';

/** `devTools`: false in packaged builds unless IT's policy allows them (main/app/app-menu.ts devToolsEnabled). */
export function createMainWindow(preloadPath: string, session?: Session, devTools = true): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Federated Annotator',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      ...(session ? { session } : {}),
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK (reviewed: exposes only the contract's named functions)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools,
      // Middle-click would open links in a new window, bypassing will-navigate.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
