/**
 * The IdP's sign-in page in a window of its own (its own persistent partition per IdP, no preload,
 * sandboxed). Each partition gets one webRequest hook for its whole life that cancels every request
 * to an AWS ACS form, so no assertion ever reaches AWS sign-in, whatever state a sign-in is in; the
 * POST of the current sign-in window is handed to the core parser. Each capture settles once.
 */
import { BrowserWindow, session as electronSession, type Session } from 'electron';
import { isAwsAcsUrl, isAwsSigninUrl } from '../auth/acs-urls.ts';
import { extractSamlPost, type CapturedSamlPost } from '../auth/saml-post-body.ts';
import type { CaptureRequest, LoginWindowPort } from '../auth/session-service.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { hardenSession } from './session-policy.ts';
import { setNavigationPolicy } from './web-contents-guards.ts';

const log = createLogger('login-window');
const silentTimeoutMs = 30_000;
// Chromium's net::ERR_ABORTED: a load replaced by another navigation (redirects, auto-submitted forms).
const ERR_ABORTED = -3;

interface ActiveCapture {
  webContentsId: number;
  extraAcsUrls: readonly string[];
  onPost(details: Electron.OnBeforeRequestListenerDetails): void;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function createLoginWindow(parent: () => BrowserWindow | null): LoginWindowPort {
  const active = new Map<string, ActiveCapture>();
  const prepared = new Set<string>();
  let cancelCurrent: (() => void) | null = null;

  /** Once per partition: hardening, and the hook that cancels every ACS request for good. */
  function prepare(partition: string, ses: Session): void {
    if (prepared.has(partition)) return;
    prepared.add(partition);
    hardenSession(ses);
    // Every request of the partition passes here (the IdP's pages are few): anything to AWS sign-in,
    // or to an ACS IT configured, is cancelled; only the sign-in window's own POST is captured.
    ses.webRequest.onBeforeRequest({ urls: ['*://*/*'] }, (details, callback) => {
      const capture = active.get(partition);
      if (!isAwsSigninUrl(details.url) && !isAwsAcsUrl(details.url, capture?.extraAcsUrls ?? []))
        return callback({});
      callback({ cancel: true });
      if (!isAwsAcsUrl(details.url, capture?.extraAcsUrls ?? [])) return;
      if (
        capture &&
        details.method === 'POST' &&
        details.webContentsId === capture.webContentsId &&
        (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame')
      ) {
        capture.onPost(details);
      }
    });
  }

  return {
    capture(request: CaptureRequest): Promise<CapturedSamlPost> {
      cancelCurrent?.();
      const ses = electronSession.fromPartition(request.partition);
      prepare(request.partition, ses);
      const allowedOrigins = new Set([request.signInUrl, ...request.allowedOrigins].map(originOf));
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
        },
      });
      const contents = window.webContents;
      // The IdP's own origins, and the ACS (whose POST the partition's hook cancels).
      setNavigationPolicy(
        contents,
        (url) => allowedOrigins.has(originOf(url)) || isAwsAcsUrl(url, request.extraAcsUrls),
        {
          external: false,
        },
      );

      return new Promise<CapturedSamlPost>((resolve, reject) => {
        let settled = false;
        let timer: NodeJS.Timeout | undefined;
        // Every exit goes through here once: later events of this window cannot touch another capture.
        const settle = (outcome: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (active.get(request.partition)?.webContentsId === contents.id) active.delete(request.partition);
          if (cancelCurrent === cancel) cancelCurrent = null;
          if (!window.isDestroyed()) window.destroy();
          outcome();
        };
        const cancel = () =>
          settle(() => reject(new AppError('SESSION_SIGN_IN_CANCELLED', 'Sign-in was cancelled.')));
        cancelCurrent = cancel;
        active.set(request.partition, {
          webContentsId: contents.id,
          extraAcsUrls: request.extraAcsUrls,
          onPost: (details) => {
            try {
              const post = extractSamlPost({
                uploadData: details.uploadData,
                contentType: undefined,
                url: details.url,
                extraAcsUrls: request.extraAcsUrls,
              });
              settle(() => resolve(post));
            } catch (error) {
              settle(() => reject(error));
            }
          },
        });
        window.on('closed', cancel);
        contents.on('did-fail-load', (_event, errorCode, description, url, isMainFrame) => {
          if (!isMainFrame || errorCode === ERR_ABORTED) return;
          log.warn(`sign-in page failed to load (${errorCode} ${description}) at ${originOf(url)}`);
          settle(() =>
            reject(
              new AppError(
                'SESSION_IDP_UNREACHABLE',
                `The sign-in page of your organization cannot be reached (${originOf(request.signInUrl)}). Check your connection or VPN, then try again.`,
                { retryable: true },
              ),
            ),
          );
        });
        if (request.silent) {
          timer = setTimeout(
            () =>
              settle(() =>
                reject(
                  new AppError(
                    'SESSION_NEEDS_USER',
                    'Your organization wants you to sign in again to extend the session.',
                  ),
                ),
              ),
            silentTimeoutMs,
          );
        }
        // Load failures arrive through did-fail-load; an aborted first load (a redirect) is normal.
        window.loadURL(request.signInUrl).catch(() => undefined);
      });
    },

    cancel() {
      cancelCurrent?.();
    },

    async clear(partition) {
      const ses = electronSession.fromPartition(partition);
      await ses.clearStorageData();
      await ses.clearCache();
      await ses.clearAuthCache();
    },
  };
}
