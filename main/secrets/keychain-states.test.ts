/**
 * Each keychain state the probe must recognise, produced for real in a child process (the test run
 * itself sits in a session with an unlocked keyring, see scripts/with-keyring.sh).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { keychainMessages } from './secret-store.ts';
import type { KeychainErrorCode } from './secret-store.ts';
import { childScript, isAlive, runInKeychainState } from './test-support/keychain-state.ts';
import type { KeychainState, StateRun } from './test-support/keychain-state.ts';

const node = process.execPath;
const service = 'Federated Annotator state test';
const seedCommand = `'${node}' '${childScript}' '${service}' seed`;

interface Outcome {
  ok: boolean;
  value?: unknown;
  code?: string;
  message?: string;
  detail?: string;
}
interface ChildReport {
  status: { code: string; message: string; persistent: boolean; detail?: string };
  opened: { code: string; persistent: boolean };
  getSeeded: Outcome;
  set: Outcome;
  list: Outcome;
  clear: Outcome;
  deleteSeeded: Outcome;
  wipeIdp: Outcome;
  logged: string[];
}

async function probeIn(state: KeychainState): Promise<{ run: StateRun; report: ChildReport }> {
  const run = await runInKeychainState(state, [node, childScript, service, 'probe'], { seedCommand });
  expect(run.code, run.stderr).toBe(0);
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  return { run, report: JSON.parse(line) as ChildReport };
}

function expectFailure(outcome: Outcome, code: KeychainErrorCode): void {
  expect(outcome).toMatchObject({ ok: false, code, message: keychainMessages[code] });
}

const cases: { state: KeychainState; code: KeychainErrorCode; detail: RegExp; readsFail: boolean }[] = [
  {
    state: 'no-dbus',
    code: 'KEYCHAIN_NO_DBUS',
    detail: /Cannot autolaunch D-Bus without X11 \$DISPLAY/,
    readsFail: true,
  },
  {
    state: 'bad-bus-address',
    code: 'KEYCHAIN_NO_DBUS',
    detail: /Could not connect: No such file or directory/,
    readsFail: true,
  },
  {
    state: 'no-secret-service',
    code: 'KEYCHAIN_NO_SECRET_SERVICE',
    detail: /The name org\.freedesktop\.secrets was not provided by any \.service files/,
    readsFail: true,
  },
  {
    state: 'no-keyring',
    code: 'KEYCHAIN_NO_KEYRING',
    detail: /Object does not exist at path .\/org\/freedesktop\/secrets\/collection\/login/,
    readsFail: false,
  },
  {
    state: 'locked',
    code: 'KEYCHAIN_LOCKED',
    detail: /Cannot create an item in a locked collection/,
    readsFail: false,
  },
];

describe('keychain states, each produced for real in a child process', () => {
  it.each(cases)('$state → $code', async ({ state, code, detail, readsFail }) => {
    const started = Date.now();
    const { run, report } = await probeIn(state);

    expect(report.status).toMatchObject({ code, message: keychainMessages[code], persistent: false });
    expect(report.status.detail).toMatch(detail);
    // At start the app falls back to memory and keeps the reason to show.
    expect(report.opened).toEqual({ code, persistent: false });

    // After the probe, writes (and listing) fail with the same typed error.
    expectFailure(report.set, code);
    expectFailure(report.list, code);
    expectFailure(report.clear, code);
    // Sign-out cannot pretend it removed anything.
    expectFailure(report.wipeIdp, code);
    if (readsFail) {
      expectFailure(report.getSeeded, code);
      expectFailure(report.deleteSeeded, code);
    } else {
      // With a Secret Service but no usable collection, libsecret answers reads with "absent", no error.
      expect(report.getSeeded).toEqual({ ok: true, value: null });
      expect(report.deleteSeeded).toEqual({ ok: true, value: false });
    }

    const logs = report.logged.join('\n');
    expect(logs).toContain(code);
    expect(logs).not.toMatch(/seeded-value|new-value/);

    // No daemon outlives its state; the temporary HOME is gone.
    // The locked keyring really holds an item: the seed wrote it before the lock.
    if (state === 'locked') expect(run.stderr).toContain('{"seeded":"seeded-value"}');
    if (state === 'no-keyring' || state === 'locked') {
      expect(run.daemonPid).toBeTypeOf('number');
      expect(isAlive(run.daemonPid as number)).toBe(false);
    } else {
      expect(run.daemonPid).toBeNull();
    }
    expect(existsSync(run.home)).toBe(false);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  // Why list() checks the keyring first: keytar 7.9.0's findCredentials dereferences a NULL secret for an
  // item in a locked collection and the whole process dies. If this starts failing, keytar was fixed.
  it('raw keytar findCredentials on a locked collection crashes the process (the bug list() guards)', async () => {
    const keytarPath = createRequire(import.meta.url).resolve('keytar');
    const script = `require(${JSON.stringify(keytarPath)}).findCredentials(${JSON.stringify(service)}).then((c) => console.log('found', c.length))`;
    const run = await runInKeychainState('locked', [node, '-e', script], { seedCommand });
    expect(run.stdout).not.toContain('found');
    expect(run.code === 139 || run.signal === 'SIGSEGV').toBe(true);
  });
});
