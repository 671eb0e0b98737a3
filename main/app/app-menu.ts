/**
 * The application menu, instead of Electron's default one (which offers Reload, Force Reload and
 * Toggle Developer Tools to everyone): Edit with the clipboard roles, View zoom, Window, Help with
 * "Export diagnostics…" and About, and the app menu on macOS. Electron-free: it returns a template the
 * shell hands to Menu.buildFromTemplate, so it is tested in Node.
 *
 * Undo and Redo: the workspace's own history (one step per gesture) answers Ctrl/Cmd+Z. On Windows
 * and Linux the menu leaves them out (text fields undo by themselves there, and a menu accelerator
 * could take the key from the page). macOS text fields undo only through the menu, which gets a key
 * only when the page did not handle it (the workspace prevents its own Cmd+Z), so there they stay.
 */
import type { AppSettings } from '../config/policy/app-settings.ts';

/** The roles this menu uses (Electron's names). */
export type MenuRole =
  | 'about'
  | 'undo'
  | 'redo'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'toggleDevTools'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'close';

/** The part of Electron's MenuItemConstructorOptions this menu uses. */
export interface MenuItemTemplate {
  label?: string;
  role?: MenuRole;
  type?: 'separator' | 'submenu';
  accelerator?: string;
  submenu?: MenuItemTemplate[];
  click?: () => void;
}

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** DevTools are enabled for this window (devToolsEnabled): then View offers them too. */
  devTools: boolean;
  exportDiagnostics(): void;
}

/** DevTools: always in a development (unpackaged) build, in a packaged one only if IT's policy allows. */
export function devToolsEnabled(
  settings: Pick<AppSettings, 'devToolsAllowed'>,
  isPackaged: boolean,
): boolean {
  return !isPackaged || settings.devToolsAllowed;
}

const separator: MenuItemTemplate = { type: 'separator' };

export function appMenuTemplate(options: AppMenuOptions): MenuItemTemplate[] {
  const mac = options.platform === 'darwin';
  const about: MenuItemTemplate = { role: 'about', label: `About ${options.appName}` };
  const menu: MenuItemTemplate[] = [];
  if (mac)
    menu.push({
      label: options.appName,
      submenu: [
        about,
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    });
  else menu.push({ label: 'File', submenu: [{ role: 'quit', label: 'Exit' }] });
  menu.push(
    {
      label: 'Edit',
      submenu: [
        ...(mac ? [{ role: 'undo' as const }, { role: 'redo' as const }, separator] : []),
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        separator,
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
        ...(options.devTools ? [separator, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    {
      label: 'Window',
      submenu: mac
        ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
        : [{ role: 'minimize' }, { role: 'close' }],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'Export diagnostics…', click: () => options.exportDiagnostics() },
        ...(mac ? [] : [separator, about]),
      ],
    },
  );
  return menu;
}
