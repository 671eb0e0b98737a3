import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The keychain states keychain-state.sh can produce (see there for how). */
export type KeychainState = 'no-dbus' | 'bad-bus-address' | 'no-secret-service' | 'no-keyring' | 'locked';

const here = fileURLToPath(new URL('.', import.meta.url));
export const childScript = join(here, 'keychain-child.ts');
const stateScript = join(here, 'keychain-state.sh');

// A session bus with no <servicedir>: nothing is auto-started, not even the system's gnome-keyring.
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=TMPDIR</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

export interface StateRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The gnome-keyring-daemon started for the state, if any (stopped again before the run ends). */
  daemonPid: number | null;
  /** The temporary HOME, already removed when the run returns. */
  home: string;
}

/**
 * Runs `command` with the keychain in `state`, in a clean environment (own HOME and XDG_RUNTIME_DIR, no
 * inherited D-Bus address, C locale so the library texts are the English ones). Kills the whole process
 * group after `timeoutMs` and always removes the temporary HOME.
 */
export async function runInKeychainState(
  state: KeychainState,
  command: string[],
  options: { timeoutMs?: number; seedCommand?: string } = {},
): Promise<StateRun> {
  const home = await mkdtemp(join(tmpdir(), 'fa-keychain-state-'));
  try {
    const runtimeDir = join(home, 'run');
    await mkdir(runtimeDir, { mode: 0o700 });
    const config = join(home, 'session-bus.conf');
    await writeFile(config, busConfig.replace('TMPDIR', home));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_RUNTIME_DIR: runtimeDir,
      LANG: 'C',
      LC_ALL: 'C',
      SEED_COMMAND: options.seedCommand ?? 'true',
    };
    return await new Promise<StateRun>((resolve, reject) => {
      const child = spawn('bash', [stateScript, state, config, '--', ...command], {
        env,
        cwd: home,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
        reject(
          new Error(`keychain state ${state} timed out after ${options.timeoutMs ?? 10_000} ms:\n${stderr}`),
        );
      }, options.timeoutMs ?? 10_000);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const pid = /keyring-daemon-pid=(\d+)/.exec(stderr)?.[1];
        resolve({ code, signal, stdout, stderr, daemonPid: pid ? Number(pid) : null, home });
      });
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
