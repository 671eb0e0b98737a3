import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLogSinks } from '../log.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { openLocalDatabase, type LocalDatabase } from './database.ts';
import { createOutbox, type Outbox, type OutboxEntry } from './outbox.ts';
import { createSealer } from './sealed.ts';
import { SyncEngine, classifyFailure, type SyncState } from './sync-engine.ts';

const ROLE = 'lab\u0000arn:aws:iam::111111111111:role/language-annotator\u0000pia';

let dir: string;
let local: LocalDatabase;
let outbox: Outbox;
let clock: number;
beforeEach(() => {
  setLogSinks([]);
  dir = mkdtempSync(join(tmpdir(), 'fa-sync-'));
  local = openLocalDatabase({ file: join(dir, 'local.sqlite') });
  outbox = createOutbox({
    db: local,
    sealer: createSealer({ secrets: new MemorySecretStore(), persistent: false }),
  });
  clock = 1_000_000;
});
afterEach(() => {
  local.close();
  rmSync(dir, { recursive: true, force: true });
});

const queue = (taskId: string, id = 1) =>
  outbox.queue({
    roleKey: ROLE,
    projectId: 'p',
    taskId,
    annotationId: id,
    payload: {
      annotation: { id, result: [] },
      baseOwn: null,
      task: { taskId, sourceKey: `t/${taskId}.json`, data: {}, extra: {} },
    },
  });

const fail = (code: string) => Object.assign(new Error(code), { code });

/** A host whose writes the test answers: `script` decides per call, sends are recorded. */
function host(
  script: (entry: OutboxEntry, call: number) => Promise<string | void> | string | void = () => undefined,
) {
  const sent: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let role: string | null = ROLE;
  return {
    sent,
    get maxInFlight() {
      return maxInFlight;
    },
    signOut: () => (role = null),
    port: {
      currentRole: () => role,
      write: async (entry: OutboxEntry) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          await new Promise((resolve) => setImmediate(resolve));
          const status = (await script(entry, sent.length)) ?? 'saved';
          sent.push(`${entry.taskId}#${entry.annotationId}`);
          return { status };
        } finally {
          inFlight--;
        }
      },
    },
  };
}

function engine(h: ReturnType<typeof host>, states: SyncState[] = []) {
  return new SyncEngine({
    outbox,
    host: h.port,
    concurrency: 3,
    periodMs: 3_600_000,
    backoffBaseMs: 1_000,
    now: () => clock,
    random: () => 0.5,
    onChange: (s) => states.push(s),
  });
}

