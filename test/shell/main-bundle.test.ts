/**
 * The built main bundle, started in plain Node with `electron` replaced by a recording stand-in
 * (the Electron binary cannot run here): it must start, register every contract channel through the
 * checked path, and create its window hardened and loaded from app:// only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../preload/contract.ts';
import { missingHardening } from '../support/required-hardening.ts';

const root = path.resolve(import.meta.dirname, '../..');
type Report = {
  applicationMenu: { label?: string; role?: string; submenu?: { role?: string }[] }[] | null;
  login: {
    window: {
      options: { show: boolean; webPreferences: Record<string, unknown> };
      loadedUrls: string[];
    } | null;
    filterUrls: string[];
    answers: { url: string; answer: unknown }[];
    loginWindowDestroyed: boolean;
    signInResult: { ok: boolean; error?: { code: string; message: string } };
    signOutOk: boolean;
    partitionCleared: string[];
  };
  privilegedSchemes: unknown[];
  sandboxEnabled: boolean;
  powerEvents: string[];
  singleInstanceLockRequested: boolean;
  ipcChannels: string[];
  windows: { options: { webPreferences: Record<string, unknown> }; loadedUrls: string[] }[];
  protocolSchemes: string[];
  appWindowSession: { options: unknown; protocolSchemes: string[]; clearedAtSignOut: string[] };
  ipc: Record<string, { ok: boolean; error?: { code: string; message: string } }>;
  protocol: Record<string, { status: number; csp: string | null; text: string }>;
  permissions: Record<string, boolean>;
  guards: Record<string, unknown>;
  openedExternally: string[];
};

let report: Report;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-bundle-'));
  const out = path.join(dir, 'report.json');
  execFileSync(process.execPath, [path.join(root, 'test/support/electron-stand-in/probe-main-bundle.ts')], {
    env: { ...process.env, STAND_IN_REPORT: out, STAND_IN_USER_DATA: dir },
    stdio: ['ignore', 'ignore', 'inherit'],
    // A main bundle that keeps its process alive (a ref'd worker port, a timer) fails here, not the suite.
    timeout: 60_000,
  });
  report = JSON.parse(readFileSync(out, 'utf8')) as Report;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('main bundle with an Electron stand-in', () => {
  it('starts sandboxed, single-instance, with app:// privileged', () => {
    expect(report.sandboxEnabled).toBe(true);
    // Leases are renewed as soon as the computer wakes up.
    expect(report.powerEvents).toContain('resume');
    expect(report.singleInstanceLockRequested).toBe(true);
    expect(report.privilegedSchemes).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, stream: true },
      },
    ]);
    // Only the app window's session serves app://; Electron's default session serves nothing.
    expect(report.protocolSchemes).toEqual([]);
    expect(report.appWindowSession.protocolSchemes).toEqual(['app']);
  });

  it("keeps the app window's session in memory, with no HTTP cache, and empties it at sign-out", () => {
    expect(report.appWindowSession.options).toEqual({ cache: false });
    const appWindow = report.windows.find((w) => w.loadedUrls.includes('app://annotator/index.html'));
    expect(appWindow?.options.webPreferences.partition).toBeUndefined();
    expect(report.login.signOutOk).toBe(true);
    expect([...report.appWindowSession.clearedAtSignOut].sort()).toEqual(['auth', 'cache', 'storage']);
  });

  it("a development build keeps DevTools, in the window and in the app's own menu", () => {
    expect(report.windows[0]!.options.webPreferences.devTools).toBe(true);
    const view = report.applicationMenu!.find((item) => item.label === 'View')!;
    expect(view.submenu!.map((item) => item.role)).toContain('toggleDevTools');
  });

  it('registers every contract channel, and only those', () => {
    expect([...report.ipcChannels].sort()).toEqual([...channelNames].sort());
  });

  it('creates one hardened app window loaded from app:// with the built preload', () => {
    expect(report.windows.length).toBeGreaterThanOrEqual(1);
    const [window] = report.windows;
    expect(missingHardening(window!.options.webPreferences)).toEqual([]);
    expect(window!.options.webPreferences.preload).toBe(path.join(root, 'dist/preload/preload.cjs'));
    expect(window!.options.webPreferences.disableBlinkFeatures).toBe('Auxclick');
    expect(window!.loadedUrls).toEqual(['app://annotator/index.html']);
  });

  it('answers the app main frame and refuses subframes and foreign origins', () => {
    expect(report.ipc.fromAppMainFrame!.ok).toBe(true);
    expect(report.ipc.fromSubframe!.error?.code).toBe('FORBIDDEN_SENDER');
    expect(report.ipc.fromForeignOrigin!.error?.code).toBe('FORBIDDEN_SENDER');
    expect(report.ipc.malformed!.error?.code).toBe('INVALID_REQUEST');
    expect(report.ipc.refusedUrl!.error).toEqual({
      code: 'EXTERNAL_URL_REFUSED',
      message: 'The app only opens https links to approved sites; "file:///etc/passwd" is not one of them.',
    });
    expect(report.openedExternally).toEqual([]);
  });

  it('serves the renderer over app:// with a CSP header and refuses traversal and writes', () => {
    expect(report.protocol.index!.status).toBe(200);
    expect(report.protocol.index!.csp).toContain("default-src 'none'");
    expect(report.protocol.index!.text).toContain('<div id="root">');
    // The URL parser folds %2e%2e into a dot segment (→ /package.json, not in the folder: 404);
    // an encoded slash is refused outright (400).
    expect(report.protocol.traversal!.status).toBe(404);
    expect(report.protocol.encodedSlash!.status).toBe(400);
    expect(report.protocol.traversal!.text).not.toContain('federated-annotator');
    expect(report.protocol.post!.status).toBe(405);
  });

  it('denies permissions outside the allow-list, devices and downloads', () => {
    expect(report.permissions).toEqual({
      clipboardWriteFromApp: true,
      mediaFromApp: false,
      fullscreenFromIdp: false,
      checkHandlerSet: true,
      deviceHandlerDenies: true,
      downloadsBlocked: true,
    });
  });

  it('guards every webContents: no webview, no navigation or redirect away, no new windows', () => {
    expect(report.guards).toEqual({
      webviewPrevented: true,
      navigateOffAppPrevented: true,
      navigateInAppAllowed: true,
      frameNavigatePrevented: true,
      redirectPrevented: true,
      windowOpen: { action: 'deny' },
    });
  });

  it('opens the IdP in a hardened window of its own partition, with no preload', () => {
    const login = report.login.window!;
    expect(login).not.toBeNull();
    expect(missingHardening(login.options.webPreferences)).toEqual([]);
    expect(login.options.webPreferences.preload).toBeUndefined();
    expect(login.options.webPreferences.partition).toBe('persist:idp-stand-in');
    expect(login.options.show).toBe(true);
    expect(login.loadedUrls).toEqual(['https://idp.example.com/sso/aws']);
  });

  it("cancels every request to AWS sign-in, for good, and captures only the window's own POST", () => {
    expect(report.login.filterUrls).toEqual(['*://*/*']);
    expect(report.login.answers).toEqual([
      { url: 'https://idp.example.com/sso/aws', answer: {} },
      { url: 'https://signin.aws.amazon.com/saml', answer: { cancel: true } },
      { url: 'http://signin.aws.amazon.com/saml', answer: { cancel: true } },
      { url: 'https://signin.aws.amazon.com/saml', answer: { cancel: true } },
      { url: 'https://signin.aws.amazon.com/saml', answer: { cancel: true } },
      { url: 'https://eu-west-1.signin.aws.amazon.com/saml', answer: { cancel: true } },
      // After the capture settled: still cancelled.
      { url: 'https://signin.aws.amazon.com/saml', answer: { cancel: true } },
    ]);
    expect(report.login.loginWindowDestroyed).toBe(true);
    // Only the regional form POST from the window was parsed (not the xhr, not another window's):
    // its body was not SAML, and the core refused it with its own code, before any STS call.
    expect(report.login.signInResult.ok).toBe(false);
    expect(report.login.signInResult.error?.code).toBe('SAML_NOT_A_RESPONSE');
  });

  it('signs out by clearing the IdP partition too', () => {
    expect(report.login.signOutOk).toBe(true);
    expect(report.login.partitionCleared).toEqual(['storage', 'cache', 'auth']);
  });
});
