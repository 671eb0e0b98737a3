/** The app window: hardened preferences, loaded from app:// only. */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from '../security/app-origin.ts';
import { hardenedWebPreferences } from '../security/web-preferences.ts';

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Federated Annotator',
    backgroundColor: '#f6f7f9',
    webPreferences: hardenedWebPreferences({ preload: preloadPath }),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