describe('SyncEngine', () => {
  it('sends every entry once, one task in queue order, at most `concurrency` tasks at a time', async () => {
    for (let i = 0; i < 8; i++) await queue(`t${i}`, i);
    await queue('t0', 100);
    await queue('t0', 101);
    const h = host();
    const e = engine(h);
    await e.start();
    expect(h.sent).toHaveLength(10);
    expect(h.sent.filter((s) => s.startsWith('t0#'))).toEqual(['t0#0', 't0#100', 't0#101']);
    expect(h.maxInFlight).toBeLessThanOrEqual(3);
    expect(h.maxInFlight).toBeGreaterThan(1);
    expect(e.state()).toMatchObject({ pending: 0, offline: false, lastSyncAt: clock });
    e.dispose();
  });

  it('offline: backs off with jitter, keeps the entry, and sends everything at once when a write succeeds again', async () => {
    await queue('a');
    await queue('b');
    let down = true;
    const h = host(() => {
      if (down) throw fail('STORAGE_OFFLINE');
    });
    const e = engine(h);
    await e.start();
    expect(h.sent).toEqual([]);
    let state = e.state();
    expect(state).toMatchObject({ pending: 2, offline: true });
    const [first] = await outbox.pending(ROLE);
    // attempt 0: cap 1 s, equal jitter with random 0.5 → 750 ms.
    expect(first).toMatchObject({ attempts: 1, nextAttemptAt: clock + 750, lastError: 'STORAGE_OFFLINE' });
    // Not due yet: a periodic flush sends nothing.
    down = false;
    await e.flush();
    expect(h.sent).toEqual([]);
    clock += 800;
    await e.flush();
    state = e.state();
    expect(h.sent.sort()).toEqual(['a#1', 'b#1']);
    expect(state).toMatchObject({ pending: 0, offline: false, lastError: null });
    e.dispose();
  });

  it('doubles the wait per attempt up to the cap', async () => {
    await queue('a');
    const h = host(() => {
      throw fail('STORAGE_TIMEOUT');
    });
    const e = engine(h);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      await e.flush(true);
      const [entry] = await outbox.pending(ROLE);
      waits.push(entry!.nextAttemptAt - clock);
    }
    expect(waits).toEqual([750, 1500, 3000, 6000, 12000, 24000, 45000, 45000]);
    e.dispose();
  });

  it('a session failure pauses everything until resume (the next sign-in)', async () => {
    await queue('a');
    await queue('b');
    let expired = true;
    const h = host(() => {
      if (expired) throw fail('STORAGE_SESSION_EXPIRED');
    });
    const e = engine(h);
    await e.start();
    expect(e.state()).toMatchObject({ paused: true, pending: 2 });
    clock += 3_600_000;
    await e.flush();
    expect(h.sent).toEqual([]);
    expired = false;
    await e.resume();
    expect(h.sent.sort()).toEqual(['a#1', 'b#1']);
    expect(e.state().paused).toBe(false);
    e.dispose();
  });

  it('a later entry of a task waits while an earlier one fails; another task goes on', async () => {
    await queue('a', 1);
    await queue('a', 2);
    await queue('b', 3);
    const h = host((entry) => {
      if (entry.annotationId === 1) throw fail('STORAGE_FAILED');
    });
    const e = engine(h);
    await e.start();
    expect(h.sent).toEqual(['b#3']);
    expect((await outbox.pending(ROLE)).map((x) => x.annotationId)).toEqual([1, 2]);
    e.dispose();
  });

  it('settled answers the first attempt of an entry; signed out, nothing is read or sent', async () => {
    const h = host();
    const e = engine(h);
    h.signOut();
    const entry = await queue('a');
    const nothing = e.settled(entry.seq, 50);
    await e.flush(true);
    expect(await nothing).toBeNull();
    expect(h.sent).toEqual([]);
    const h2 = host();
    const e2 = engine(h2);
    const settled = e2.settled(entry.seq, 5_000);
    void e2.flush(true);
    expect(await settled).toEqual({ status: 'synced', result: { status: 'saved' } });
    e.dispose();
    e2.dispose();
  });

  it('counts the waiting work of a role whose session expired, and sends none of it', async () => {
    const h = host();
    const e = new SyncEngine({
      outbox,
      // Expired: no role may send; the owner of the work is still known (the sign-out question).
      host: { ...h.port, currentRole: () => null, ownerRole: () => ROLE },
      periodMs: 3_600_000,
      now: () => clock,
      onChange: () => undefined,
    });
    await queue('expired-a');
    await queue('expired-b', 2);
    await e.flush(true);
    expect(h.sent).toEqual([]);
    expect(e.state().pending).toBeGreaterThanOrEqual(2);
    expect(e.state().tasks.map((t) => t.taskId)).toEqual(expect.arrayContaining(['expired-a', 'expired-b']));
    e.dispose();
  });

  it('names a task whose submit met a true conflict until its next submit goes out without one', async () => {
    await queue('a', 1);
    await queue('b', 2);
    const h = host((entry) => (entry.annotationId === 1 ? 'conflict' : undefined));
    const e = engine(h);
    await e.start();
    expect(e.state().conflicts).toEqual([{ projectId: 'p', taskId: 'a' }]);
    await queue('a', 3);
    await e.flush(true);
    expect(e.state().conflicts).toEqual([]);
    e.dispose();
  });

  it('classifies failures by code', () => {
    expect(classifyFailure(fail('STORAGE_OFFLINE'))).toBe('offline');
    expect(classifyFailure(fail('STORAGE_THROTTLED'))).toBe('offline');
    expect(classifyFailure(fail('STORAGE_BAD_CREDENTIALS'))).toBe('session');
    expect(classifyFailure(fail('SESSION_OTHER_ROLE'))).toBe('session');
    expect(classifyFailure(fail('STORAGE_ACCESS_DENIED'))).toBe('other');
    expect(classifyFailure(new Error('x'))).toBe('other');
  });
});
