/**
 * A newcomer's path in a clean clone, through the commands a person types: `npm start` with no
 * node_modules installs them first and, where Electron's runtime cannot be downloaded, says so and
 * names the command that works; `npm run dev:browser` then starts the sandbox itself, opens the app
 * in its own Chromium (driven here through Chromium's DevTools port), imports an organization file
 * through the picker, changes organization, tries the sandbox, signs in in the IdP window and opens a
 * task. The clone is of the committed tree; `npm ci` is a stand-in that links this checkout's
 * node_modules (the registry is not reachable here), recording that it was asked for.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/harness-server.ts';
import { seriousAccessibilityProblems } from '../support/axe.ts';
import { openProject } from '../support/annotator-app.ts';

let dir: string;
let clone: string;
let npmLog: string;
let binDir: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-first-run-'));
  clone = path.join(dir, 'clone');
  execFileSync('git', ['clone', '--quiet', '--local', '--no-hardlinks', repoRoot, clone]);
  // `npm ci` stand-in: records its arguments, links the installed packages, and leaves the lock
  // file older than them, as a real install does.
  npmLog = path.join(dir, 'npm.log');
  binDir = path.join(dir, 'bin');
  mkdirSync(binDir);
  writeFileSync(
    path.join(binDir, 'npm'),
    [
      '#!/bin/sh',
      `echo "$PWD $*" >> '${npmLog}'`,
      `[ "$1" = ci ] && ln -sfn '${path.join(repoRoot, 'node_modules')}' node_modules && touch -d 2000-01-01 package-lock.json`,
      'exit 0',
    ].join('\n'),
  );
  chmodSync(path.join(binDir, 'npm'), 0o755);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PATH as a fresh machine has it: the system's npm and Node, no node_modules/.bin. */
function systemPath(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((p) => !p.includes('node_modules'))
    .join(path.delimiter);
}

/** What the npm ci stand-in leaves: the packages linked, the lock file older than them. */
function linkPackages(): void {
  execFileSync('sh', ['-c', `[ -e node_modules ] || '${path.join(binDir, 'npm')}' ci`], { cwd: clone });
}

