/**
 * An annotator's app in the browser harness, signed in against the lab: its own data folder,
 * organization file ("Try the sandbox") and sign-in window (the lab IdP's page in real Chromium).
 * Multi-role users pick the role named by `role`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ParsedPolicy } from '../../main/config/policy/policy-schema.ts';
import { startHarness, type Harness } from '../harness/harness-server.ts';
import { createPlaywrightLoginWindow } from '../harness/playwright-login-window.ts';
import type { Lab } from '../lab/lab.ts';

export interface AnnotatorApp {
  page: Page;
  harness: Harness;
  /** Bodies of every IPC answer the page received (scans for secrets, sizes). */
  ipcAnswers: string[];
  /** Uncaught errors in the page (a test expects none). */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openAnnotatorApp(options: {
  browser: Browser;
  lab: Lab;
  dir: string;
  name: string;
  username: string;
  organization: object;
  /** For users with several roles: the role's name in the picker. */
  role?: string;
  /** Where the app's page opens (default: a fresh in-memory context of `browser`), e.g. a profile on disk. */
  context?: BrowserContext;
  /** IT's policy on this computer (default: none). */
  readPolicy?: () => Promise<ParsedPolicy | null>;
}): Promise<AnnotatorApp> {
  const { browser, lab, dir, name } = options;
  const orgFile = path.join(dir, `${name}-organization.json`);
  writeFileSync(orgFile, JSON.stringify(options.organization));
  const login = createPlaywrightLoginWindow(browser);
  const harness = await startHarness({
    userDataDir: path.join(dir, name),
    auth: {
      loginWindow: login,
      keychainService: 'memory',
      sandboxFile: orgFile,
      ...(options.readPolicy ? { readPolicy: options.readPolicy } : {}),
    },
  });
  const page = options.context
    ? await options.context.newPage()
    : await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const ipcAnswers: string[] = [];
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  page.on('response', async (response) => {
    if (response.url().includes('/__ipc/')) ipcAnswers.push(await response.text().catch(() => ''));
  });
  await page.goto(harness.url);
  await page.getByRole('button', { name: /Try the sandbox/ }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const idp = await login.nextPage();
  await idp.fill('input[name="username"]', options.username);
  await idp.fill('input[name="password"]', lab.password);
  await idp.locator('input[name="password"]').press('Enter');
  if (options.role) {
    await page.getByLabel(options.role).check();
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await expect.poll(() => page.getByTestId('session-badge').count(), { timeout: 15_000 }).toBe(1);
  return {
    page,
    harness,
    ipcAnswers,
    pageErrors,
    async close() {
      await page.close();
      await harness.close();
      await login.close();
    },
  };
}

/** Opens a project from the sidebar and waits for its first listed rows. */
export async function openProject(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Projects' }).getByRole('button', { name }).click();
  await expect
    .poll(() => page.getByTestId('task-count').textContent(), { timeout: 15_000 })
    .toMatch(/^[1-9][\d,]* tasks?/);
}
