/**
 * A minimal stand-in for the `electron` module: just enough API for the main bundle to start, and a
 * record of every call, so a test can check what the shell registered and how it built its windows.
 * It is not Electron: it proves the wiring, not Chromium's enforcement of it.
 */
type Fn = (...args: never[]) => unknown;

export const record = {
  privilegedSchemes: [] as unknown[],
  sandboxEnabled: false,
  singleInstanceLockRequested: false,
  appListeners: new Map<string, Fn[]>(),
  powerListeners: new Map<string, Fn[]>(),
  ipcHandlers: new Map<string, Fn>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  windows: [] as { options: Record<string, unknown>; loadedUrls: string[]; sent: unknown[][] }[],
  permissionRequestHandler: null as null | Fn,
  permissionCheckHandler: null as null | Fn,
  devicePermissionHandler: null as null | Fn,
  sessionListeners: new Map<string, Fn>(),
  openedExternally: [] as string[],
  partitions: new Map<string, PartitionSession>(),
  /** The template given to Menu.setApplicationMenu (null: none set, Electron's default menu). */
  applicationMenu: null as unknown,
  /** Files the shell showed in the file manager (shell.showItemInFolder). */
  shownInFolder: [] as string[],
};

/** A partition's session as the login window uses it: permission handlers and the ACS hook. */
export interface PartitionSession {
  beforeRequest: {
    filter: { urls: string[] };
    listener: (details: unknown, callback: (response: unknown) => void) => void;
  } | null;
  cleared: string[];
  /** What the shell asked of this partition (the app window's: in memory, no HTTP cache). */
  options: unknown;
  /** Schemes this session serves itself (session.protocol.handle). */
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
}

let resolveReady!: () => void;
const ready = new Promise<void>((resolve) => (resolveReady = resolve));

export const app = {
  enableSandbox: () => void (record.sandboxEnabled = true),
  requestSingleInstanceLock: () => (record.singleInstanceLockRequested = true),
  on(event: string, listener: Fn) {
    record.appListeners.set(event, [...(record.appListeners.get(event) ?? []), listener]);
    return app;
  },
  whenReady: () => ready,
  getName: () => 'Federated Annotator',
  getVersion: () => '0.0.0-stand-in',
  /** A packaged build when the probe says so (STAND_IN_PACKAGED=1). */
  isPackaged: process.env.STAND_IN_PACKAGED === '1',
  getPath: (_name: string) => process.env.STAND_IN_USER_DATA ?? '/tmp',
  quit: () => undefined,
};

/** Called by the probe once the bundle has loaded, as Electron does after its own start. */
export function emitReady(): void {
  resolveReady();
}

export const powerMonitor = {
  on: (event: string, listener: Fn) =>
    void record.powerListeners.set(event, [...(record.powerListeners.get(event) ?? []), listener]),
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => void record.privilegedSchemes.push(...schemes),
  handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
    void record.protocolHandlers.set(scheme, handler),
};

export const ipcMain = {
  handle: (channel: string, handler: Fn) => {
    if (record.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
    record.ipcHandlers.set(channel, handler);
  },
};

export class BrowserWindow {
  static all: BrowserWindow[] = [];
  static getAllWindows = () => BrowserWindow.all;
  readonly entry: { options: Record<string, unknown>; loadedUrls: string[]; sent: unknown[][] };
  static nextId = 1;
  readonly webContents: {
    id: number;
    send: (...args: unknown[]) => void;
    mainFrame: object;
    on: (event: string, listener: Fn) => void;
  };
  constructor(options: Record<string, unknown>) {
    this.entry = { options, loadedUrls: [], sent: [] };
    record.windows.push(this.entry);
    this.webContents = {
      id: BrowserWindow.nextId++,
      send: (...args) => void this.entry.sent.push(args),
      mainFrame: {},
      on: () => undefined,
    };
    BrowserWindow.all.push(this);
  }
  loadURL(url: string) {
    this.entry.loadedUrls.push(url);
    return Promise.resolve();
  }
  once() {
    return this;
  }
  on() {
    return this;
  }
  destroyed = false;
  isDestroyed = () => this.destroyed;
  destroy = () => void (this.destroyed = true);
  isMinimized = () => false;
  restore = () => undefined;
  focus = () => undefined;
  show = () => undefined;
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h: Fn) => void (record.permissionRequestHandler = h),
    setPermissionCheckHandler: (h: Fn) => void (record.permissionCheckHandler = h),
    setDevicePermissionHandler: (h: Fn) => void (record.devicePermissionHandler = h),
    on: (event: string, h: Fn) => void record.sessionListeners.set(event, h),
  },
  fromPartition: (partition: string, options?: unknown) => {
    let entry = record.partitions.get(partition);
    if (!entry)
      record.partitions.set(
        partition,
        (entry = { beforeRequest: null, cleared: [], options, protocolHandlers: new Map() }),
      );
    const state = entry;
    return {
      protocol: {
        handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
          void state.protocolHandlers.set(scheme, handler),
      },
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
      setDevicePermissionHandler: () => undefined,
      on: () => undefined,
      webRequest: {
        onBeforeRequest: (
          filter: { urls: string[] } | null,
          listener?: NonNullable<PartitionSession['beforeRequest']>['listener'],
        ) => {
          state.beforeRequest = filter && listener ? { filter, listener } : null;
        },
      },
      clearStorageData: async () => void state.cleared.push('storage'),
      clearCache: async () => void state.cleared.push('cache'),
      clearAuthCache: async () => void state.cleared.push('auth'),
    };
  },
};

export const dialog = {
  showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
};

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: (menu: { template: unknown[] } | null) =>
    void (record.applicationMenu = menu?.template ?? null),
};

export const shell = {
  showItemInFolder: (file: string) => void record.shownInFolder.push(file),
  openExternal: (url: string) => {
    record.openedExternally.push(url);
    return Promise.resolve();
  },
};

export default { app, protocol, ipcMain, BrowserWindow, session, shell, dialog, Menu };
