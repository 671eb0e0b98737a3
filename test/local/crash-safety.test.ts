/**
 * Crash safety of drafts: a child Node process saves drafts in a loop and prints each acknowledged
 * rev; the test SIGKILLs it at random points (after a random number of acks, or at a random moment
 * after start, which also hits opening and the schema migration) and reopens the store. Every
 * acknowledged draft must be there, intact (the exact content of that rev or a later one), and the
 * file must pass PRAGMA integrity_check. The kill points come from a seeded generator (the seed is in
 * the test name), and the assertion holds whatever the timing, so load cannot make it flaky.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createDraftStore, createSealer, openLocalDatabase } from '../../main/local/index.ts';
import { setLogSinks } from '../../main/log.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { CRASH_PROJECT, CRASH_ROLE, CRASH_TASKS, crashDraft } from './draft-fixtures.ts';

const TRIALS = 32;
const SEED = Number(process.env.FA_CRASH_SEED ?? 20261201);
const child = join(import.meta.dirname, 'draft-writer-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'fa-crash-'));
const file = join(dir, 'local.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type KillPoint = { afterAcks: number; extraMs: number } | { afterStartMs: number };

interface TrialOutcome {
  acks: Map<string, number>;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the writer until the kill point, SIGKILLs it and waits until its pipes are closed. */
function runTrial(firstRev: number, keys: string, kill: KillPoint): Promise<TrialOutcome> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, file, String(firstRev)], {
      env: { ...process.env, FA_TEST_KEYS: keys },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks = new Map<string, number>();
    let count = 0;
    let pending = '';
    let stderr = '';
    let killed = false;
    const killNow = () => {
      if (!killed) proc.kill('SIGKILL');
      killed = true;
    };
    // A writer that never reaches its kill point (it hangs or fails) ends the trial too.
    const guard = setTimeout(killNow, 20_000);
    if ('afterStartMs' in kill) setTimeout(killNow, kill.afterStartMs);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        const match = /^ack (\S+) (\d+)$/.exec(line);
        if (!match) continue;
        acks.set(match[1] as string, Number(match[2]));
        count += 1;
        if ('afterAcks' in kill && count === kill.afterAcks) setTimeout(killNow, kill.extraMs);
      }
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (_code, signal) => {
      clearTimeout(guard);
      resolve({ acks, signal, stderr });
    });
  });
}

describe('drafts survive kill -9 of the process that saves them', () => {
  it(`every acknowledged draft is intact after ${TRIALS} SIGKILLs at random points (seed ${SEED})`, async () => {
    setLogSinks([]);
    // One key for every run of the writer, as the keychain would hold it.
    const secrets = new MemorySecretStore();
    await createSealer({ secrets, persistent: false }).forRole(CRASH_ROLE);
    const keyItems: Record<string, string> = {};
    for (const account of await secrets.list()) keyItems[account] = (await secrets.get(account)) as string;
    const keys = JSON.stringify(keyItems);

    const random = mulberry32(SEED);
    const acknowledged = new Map<string, number>();
    let totalAcks = 0;
    let midStartKills = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const kill: KillPoint =
        random() < 0.2
          ? { afterStartMs: Math.floor(random() * 400) }
          : { afterAcks: 1 + Math.floor(random() * 40), extraMs: Math.floor(random() * 4) };
      const outcome = await runTrial((trial + 1) * 1_000_000, keys, kill);
      const context = `trial ${trial} (seed ${SEED}, ${JSON.stringify(kill)})`;
      expect(outcome.signal, `${context}: ${outcome.stderr}`).toBe('SIGKILL');
      if ('afterAcks' in kill) expect(outcome.acks.size, context).toBeGreaterThan(0);
      else midStartKills += 1;
      for (const [taskId, rev] of outcome.acks) acknowledged.set(taskId, rev);
      totalAcks += [...outcome.acks.values()].length;

      const raw = new DatabaseSync(file);
      expect(raw.prepare('PRAGMA integrity_check').all(), context).toEqual([{ integrity_check: 'ok' }]);
      raw.close();

      const local = openLocalDatabase({ file });
      try {
        const drafts = createDraftStore({ db: local, sealer: createSealer({ secrets, persistent: false }) });
        for (const [taskId, ackedRev] of acknowledged) {
          const stored = await drafts.load({ roleKey: CRASH_ROLE, projectId: CRASH_PROJECT, taskId });
          expect(stored, `${context}: draft of ${taskId}`).not.toBeNull();
          const { savedAt, ...draft } = stored!;
          expect(savedAt).toBeGreaterThan(0);
          // The acknowledged rev, or a later one whose commit beat the kill but not its ack line.
          expect(draft.rev, `${context}: ${taskId}`).toBeGreaterThanOrEqual(ackedRev);
          expect(draft.rev % CRASH_TASKS.length, `${context}: ${taskId}`).toBe(
            CRASH_TASKS.indexOf(taskId as never),
          );
          expect(draft, `${context}: ${taskId} rev ${draft.rev}`).toEqual(crashDraft(taskId, draft.rev));
          acknowledged.set(taskId, draft.rev);
        }
      } finally {
        local.close();
      }
    }
    // The trials really killed writers in the middle of saving, not only before they started.
    expect(acknowledged.size).toBe(CRASH_TASKS.length);
    expect(totalAcks).toBeGreaterThan(TRIALS);
    expect(midStartKills).toBeGreaterThan(0);
  }, 240_000);
});
