/**
 * The app window in real Chromium: the built renderer, served by the harness through the same
 * app-asset code and CSP as app://, talking to main's real handlers over the harness bridge.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness/harness-server.ts';
import { launchChromium } from '../support/chromium.ts';
import { screenshotPath } from '../support/screenshots.ts';

let browser: Browser;
let harness: Harness;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  [browser, harness] = await Promise.all([launchChromium(), startHarness()]);
  page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await page.goto(harness.url);
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

describe('app window (Chromium + harness)', () => {
  it('loads, calls app.version over IPC and renders the answer', async () => {
    await expect.poll(() => page.getByTestId('app-version').textContent()).toBe('v0.1.0');
    const runtime = await page.getByTestId('runtime').textContent();
    expect(runtime).toContain(`Node ${process.versions.node}`);
    expect(runtime).toContain('Browser harness');
    expect(harness.calls.get('app.version')).toBeGreaterThanOrEqual(1);
    // The token left the address bar once read.
    expect(page.url()).not.toContain(harness.token);
    await expect
      .poll(() => page.getByTestId('health').textContent())
      .toContain('The local data folder is writable.');
    await page.screenshot({ path: screenshotPath('app-window') });
  });

  it("shows a handler's failure as its message with a retry, never a stack or a secret", async () => {
    const failing = await startHarness({
      handlers: {
        'app.health': () => {
          throw new Error('disk on fire at /home/ann/.config with AKIAABCDEFGHIJKLMNOP');
        },
      },
    });
    const errorPage = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    try {
      await errorPage.goto(failing.url);
      const alert = errorPage.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('Something went wrong inside the app.');
      const text = await errorPage.locator('body').innerText();
      expect(text).not.toMatch(/AKIA|disk on fire|at .*\.ts|Error:/);
      const before = failing.calls.get('app.health') ?? 0;
      await errorPage.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => failing.calls.get('app.health')).toBe(before + 1);
      await errorPage.screenshot({ path: screenshotPath('app-window-error') });
    } finally {
      await errorPage.close();
      await failing.close();
    }
  });

  it('returns typed errors to the page: validation and refusals as code + message', async () => {
    const results = await page.evaluate(async () => {
      const api = window.annotator!;
      return {
        malformed: await api.app.openExternal({ url: 42 as unknown as string }),
        refused: await api.app.openExternal({ url: 'file:///etc/passwd' }),
        allowed: await api.app.openExternal({ url: 'https://docs.federated-annotator.example/start' }),
      };
    });
    expect(results.malformed).toEqual({
      ok: false,
      error: {
        code: 'INVALID_REQUEST',
        message: expect.stringMatching(/^The window asked for something the app cannot accept/),
      },
    });
    expect(results.refused).toEqual({
      ok: false,
      error: { code: 'EXTERNAL_URL_REFUSED', message: expect.stringContaining('"file:///etc/passwd"') },
    });
    expect(results.allowed).toEqual({ ok: true, value: { opened: true } });
    expect(harness.openedExternally).toEqual(['https://docs.federated-annotator.example/start']);
  });

  it('delivers main → renderer events to typed subscriptions', async () => {
    await page.evaluate(() => {
      const seen: unknown[] = [];
      (window as unknown as { seen: unknown[] }).seen = seen;
      window.annotator!.app.onHealthChanged((payload) => seen.push(payload));
    });
    const payload = { ok: true, uptimeMs: 7, checks: [{ name: 'ipc', ok: true, detail: 'fine' }] };
    await expect
      .poll(async () => {
        harness.bus.emit('app.healthChanged', payload);
        return page.evaluate(() => (window as unknown as { seen: unknown[] }).seen.length);
      })
      .toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen[0])).toEqual(payload);
  });

  it('enforces the CSP header: no inline script, no frames, no foreign fetch', async () => {
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      const frame = document.createElement('iframe');
      frame.src = '/index.html';
      document.body.append(frame);
      let fetched = true;
      await fetch('https://example.com/').catch(() => (fetched = false));
      await new Promise((r) => setTimeout(r, 200));
      return { inlineRan: 'inlineRan' in window, fetched, violations };
    });
    expect(outcome.inlineRan).toBe(false);
    expect(outcome.fetched).toBe(false);
    expect(outcome.violations).toEqual(
      expect.arrayContaining(['script-src-elem', 'frame-src', 'connect-src']),
    );
  });

  it('refuses IPC without the token, from a foreign origin, and from a subframe', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${harness.origin}/__ipc/invoke/app.version`, { method: 'POST', headers, body: '{}' });
    expect((await post({ origin: harness.origin })).status).toBe(401);
    const foreign = await post({
      origin: 'http://127.0.0.1:1',
      'x-harness-token': harness.token,
      'x-harness-frame': 'main',
    });
    expect(await foreign.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    const sub = await post({
      origin: harness.origin,
      'x-harness-token': harness.token,
      'x-harness-frame': 'sub',
    });
    expect(await sub.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });

    // A page on another origin cannot even reach the bridge: the custom headers need a CORS
    // preflight, which the harness never grants.
    const other: Server = createServer((_q, r) => r.end('<html><body>other</body></html>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherPage = await browser.newPage();
    try {
      await otherPage.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
      const attempt = await otherPage.evaluate(
        async ({ origin, token }) =>
          fetch(`${origin}/__ipc/invoke/app.version`, {
            method: 'POST',
            headers: {
              'x-harness-token': token,
              'x-harness-frame': 'main',
              'content-type': 'application/json',
            },
            body: '{}',
          }).then(
            (r) => `status ${r.status}`,
            (e: Error) => `blocked: ${e.message}`,
          ),
        { origin: harness.origin, token: harness.token },
      );
      expect(attempt).toMatch(/^blocked/);
    } finally {
      await otherPage.close();
      other.close();
    }
  });

  it('logged no errors in the page console except the provoked ones', () => {
    const unexpected = consoleErrors.filter(
      (e) => !/Content Security Policy|Failed to fetch|CORS|net::ERR/i.test(e),
    );
    expect(unexpected).toEqual([]);
  });
});