describe('a first run anywhere', () => {
  it(
    'npm start with no node_modules installs them, then explains that Electron cannot be downloaded',
    { timeout: 120_000 },
    async () => {
      const refused = await freePort();
      const result = spawnSync('node', ['scripts/start.mjs'], {
        cwd: clone,
        encoding: 'utf8',
        timeout: 90_000,
        env: {
          ...process.env,
          PATH: `${binDir}${path.delimiter}${systemPath()}`,
          // A download host that refuses, an empty download cache, a binary that is not there.
          ELECTRON_MIRROR: `http://127.0.0.1:${refused}/`,
          electron_config_cache: path.join(dir, 'electron-cache'),
          ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron'),
        },
      });
      expect(readFileSync(npmLog, 'utf8').trim()).toBe(`${clone} ci --no-audit --no-fund`);
      expect(result.status).toBe(3);
      expect(result.stderr).toContain(
        `Electron's runtime could not be downloaded from 127.0.0.1:${refused} (the connection was refused)`,
      );
      expect(result.stderr).toContain('ELECTRON_GET_USE_PROXY=true');
      expect(result.stderr).toContain('ELECTRON_MIRROR=');
      expect(result.stderr).toContain('What works here without Electron: npm run dev:browser');
      // One message for people, not Electron's stack or its "delete node_modules/electron" advice.
      expect(result.stderr).not.toMatch(/\n\s+at |delete `node_modules\/electron`/);
    },
  );

  it(
    'npm run dev:browser: the sandbox started for you, a file through the picker, change organization, try the sandbox, sign in, a task',
    { timeout: 180_000 },
    async () => {
      linkPackages();
      const debugPort = await freePort();
      const args = ['--headless', '--debug-port', String(debugPort), '--sandbox-ports', 'random'];
      const sandboxFile = path.join(dir, 'sandbox', 'organization.json');
      const child = spawn('npm', ['run', '--silent', 'dev:browser', '--', ...args], {
        cwd: clone,
        detached: true, // its own process group: npm, the script, the sandbox and Chromium stop together
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          PATH: systemPath(),
          HARNESS_PORT: '0',
          FA_USER_DATA: path.join(dir, 'app-data'),
          FA_SANDBOX_FILE: sandboxFile,
          FA_SANDBOX_DATA: path.join(dir, 'sandbox-data'),
          FA_KEYCHAIN: `Federated Annotator first run ${process.pid}`,
        },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let browser: Browser | null = null;
      try {
        await expect.poll(() => output, { timeout: 90_000, interval: 200 }).toContain('Ctrl-C');
        expect(output).toMatch(/sandbox: {2}started here/);
        const origin = /app: +(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
        browser = await chromium.connectOverCDP(`http://127.0.0.1:${debugPort}`);
        const context = browser.contexts()[0]!;
        const page = context.pages().find((p) => p.url().startsWith(origin))!;
        expect(page).toBeDefined();

        // The file from IT, through the picker (the sandbox's own file, copied where a person keeps it).
        const fromIt = path.join(dir, 'from-it.json');
        copyFileSync(sandboxFile, fromIt);
        await expect.poll(() => page.getByRole('button', { name: /Try the sandbox/ }).count()).toBe(1);
        expect(await seriousAccessibilityProblems(page)).toEqual([]);
        // Stuck before anything works: diagnostics for IT are one click away.
        await page.getByRole('button', { name: 'Export diagnostics' }).click();
        await expect
          .poll(() => page.getByTestId('diagnostics-saved').textContent())
          .toMatch(
            /^Saved for your IT team: .*app-data\/diagnostics\/federated-annotator-diagnostics-[\d-]+\.zip/,
          );
        const chooser = page.waitForEvent('filechooser');
        await page.getByRole('button', { name: /Use the file from IT/ }).click();
        await (await chooser).setFiles(fromIt);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
          .toBe('Sign in to Sandbox organization');

        // Change organization: back to the first run.
        await page.getByRole('button', { name: 'Change organization' }).click();
        await expect.poll(() => page.getByRole('button', { name: /Try the sandbox/ }).count()).toBe(1);

        await page.getByRole('button', { name: /Try the sandbox/ }).click();
        const signInPage = context.waitForEvent('page', { timeout: 20_000 });
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        const idp = await signInPage;
        await idp.waitForURL(/\/sso/);
        await idp.fill('input[name="username"]', 'annotator');
        await idp.fill('input[name="password"]', 'lab-password');
        await idp.locator('input[name="password"]').press('Enter');
        await expect.poll(() => page.getByTestId('session-badge').count(), { timeout: 20_000 }).toBe(1);

        await openProject(page, 'Shapes: bounding boxes');
        await page.getByTestId('task-list').getByRole('button').first().click();
        await expect
          .poll(() => page.getByTestId('task-position').textContent(), { timeout: 15_000 })
          .toMatch(/^Task 1 of \d+/);
      } finally {
        await browser?.close().catch(() => undefined);
        // Ctrl-C in the terminal: the whole process group gets SIGINT; npm exits at once, the app
        // cleans up behind it. Wait for the group to be gone (SIGKILL only if it hangs).
        process.kill(-child.pid!, 'SIGINT');
        await exited;
        await expect
          .poll(() => groupAlive(child.pid!), { timeout: 20_000, interval: 100 })
          .toBe(false)
          .catch((error: unknown) => {
            process.kill(-child.pid!, 'SIGKILL');
            throw error;
          });
      }
      // Ctrl-C stopped the sandbox it started: nothing offers a dead sandbox afterwards.
      expect(existsSync(sandboxFile)).toBe(false);
    },
  );
});
