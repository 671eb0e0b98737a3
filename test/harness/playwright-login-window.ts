/**
 * The harness's sign-in window: the IdP page in real Chromium (one browser context per IdP
 * partition, so its cookies persist like Electron's `persist:` partition). Every request goes through
 * the app's own capture state machine (main/auth/login-capture.ts), as the Electron hook does: requests
 * to AWS sign-in or an ACS are aborted, the page's form POST goes to the core parser, and nothing
 * reaches AWS. Navigation off the IdP's origins is aborted too.
 */
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { createLoginCaptures } from '../../main/auth/login-capture.ts';
import type { CapturedSamlPost } from '../../main/auth/saml-post-body.ts';
import type { CaptureRequest, LoginWindowPort } from '../../main/auth/session-service.ts';

export interface PlaywrightLoginWindow extends LoginWindowPort {
  /** The next sign-in page the app opens (a test fills in the IdP's form there). */
  nextPage(): Promise<Page>;
  /** ACS requests seen and aborted, and navigations refused. */
  readonly intercepted: { acs: string[]; refused: string[] };
  close(): Promise<void>;
}

export function createPlaywrightLoginWindow(
  browser: Browser,
  options: { silentTimeoutMs?: number } = {},
): PlaywrightLoginWindow {
  const captures = createLoginCaptures({ silentTimeoutMs: options.silentTimeoutMs ?? 15_000 });
  const contexts = new Map<string, BrowserContext>();
  const waiting: ((page: Page) => void)[] = [];
  const opened: Page[] = [];
  const intercepted = { acs: [] as string[], refused: [] as string[] };

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
      captures.cancel();
      const page = await (await contextFor(request.partition)).newPage();
      const capture = captures.begin(request, {
        owner: page,
        close: () => void page.close().catch(() => undefined),
      });
      await page.route('**/*', async (route: Route) => {
        const r = route.request();
        const url = r.url();
        const decision = captures.onRequest(request.partition, {
          url,
          method: r.method(),
          owner: page,
          navigation: r.isNavigationRequest(),
          body: async () => {
            const body = r.postDataBuffer();
            return {
              uploadData: body ? [{ bytes: body }] : [],
              contentType: (await r.headerValue('content-type')) ?? undefined,
            };
          },
        });
        if (decision === 'cancel') {
          intercepted.acs.push(url);
          return route.abort('aborted').catch(() => undefined);
        }
        if (r.isNavigationRequest() && !capture.allowsNavigation(url)) {
          intercepted.refused.push(url);
          return route.abort('blockedbyclient').catch(() => undefined);
        }
        return route.continue().catch(() => undefined);
      });
      page.on('close', capture.windowClosed);
      if (!request.silent) {
        const waiter = waiting.shift();
        if (waiter) waiter(page);
        else opened.push(page);
      }
      page.goto(request.signInUrl).catch((error: Error) => {
        capture.loadFailed({ mainFrame: true, errorText: error.message });
      });
      return capture.result;
    },

    cancel() {
      captures.cancel();
    },

    async clear(partition) {
      await contexts.get(partition)?.close();
      contexts.delete(partition);
    },

    async close() {
      captures.cancel();
      await Promise.all([...contexts.values()].map((c) => c.close().catch(() => undefined)));
      contexts.clear();
    },
  };
}
