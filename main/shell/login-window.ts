/**
 * The IdP's sign-in page in a window of its own (its own persistent partition per IdP, no preload,
 * sandboxed). A webRequest hook on that partition catches the POST to any AWS ACS form, hands its
 * body to the core parser, and cancels the request, so the assertion never reaches AWS sign-in.
 */
import { BrowserWindow, session as electronSession } from 'electron';
import { acsUrlFilterPatterns, isAwsAcsUrl } from '../auth/acs-urls.ts';
import { extractSamlPost, type CapturedSamlPost } from '../auth/saml-post-body.ts';
import type { CaptureRequest, LoginWindowPort } from '../auth/session-service.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { hardenSession } from './session-policy.ts';
import { setNavigationPolicy } from './web-contents-guards.ts';

const log = createLogger('login-window');
const silentTimeoutMs = 30_000;

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function createLoginWindow(parent: () => BrowserWindow | null): LoginWindowPort {
  let cancelActive: (() => void) | null = null;

  return {
    capture(request: CaptureRequest): Promise<CapturedSamlPost> {
      cancelActive?.();
      const ses = electronSession.fromPartition(request.partition);
      hardenSession(ses);
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
      // The IdP's own origins, and the ACS (its POST is cancelled by the hook below, not by a guard).
      setNavigationPolicy(
        window.webContents,
        (url) => allowedOrigins.has(originOf(url)) || isAwsAcsUrl(url, request.extraAcsUrls),
      );

      return new Promise<CapturedSamlPost>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const finish = (outcome: () => void) => {
          cancelActive = null;
          clearTimeout(timer);
          ses.webRequest.onBeforeRequest(null);
          if (!window.isDestroyed()) window.destroy();
          outcome();
        };
        cancelActive = () =>
          finish(() => reject(new AppError('SESSION_SIGN_IN_CANCELLED', 'Sign-in was cancelled.')));
        ses.webRequest.onBeforeRequest(
          { urls: acsUrlFilterPatterns(request.extraAcsUrls) },
          (details, callback) => {
            // Anything aimed at an ACS is cancelled, captured or not: nothing may reach AWS sign-in.
            callback({ cancel: true });
            if (!isAwsAcsUrl(details.url, request.extraAcsUrls) || details.method !== 'POST') return;
            try {
              const post = extractSamlPost({
                uploadData: details.uploadData,
                contentType: undefined,
                url: details.url,
                extraAcsUrls: request.extraAcsUrls,
              });
              finish(() => resolve(post));
            } catch (error) {
              finish(() => reject(error));
            }
          },
        );
        window.on('closed', () => cancelActive?.());
        if (request.silent) {
          timer = setTimeout(
            () =>
              finish(() =>
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
        window.loadURL(request.signInUrl).catch((error: Error) => {
          log.warn(`sign-in page failed to load: ${error.message}`);
          finish(() =>
            reject(
              new AppError(
                'SESSION_IDP_UNREACHABLE',
                `The sign-in page of your organization cannot be reached (${originOf(request.signInUrl)}). Check your connection or VPN, then try again.`,
                { retryable: true },
              ),
            ),
          );
        });
      });
    },

    cancel() {
      cancelActive?.();
    },

    async clear(partition) {
      const ses = electronSession.fromPartition(partition);
      await ses.clearStorageData();
      await ses.clearCache();
      await ses.clearAuthCache();
    },
  };
}
