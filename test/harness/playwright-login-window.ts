/**
 * The harness's sign-in window: the IdP page in real Chromium (one browser context per IdP
 * partition, so its cookies persist like Electron's `persist:` partition). Requests to an AWS ACS are
 * intercepted and aborted exactly as the Electron hook cancels them: the body goes to the same core
 * parser, and nothing reaches AWS. Navigation off the IdP's origins is aborted too.
 */
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { isAwsAcsUrl, isAwsSigninUrl } from '../../main/auth/acs-urls.ts';
import { extractSamlPost, type CapturedSamlPost } from '../../main/auth/saml-post-body.ts';
import type { CaptureRequest, LoginWindowPort } from '../../main/auth/session-service.ts';
import { AppError } from '../../main/errors.ts';

export interface PlaywrightLoginWindow extends LoginWindowPort {
  /** The next sign-in page the app opens (a test fills in the IdP's form there). */
  nextPage(): Promise<Page>;
  /** ACS requests seen and aborted, and navigations refused. */
  readonly intercepted: { acs: string[]; refused: string[] };
  close(): Promise<void>;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function createPlaywrightLoginWindow(
  browser: Browser,
  options: { silentTimeoutMs?: number } = {},
): PlaywrightLoginWindow {
  const contexts = new Map<string, BrowserContext>();
  const waiting: ((page: Page) => void)[] = [];
  const opened: Page[] = [];
  const intercepted = { acs: [] as string[], refused: [] as string[] };
  let cancelActive: (() => void) | null = null;

  async function contextFor(partition: string): Promise<BrowserContext> {
    let context = contexts.get(partition);
    if (!context) contexts.set(partition, (context = await browser.newContext()));
    return context;
  }

  return {
    intercepted,
    nextPage: () =>
      new Promise<Page>((resolve) => (opened.length ? resolve(opened.shift()!) : waiting.push(resolve))),

    async capture(request: CaptureRequest): Promise<CapturedSamlPost> {
      cancelActive?.();
      const page = await (await contextFor(request.partition)).newPage();
      const allowed = new Set([request.signInUrl, ...request.allowedOrigins].map(originOf));
      return new Promise<CapturedSamlPost>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const finish = (outcome: () => void) => {
          cancelActive = null;
          clearTimeout(timer);
          void page.close().catch(() => undefined);
          outcome();
        };
        cancelActive = () =>
          finish(() => reject(new AppError('SESSION_SIGN_IN_CANCELLED', 'Sign-in was cancelled.')));
        void page.route('**/*', async (route: Route) => {
          const r = route.request();
          const url = r.url();
          // As the Electron hook: anything to AWS sign-in is aborted; only the page's own form POST
          // (a navigation, not a script's fetch) to the ACS is taken as the sign-in.
          if (isAwsSigninUrl(url) || isAwsAcsUrl(url, request.extraAcsUrls)) {
            intercepted.acs.push(url);
            await route.abort('aborted');
            if (r.method() !== 'POST' || !r.isNavigationRequest() || !isAwsAcsUrl(url, request.extraAcsUrls))
              return;
            try {
              const body = r.postDataBuffer();
              const post = extractSamlPost({
                uploadData: body ? [{ bytes: body }] : [],
                contentType: (await r.headerValue('content-type')) ?? undefined,
                url,
                extraAcsUrls: request.extraAcsUrls,
              });
              finish(() => resolve(post));
            } catch (error) {
              finish(() => reject(error));
            }
            return;
          }
          if (r.isNavigationRequest() && !allowed.has(originOf(url))) {
            intercepted.refused.push(url);
            return route.abort('blockedbyclient');
          }
          return route.continue();
        });
        page.on('close', () => cancelActive?.());
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
            options.silentTimeoutMs ?? 15_000,
          );
        } else {
          const waiter = waiting.shift();
          if (waiter) waiter(page);
          else opened.push(page);
        }
        page.goto(request.signInUrl).catch((error: Error) => {
          if (!/aborted|closed/i.test(error.message)) {
            finish(() =>
              reject(
                new AppError(
                  'SESSION_IDP_UNREACHABLE',
                  'The sign-in page of your organization cannot be reached.',
                  { retryable: true },
                ),
              ),
            );
          }
        });
      });
    },

    cancel() {
      cancelActive?.();
    },

    async clear(partition) {
      await contexts.get(partition)?.close();
      contexts.delete(partition);
    },

    async close() {
      cancelActive?.();
      await Promise.all([...contexts.values()].map((c) => c.close().catch(() => undefined)));
      contexts.clear();
    },
  };
}
