/**
 * Loads the built main bundle (dist/main/main.mjs) in plain Node with `electron` resolved to the
 * stand-in, lets it start, pokes what it registered the way Electron would, and writes a JSON report
 * (to $STAND_IN_REPORT) for test/shell/main-bundle.test.ts. Run in its own process so the module hook stays out of Vitest.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { idpMetadataXml } from '../../fixtures/saml/saml-kit.ts';
import type * as StandIn from './electron.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const standInUrl = pathToFileURL(path.join(import.meta.dirname, 'electron.ts')).href;
registerHooks({
  resolve: (specifier, context, next) =>
    specifier === 'electron' ? { url: standInUrl, shortCircuit: true } : next(specifier, context),
});

// A user-imported organization, so the shell can open its sign-in window.
const userData = process.env.STAND_IN_USER_DATA!;
mkdirSync(userData, { recursive: true });
writeFileSync(
  path.join(userData, 'organization.json'),
  JSON.stringify({
    source: 'user',
    config: {
      id: 'stand-in',
      name: 'Stand-in Org',
      idp: { signInUrl: 'https://idp.example.com/sso/aws', metadataXml: idpMetadataXml() },
      aws: { region: 'eu-west-1' },
    },
  }),
);

const electron = (await import(standInUrl)) as typeof StandIn;
const { record } = electron;
await import(pathToFileURL(path.join(root, 'dist/main/main.mjs')).href);
electron.emitReady();
// Start-up probes the keychain and loads the organization before it opens its window.
for (let waited = 0; electron.BrowserWindow.all.length === 0; waited += 20) {
  if (waited > 10_000) throw new Error('the main bundle did not open a window within 10 s');
  await new Promise((resolve) => setTimeout(resolve, 20));
}

type Handler = (event: unknown, request?: unknown) => Promise<unknown>;
const ipc = (channel: string) => record.ipcHandlers.get(channel) as unknown as Handler;
const window = electron.BrowserWindow.all[0]!;
const frame = (url: string, main: boolean) => {
  const f = { url, parent: main ? null : {} };
  return { senderFrame: f, sender: { mainFrame: main ? f : {} } };
};

// app:// is served by the app window's own session, not by Electron's default one.
const appWindowSession = record.partitions.get('app-window');
const serve = appWindowSession!.protocolHandlers.get('app')!;
const fetchApp = async (url: string, method = 'GET') => {
  const response = await serve(new Request(url, { method }));
  return {
    status: response.status,
    csp: response.headers.get('content-security-policy'),
    text: await response.text(),
  };
};

const permission = (name: string, url: string) =>
  new Promise((resolve) =>
    (record.permissionRequestHandler as (...a: unknown[]) => void)(null, name, resolve, {
      requestingUrl: url,
    }),
  );

// A webContents as Electron would hand it to 'web-contents-created'.
const listeners = new Map<string, (event: unknown) => void>();
let windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
const contents = {
  on: (name: string, listener: (event: unknown) => void) => listeners.set(name, listener),
  setWindowOpenHandler: (h: typeof windowOpenHandler) => (windowOpenHandler = h),
};
for (const listener of record.appListeners.get('web-contents-created') ?? []) {
  (listener as (...a: unknown[]) => void)({}, contents);
}
const prevented = (name: string, url: string) => {
  let stopped = false;
  listeners.get(name)?.({ url, preventDefault: () => (stopped = true) });
  return stopped;
};

// Sign in through IPC: the shell opens the login window on the IdP's partition.
const appFrame = frame('app://annotator/index.html', true);
const signIn = ipc('session.signIn')(appFrame);
for (let waited = 0; record.windows.length < 2; waited += 20) {
  if (waited > 10_000) throw new Error('session.signIn did not open a login window within 10 s');
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const loginWindow = record.windows[1];
const loginContentsId = electron.BrowserWindow.all[1]!.webContents.id;
const partition = record.partitions.get('persist:idp-stand-in');
const hook = partition?.beforeRequest;
const answers: { url: string; answer: unknown }[] = [];
const request = (details: Record<string, unknown>) =>
  hook?.listener(
    { webContentsId: loginContentsId, resourceType: 'mainFrame', uploadData: [], ...details },
    (answer: unknown) => answers.push({ url: String(details.url), answer }),
  );
const samlBody = Buffer.from(
  'SAMLResponse=' + encodeURIComponent(Buffer.from('<not-saml/>').toString('base64')),
);
// The IdP's own pages pass; AWS sign-in in any form is cancelled; a script's fetch to the ACS is
// cancelled but not taken as the sign-in; the window's own form POST is captured.
request({ method: 'GET', url: 'https://idp.example.com/sso/aws' });
request({ method: 'GET', url: 'https://signin.aws.amazon.com/saml' });
request({ method: 'POST', url: 'http://signin.aws.amazon.com/saml', uploadData: [{ bytes: samlBody }] });
// The decoys carry no body: had one been captured, sign-in would fail with SAML_CAPTURE_NO_BODY.
request({ method: 'POST', url: 'https://signin.aws.amazon.com/saml', resourceType: 'xhr' });
request({ method: 'POST', url: 'https://signin.aws.amazon.com/saml', webContentsId: 9999 });
request({
  method: 'POST',
  url: 'https://eu-west-1.signin.aws.amazon.com/saml',
  uploadData: [{ bytes: samlBody }],
});
const signInResult = await signIn;
// After the capture the hook stays: a late POST is still cancelled.
request({ method: 'POST', url: 'https://signin.aws.amazon.com/saml', uploadData: [{ bytes: samlBody }] });
const signOut = await ipc('session.signOut')(appFrame);

// Help → Export diagnostics, clicked as a person would: the zip is written and shown in its folder.
type MenuItem = { label?: string; click?: () => void; submenu?: MenuItem[] };
const menuItems = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...menuItems(i.submenu ?? [])]);
menuItems((record.applicationMenu as MenuItem[] | null) ?? [])
  .find((item) => item.label === 'Export diagnostics…')
  ?.click?.();
for (let waited = 0; record.shownInFolder.length === 0 && waited < 10_000; waited += 20)
  await new Promise((resolve) => setTimeout(resolve, 20));

const report = {
  packaged: electron.app.isPackaged,
  applicationMenu: record.applicationMenu,
  shownInFolder: record.shownInFolder,
  login: {
    window: loginWindow ? { options: loginWindow.options, loadedUrls: loginWindow.loadedUrls } : null,
    filterUrls: hook?.filter.urls ?? [],
    answers,
    loginWindowDestroyed: electron.BrowserWindow.all[1]!.isDestroyed(),
    signInResult,
    signOutOk: (signOut as { ok: boolean }).ok,
    partitionCleared: partition?.cleared ?? [],
  },
  privilegedSchemes: record.privilegedSchemes,
  sandboxEnabled: record.sandboxEnabled,
  // Which system events the shell follows (resume: leases are renewed at once after a sleep).
  powerEvents: [...record.powerListeners.keys()],
  singleInstanceLockRequested: record.singleInstanceLockRequested,
  ipcChannels: [...record.ipcHandlers.keys()],
  windows: record.windows.map((w) => ({ options: w.options, loadedUrls: w.loadedUrls })),
  protocolSchemes: [...record.protocolHandlers.keys()],
  appWindowSession: {
    options: appWindowSession?.options ?? null,
    protocolSchemes: [...(appWindowSession?.protocolHandlers.keys() ?? [])],
    clearedAtSignOut: appWindowSession?.cleared ?? [],
  },
  ipc: {
    fromAppMainFrame: await ipc('app.version')(frame('app://annotator/index.html', true)),
    fromSubframe: await ipc('app.version')(frame('app://annotator/index.html', false)),
    fromForeignOrigin: await ipc('app.version')(frame('https://idp.example.com/login', true)),
    malformed: await ipc('app.openExternal')(frame('app://annotator/index.html', true), { url: 7 }),
    refusedUrl: await ipc('app.openExternal')(frame('app://annotator/index.html', true), {
      url: 'file:///etc/passwd',
    }),
  },
  protocol: {
    index: await fetchApp('app://annotator/index.html'),
    traversal: await fetchApp('app://annotator/%2e%2e/%2e%2e/package.json'),
    encodedSlash: await fetchApp('app://annotator/..%2f..%2fpackage.json'),
    post: await fetchApp('app://annotator/index.html', 'POST'),
  },
  permissions: {
    clipboardWriteFromApp: await permission('clipboard-sanitized-write', 'app://annotator/index.html'),
    mediaFromApp: await permission('media', 'app://annotator/index.html'),
    fullscreenFromIdp: await permission('fullscreen', 'https://idp.example.com/'),
    checkHandlerSet: record.permissionCheckHandler !== null,
    deviceHandlerDenies: (record.devicePermissionHandler as (() => boolean) | null)?.() === false,
    downloadsBlocked: record.sessionListeners.has('will-download'),
  },
  guards: {
    webviewPrevented: prevented('will-attach-webview', 'app://annotator/'),
    navigateOffAppPrevented: prevented('will-navigate', 'https://evil.example/'),
    navigateInAppAllowed: !prevented('will-navigate', 'app://annotator/index.html'),
    frameNavigatePrevented: prevented('will-frame-navigate', 'https://evil.example/'),
    redirectPrevented: prevented('will-redirect', 'http://evil.example/'),
    windowOpen: windowOpenHandler
      ? (windowOpenHandler as (d: { url: string }) => unknown)({ url: 'https://evil.example/' })
      : null,
  },
  openedExternally: record.openedExternally,
  eventsSentToWindow: window.entry.sent.length,
};
// The bundle logs to stdout, so the report goes to the file the test names.
writeFileSync(
  process.env.STAND_IN_REPORT ?? path.join(root, 'test-results/main-bundle-report.json'),
  JSON.stringify(report),
);
