/**
 * The sign-in window's state machine, without Electron: one capture at a time (a new one cancels the
 * one before), every request to AWS sign-in or an ACS cancelled, the window's own form POST to the
 * ACS handed to the SAML parser, a silent refresh that gives up when the IdP wants a person, load
 * failures told apart from the aborted loads redirects cause, and one outcome per capture whatever
 * arrives after it. The Electron login window and the harness's Playwright window both drive it, so
 * end-to-end tests exercise this code, not a copy.
 */
import { isAwsAcsUrl, isAwsSigninUrl } from './acs-urls.ts';
import { extractSamlPost, type CapturedSamlPost, type UploadChunk } from './saml-post-body.ts';
import type { CaptureRequest } from './session-service.ts';
import { AppError } from '../errors.ts';

/** The host's window for one capture: who its requests come from, and how to close it. */
export interface CaptureWindow {
  /** Identifies the window's requests (Electron: webContents id; Playwright: the page). */
  owner: unknown;
  close(): void;
}

/** One request as the host's hook sees it (every request of the IdP partition passes by). */
export interface ObservedRequest {
  url: string;
  method: string;
  /** The window the request comes from (compared with CaptureWindow.owner). */
  owner: unknown;
  /** A document load (top frame or frame, e.g. a form POST), not a script's fetch or a resource. */
  navigation: boolean;
  /** The body, read only for the capture's own POST to the ACS. */
  body(): PostBody | Promise<PostBody>;
}

export interface PostBody {
  uploadData: readonly UploadChunk[] | undefined;
  contentType: string | undefined;
}

/** A failed document load: Chromium's error code when the host has it, else its text. */
export interface LoadFailure {
  mainFrame: boolean;
  errorCode?: number;
  errorText?: string;
}

export interface ActiveCapture {
  /** Settles once: the captured POST, or why there is none. */
  readonly result: Promise<CapturedSamlPost>;
  /** May the window navigate there? The IdP's own origins and the ACS (whose POST is cancelled). */
  allowsNavigation(url: string): boolean;
  /** True when the failure ends the capture (not an aborted load, not a frame's). */
  loadFailed(failure: LoadFailure): boolean;
  /** The window went away (the person closed it): the capture is cancelled. */
  windowClosed(): void;
}

export interface LoginCaptures {
  /** Cancels the capture in progress, if any, and starts this one in `window`. */
  begin(request: CaptureRequest, window: CaptureWindow): ActiveCapture;
  /** The hook's decision for one request of `partition`: cancel AWS sign-in and ACS requests. */
  onRequest(partition: string, request: ObservedRequest): 'continue' | 'cancel';
  cancel(): void;
}

export interface LoginCapturesOptions {
  /** How long a silent refresh waits for the IdP to post without a person (default 30 s). */
  silentTimeoutMs?: number;
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}

// Chromium's net::ERR_ABORTED: a load replaced by another navigation (redirects, auto-submitted forms).
const ERR_ABORTED = -3;

export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function isAborted(failure: LoadFailure): boolean {
  if (failure.errorCode !== undefined) return failure.errorCode === ERR_ABORTED;
  // Playwright reports the same as text ("net::ERR_ABORTED"), and a page closed meanwhile.
  return /abort|closed/i.test(failure.errorText ?? '');
}

const cancelled = () => new AppError('SESSION_SIGN_IN_CANCELLED', 'Sign-in was cancelled.');
const needsUser = () =>
  new AppError('SESSION_NEEDS_USER', 'Your organization wants you to sign in again to extend the session.');
const unreachable = (signInUrl: string) =>
  new AppError(
    'SESSION_IDP_UNREACHABLE',
    `The sign-in page of your organization cannot be reached (${originOf(signInUrl)}). Check your connection or VPN, then try again.`,
    { retryable: true },
  );

interface Capture {
  partition: string;
  request: CaptureRequest;
  window: CaptureWindow;
  settle(outcome: { post: CapturedSamlPost } | { error: unknown }): void;
}

export function createLoginCaptures(options: LoginCapturesOptions = {}): LoginCaptures {
  const timers = options.timers ?? {
    set: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clear: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
  };
  let current: Capture | null = null;

  function take(capture: Capture, request: ObservedRequest): void {
    void (async () => {
      try {
        const body = await request.body();
        const post = extractSamlPost({
          ...body,
          url: request.url,
          extraAcsUrls: capture.request.extraAcsUrls,
        });
        capture.settle({ post });
      } catch (error) {
        capture.settle({ error });
      }
    })();
  }

  return {
    begin(request, window) {
      current?.settle({ error: cancelled() });
      let settled = false;
      let timer: unknown;
      let resolve!: (post: CapturedSamlPost) => void;
      let reject!: (error: unknown) => void;
      const result = new Promise<CapturedSamlPost>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const capture: Capture = {
        partition: request.partition,
        request,
        window,
        // Every exit goes through here once: later events of this window cannot touch another capture.
        settle(outcome) {
          if (settled) return;
          settled = true;
          if (timer !== undefined) timers.clear(timer);
          if (current === capture) current = null;
          window.close();
          if ('post' in outcome) resolve(outcome.post);
          else reject(outcome.error);
        },
      };
      current = capture;
      if (request.silent)
        timer = timers.set(() => capture.settle({ error: needsUser() }), options.silentTimeoutMs ?? 30_000);
      const allowedOrigins = new Set([request.signInUrl, ...request.allowedOrigins].map(originOf));
      return {
        result,
        allowsNavigation: (url) =>
          allowedOrigins.has(originOf(url)) || isAwsAcsUrl(url, request.extraAcsUrls),
        loadFailed(failure) {
          if (!failure.mainFrame || isAborted(failure) || settled) return false;
          capture.settle({ error: unreachable(request.signInUrl) });
          return true;
        },
        windowClosed: () => capture.settle({ error: cancelled() }),
      };
    },

    onRequest(partition, request) {
      const capture = current?.partition === partition ? current : null;
      const extraAcsUrls = capture?.request.extraAcsUrls ?? [];
      const acs = isAwsAcsUrl(request.url, extraAcsUrls);
      if (!acs && !isAwsSigninUrl(request.url)) return 'continue';
      // Nothing reaches AWS sign-in, whatever state a sign-in is in; only the capture window's own
      // form POST to the ACS is the sign-in (a script's fetch or another window's request is not).
      if (
        acs &&
        capture &&
        request.method === 'POST' &&
        request.navigation &&
        request.owner === capture.window.owner
      ) {
        take(capture, request);
      }
      return 'cancel';
    },

    cancel() {
      current?.settle({ error: cancelled() });
    },
  };
}
