/**
 * The IdP's sign-in page in a window of its own (its own persistent partition per IdP, no preload,
 * sandboxed). Each partition gets one webRequest hook for its whole life that cancels every request
 * to an AWS ACS form, so no assertion ever reaches AWS sign-in, whatever state a sign-in is in. What
 * to cancel, what to capture and how a capture ends is main/auth/login-capture.ts; this file only
 * adapts Electron's window, hook and load events to it.
 */
import { BrowserWindow, session as electronSession, type Session } from 'electron';
import { createLoginCaptures, originOf } from '../auth/login-capture.ts';
import type { CapturedSamlPost } from '../auth/saml-post-body.ts';
import type { CaptureRequest, LoginWindowPort } from '../auth/session-service.ts';
import { createLogger } from '../log.ts';
import { hardenSession } from './session-policy.ts';
import { setNavigationPolicy } from './web-contents-guards.ts';

const log = createLogger('login-window');

/** `devTools`: as for the app window (off in packaged builds unless IT's policy allows them). */
export function createLoginWindow(
  parent: () => BrowserWindow | null,
  devTools: () => boolean = () => true,
): LoginWindowPort {
  const captures = createLoginCaptures({ silentTimeoutMs: 30_000 });
  const prepared = new Set<string>();

  /** Once per partition: hardening, and the hook that cancels every ACS request for good. */
  function prepare(partition: string, ses: Session): void {
    if (prepared.has(partition)) return;
    prepared.add(partition);
    hardenSession(ses);
    // Every request of the partition passes here (the IdP's pages are few).
    ses.webRequest.onBeforeRequest({ urls: ['*://*/*'] }, (details, callback) => {
      const decision = captures.onRequest(partition, {
        url: details.url,
        method: details.method,
        owner: details.webContentsId,
        navigation: details.resourceType === 'mainFrame' || details.resourceType === 'subFrame',
        body: () => ({ uploadData: details.uploadData, contentType: undefined }),
      });
      callback(decision === 'cancel' ? { cancel: true } : {});
    });
  }

  return {
    capture(request: CaptureRequest): Promise<CapturedSamlPost> {
      captures.cancel();
      const ses = electronSession.fromPartition(request.partition);
      prepare(request.partition, ses);
      const window = new BrowserWindow({
        width: 520,
        height: 720,
        show: !request.silent,
        parent: parent() ?? undefined,
        title: 'Sign in',
        autoHideMenuBar: true,
        webPreferences: {
          partition: request.partition,
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
          disableBlinkFeatures: 'Auxclick',
          devTools: devTools(),
        },
      });
      const contents = window.webContents;
      const capture = captures.begin(request, {
        owner: contents.id,
        close: () => {
          if (!window.isDestroyed()) window.destroy();
        },
      });
      setNavigationPolicy(contents, capture.allowsNavigation, { external: false });
      window.on('closed', capture.windowClosed);
      contents.on('did-fail-load', (_event, errorCode, description, url, isMainFrame) => {
        if (capture.loadFailed({ mainFrame: isMainFrame, errorCode }))
          log.warn(`sign-in page failed to load (${errorCode} ${description}) at ${originOf(url)}`);
      });
      // Load failures arrive through did-fail-load; an aborted first load (a redirect) is normal.
      window.loadURL(request.signInUrl).catch(() => undefined);
      return capture.result;
    },

    cancel() {
      captures.cancel();
    },

    async clear(partition) {
      const ses = electronSession.fromPartition(partition);
      await ses.clearStorageData();
      await ses.clearCache();
      await ses.clearAuthCache();
    },
  };
}
