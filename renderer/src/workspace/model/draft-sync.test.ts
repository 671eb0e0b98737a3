import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResultRecord } from '../../../../core/labeling/records.ts';
import { DocumentStore } from './document-store.ts';
import { DraftSync, type SaveOutcome } from './draft-sync.ts';
import { choiceRecord } from './test-records.ts';

/** A port whose saves the test answers one by one. */
function fakePort() {
  const calls: { rev: number; result: string[]; answer: (o: SaveOutcome<string>) => void }[] = [];
  return {
    calls,
    port: {
      save: ({ rev, result }: { rev: number; result: string[] }) =>
        new Promise<SaveOutcome<string>>((answer) => calls.push({ rev, result, answer })),
    },
  };
}

const serialize = (records: readonly ResultRecord[]) => records.map((r) => String(r.value['choices']));

function setup(initialRev = 0) {
  const store = new DocumentStore();
  const { calls, port } = fakePort();
  const sync = new DraftSync({ store, port, serialize, initialRev });
  const edit = (v: string) => store.transact('user', (tx) => tx.put(choiceRecord('a', 'c', [v])));
  return { store, calls, sync, edit };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('DraftSync', () => {
  it('saves once, 1 s after the last change, with the latest document', async () => {
    const { calls, sync, edit } = setup(7);
    edit('1');
    await vi.advanceTimersByTimeAsync(600);
    edit('2');
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => [c.rev, c.result])).toEqual([[8, ['2']]]);
    expect(sync.getSnapshot()).toEqual({ state: 'saving' });
    calls[0]?.answer({ ok: true, savedAt: 1234 });
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.getSnapshot()).toEqual({ state: 'saved', savedAt: 1234 });
    expect(sync.pending).toBe(false);
  });

  it('a long typing session is still saved within maxWait', async () => {
    const { calls, edit } = setup();
    for (let i = 0; i < 12; i++) {
      edit(String(i));
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls[0]?.result).toEqual(['9']); // 5 s after the first change
  });

  it('never two saves in flight: changes meanwhile are one save right after', async () => {
    const { calls, sync, edit } = setup();
    edit('1');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    edit('2');
    edit('3');
    const flushed = sync.flush();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1);
    calls[0]?.answer({ ok: true, savedAt: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => [c.rev, c.result])).toEqual([
      [1, ['1']],
      [2, ['3']],
    ]);
    calls[1]?.answer({ ok: true, savedAt: 2 });
    await flushed;
    expect(sync.getSnapshot()).toEqual({ state: 'saved', savedAt: 2 });
  });

  it('flush saves at once; load and remote changes are not drafts', async () => {
    const { store, calls, sync, edit } = setup();
    store.load([choiceRecord('a', 'c', ['loaded'])]);
    store.transact('remote', (tx) => tx.put(choiceRecord('b', 'c', ['theirs'])));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(0);
    await sync.flush(); // nothing to save
    edit('mine');
    const flushed = sync.flush();
    expect(calls).toHaveLength(1);
    calls[0]?.answer({ ok: true, savedAt: 5 });
    await flushed;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
  });

  it('a failed save says so and is retried with the next change, with a new rev', async () => {
    const { calls, sync, edit } = setup();
    edit('1');
    const flushed = sync.flush();
    calls[0]?.answer({ ok: false, error: 'disk full' });
    await flushed;
    expect(sync.getSnapshot()).toEqual({ state: 'failed', error: 'disk full' });
    expect(sync.pending).toBe(true);
    edit('2');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.map((c) => c.rev)).toEqual([1, 2]);
    calls[1]?.answer({ ok: true, savedAt: 9 });
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.getSnapshot()).toEqual({ state: 'saved', savedAt: 9 });
  });

  it('a port that throws is a failure, not an unhandled rejection', async () => {
    const store = new DocumentStore();
    const sync = new DraftSync<string[], unknown>({
      store,
      serialize,
      port: { save: () => Promise.reject(new Error('ipc closed')) },
    });
    store.transact('user', (tx) => tx.put(choiceRecord('a', 'c', ['x'])));
    await sync.flush();
    expect(sync.getSnapshot()).toMatchObject({ state: 'failed' });
  });

  it('dispose drops the scheduled save', async () => {
    const { calls, sync, edit } = setup();
    edit('1');
    sync.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(0);
  });
});
