/**
 * `npm run dev:browser`: the app without Electron, for a person. Main's handlers run in this process
 * (Node 24); the app opens in a Chromium window that also serves as the IdP sign-in window (the app's
 * own capture rules, as in Electron); the sandbox is started if none is running, so "Try the sandbox"
 * works at once; "Use the file from IT" opens a file picker. Loopback only.
 *   --data <dir>        the app's data folder (default ~/.federated-annotator-browser, FA_USER_DATA)
 *   --sandbox auto|off  auto (default): use a running sandbox, else start one in this process
 *   --sandbox-ports fixed|random   --headless   --no-open (print the URL; sign-in needs the window)
 *   --debug-port <n>    Chromium's DevTools port (tests drive the windows through it)
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { isOwnPrivateFile, sandboxOrganizationFile } from '../../main/config/sandbox-location.ts';
import { startSandbox, type Sandbox } from '../lab/sandbox.ts';
import { repoRoot, startHarness } from './harness-server.ts';
import { createPlaywrightLoginWindow } from './playwright-login-window.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    sandbox: { type: 'string', default: 'auto' },
    'sandbox-ports': { type: 'string', default: 'fixed' },
    headless: { type: 'boolean', default: false },
    'no-open': { type: 'boolean', default: false },
    'debug-port': { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (!existsSync(path.join(repoRoot, 'dist/renderer/index.html')))
  fail('No built renderer: run `npm run build` first (`npm run dev:browser` does it for you).');

/** A Chromium to drive: CHROMIUM_PATH, Debian's, else an installed Chrome or Edge. */
async function launchBrowser(): Promise<Browser> {
  const headless =
    values.headless || (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
  if (headless && !values.headless)
    console.log('No display found: Chromium runs headless (use --debug-port to reach it).');
  const args = [
    '--no-first-run',
    '--disable-sync',
    '--disable-component-update',
    ...(values['debug-port'] ? [`--remote-debugging-port=${Number(values['debug-port'])}`] : []),
    // Debian's Chromium as root (containers) refuses to start with its sandbox.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
  const explicit =
    process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null);
  const attempts = explicit ? [{ executablePath: explicit }] : [{ channel: 'chrome' }, { channel: 'msedge' }];
  let last: unknown;
  for (const attempt of attempts) {
    try {
      return await chromium.launch({ ...attempt, headless, args });
    } catch (error) {
      last = error;
    }
  }
  throw new Error(
    'No Chromium, Chrome or Edge found to open the app and its sign-in window. Install one, or set ' +
      'CHROMIUM_PATH to its executable.',
    { cause: last },
  );
}

/** Whether the sandbox that wrote `file` still answers (a killed one leaves its file behind). */
async function sandboxAnswers(file: string): Promise<boolean> {
  if (!(await isOwnPrivateFile(file))) return false;
  try {
    const { aws } = JSON.parse(await readFile(file, 'utf8')) as { aws?: { stsEndpoint?: string } };
    await fetch(aws?.stsEndpoint ?? 'http://127.0.0.1:1/', { signal: AbortSignal.timeout(1_500) });
    return true;
  } catch {
    return false;
  }
}

/** The running sandbox's file, else a sandbox started here (its data folder and ports are kept). */
async function sandboxFor(mode: string): Promise<{ file: string; started: Sandbox | null }> {
  const file = sandboxOrganizationFile();
  if (mode === 'off' || (await sandboxAnswers(file))) return { file, started: null };
  const started = await startSandbox({ ports: values['sandbox-ports'] === 'random' ? 'random' : 'fixed' });
  return { file: started.organizationFile, started };
}

const userDataDir = path.resolve(
  values.data ?? process.env.FA_USER_DATA ?? path.join(homedir(), '.federated-annotator-browser'),
);
const started = performance.now();
// Ctrl-C at any point stops what was started so far; each step is bounded, so one that hangs (a
// browser busy dying from the same Ctrl-C) cannot keep the sandbox's file offering a dead sandbox.
let sandbox: Awaited<ReturnType<typeof sandboxFor>> | null = null;
let browser: Browser | null = null;
let login: ReturnType<typeof createPlaywrightLoginWindow> | null = null;
let harness: Awaited<ReturnType<typeof startHarness>> | null = null;
let closing = false;
const bounded = (work: Promise<unknown> | undefined) =>
  Promise.race([work?.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
async function shutdown(code: number): Promise<never> {
  if (closing) return new Promise<never>(() => undefined);
  closing = true;
  await Promise.all([bounded(sandbox?.started?.close()), bounded(login?.close()), bounded(browser?.close())]);
  await bounded(harness?.close());
  process.exit(code);
}
/** A failure while starting: say why, and stop what already runs (the sandbox above all). */
function stopWith(error: unknown): Promise<never> {
  console.error((error as Error).message);
  return shutdown(1);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

sandbox = await sandboxFor(values.sandbox).catch(stopWith);
browser = values['no-open'] ? null : await launchBrowser().catch(stopWith);
login = browser ? createPlaywrightLoginWindow(browser, { silentTimeoutMs: 15_000 }) : null;
harness = await startHarness({
  port: Number(process.env.HARNESS_PORT ?? 5183),
  userDataDir,
  auth: {
    keychainService: process.env.FA_KEYCHAIN ?? 'Federated Annotator (browser)',
    sandboxFile: sandbox.file,
    ...(login ? { loginWindow: login } : {}),
  },
});

if (browser) {
  const context = await browser.newContext({ viewport: null });
  const page = await context.newPage();
  await page.goto(harness.url);
  // Closing the app's window quits, as with the desktop app.
  page.on('close', () => void shutdown(0));
}
console.log(
  [
    `Federated Annotator (browser) ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    `  app:      ${harness.origin}${browser ? ' (opened in its own Chromium window)' : ''}`,
    `  Open: ${harness.url}`,
    `  data:     ${userDataDir}`,
    sandbox.started
      ? `  sandbox:  started here (${sandbox.started.lab.sts.endpoint}); sign in as "annotator", password "${sandbox.started.lab.password}"`
      : `  sandbox:  ${values.sandbox === 'off' ? 'off' : `the running one (${sandbox.file})`}`,
    ...(browser ? [] : ["  Sign-in needs the app's own window: run without --no-open to use it."]),
    'Ctrl-C (or closing the window) stops everything.',
  ].join('\n'),
);
