import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLogSinks } from '../log.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { openLocalDatabase, type LocalDatabase } from './database.ts';
import { createDraftStore } from './drafts.ts';
import { LocalStoreError } from './local-store-error.ts';
import { createOutbox, type OutboxInput } from './outbox.ts';
import { createSealer } from './sealed.ts';

const ROLE_A = 'lab\u0000arn:aws:iam::111111111111:role/language-annotator\u0000pia';
const ROLE_B = 'lab\u0000arn:aws:iam::111111111111:role/language-reviewer\u0000pia';
const SECRET_TEXT = 'a-sentence-only-the-annotator-wrote';

let dir: string;
let file: string;
let local: LocalDatabase;
let secrets: MemorySecretStore;
beforeEach(() => {
  setLogSinks([]);
  dir = mkdtempSync(join(tmpdir(), 'fa-outbox-'));
  file = join(dir, 'local.sqlite');
  local = openLocalDatabase({ file });
  secrets = new MemorySecretStore();
});
afterEach(() => {
  local.close();
  rmSync(dir, { recursive: true, force: true });
});

const sealer = () => createSealer({ secrets, persistent: false });
const entry = (taskId: string, roleKey = ROLE_A, id: number | string = 7001): OutboxInput => ({
  roleKey,
  projectId: 'review-sentiment',
  taskId,
  annotationId: id,
  payload: {
    annotation: {
      id,
      completed_by: { email: 'pia@corp.example' },
      result: [
        { id: 'c1', from_name: 'note', to_name: 'text', type: 'textarea', value: { text: [SECRET_TEXT] } },
      ],
      was_cancelled: false,
      lead_time: 4,
    },
    baseOwn: null,
    task: { taskId, sourceKey: `tasks/${taskId}.json`, data: { text: 'the task text' }, extra: {} },
  },
});

describe('createOutbox', () => {
  it('commits an entry and drops the task draft in the same transaction; the file holds no content', async () => {
    const s = sealer();
    const drafts = createDraftStore({ db: local, sealer: s });
    const outbox = createOutbox({ db: local, sealer: s, now: () => 1_000 });
    const scope = { roleKey: ROLE_A, projectId: 'review-sentiment', taskId: 't1' };
    await drafts.save(scope, {
      rev: 1,
      result: [],
      leadTimeSeconds: 1,
      taskKey: 'tasks/t1.json',
      taskIndex: 0,
    });
    await drafts.save(
      { ...scope, taskId: 't2' },
      { rev: 1, result: [], leadTimeSeconds: 1, taskKey: 'k', taskIndex: 0 },
    );
    const queued = await outbox.queue(entry('t1'));
    expect(queued).toMatchObject({ seq: 1, queuedAt: 1_000, attempts: 0, annotationId: 7001 });
    expect(await drafts.load(scope)).toBeNull();
    expect(await drafts.load({ ...scope, taskId: 't2' })).not.toBeNull();
    const pending = await createOutbox({ db: local, sealer: s }).pending(ROLE_A);
    expect(pending).toEqual([queued]);
    local.db.exec('PRAGMA wal_checkpoint(FULL)');
    for (const f of [file, `${file}-wal`]) {
      const bytes = readFileSync(f, { flag: 'r' }).toString('latin1');
      expect(bytes.includes(SECRET_TEXT), f).toBe(false);
      expect(bytes.includes('the task text'), f).toBe(false);
    }
  });

  it('keeps queue order, notes retries with a code only, and forgets an entry once done', async () => {
    const outbox = createOutbox({ db: local, sealer: sealer() });
    const a = await outbox.queue(entry('t1'));
    const b = await outbox.queue(entry('t1', ROLE_A, 7002));
    const c = await outbox.queue(entry('t2', ROLE_A, 'ls-annotation-9'));
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    outbox.retryAt(a.seq, 5_000, 'STORAGE_OFFLINE');
    outbox.done([b.seq]);
    const pending = await outbox.pending(ROLE_A);
    expect(pending.map((e) => [e.seq, e.attempts, e.nextAttemptAt, e.lastError, e.annotationId])).toEqual([
      [1, 1, 5_000, 'STORAGE_OFFLINE', 7001],
      [3, 0, 0, null, 'ls-annotation-9'],
    ]);
    expect(outbox.summary(ROLE_A).map((s) => s.taskId)).toEqual(['t1', 't2']);
    // A deleted seq is never reused: each sealed blob is bound to its seq.
    outbox.done([c.seq]);
    expect((await outbox.queue(entry('t3'))).seq).toBe(4);
  });

  it('another role sees none of it, and a blob moved to another row does not open', async () => {
    const outbox = createOutbox({ db: local, sealer: sealer() });
    await outbox.queue(entry('t1'));
    await outbox.queue(entry('t2'));
    expect(await outbox.pending(ROLE_B)).toEqual([]);
    expect(outbox.summary(ROLE_B)).toEqual([]);
    local.db.exec('UPDATE outbox SET sealed = (SELECT sealed FROM outbox WHERE seq = 1) WHERE seq = 2');
    const error = await outbox.pending(ROLE_A).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LocalStoreError);
    expect((error as LocalStoreError).code).toBe('LOCAL_STORE_CORRUPT');
  });

  it('leaves entries of a key the keychain lost in place, unread (never wiped silently)', async () => {
    await createOutbox({ db: local, sealer: sealer() }).queue(entry('t1'));
    secrets = new MemorySecretStore();
    const fresh = createOutbox({ db: local, sealer: sealer() });
    expect(await fresh.pending(ROLE_A)).toEqual([]);
    expect(fresh.summary(ROLE_A)).toHaveLength(1);
  });

  it('refuses a malformed entry before anything is written', async () => {
    const outbox = createOutbox({ db: local, sealer: sealer() });
    await expect(outbox.queue({ ...entry('t1'), taskId: '' })).rejects.toThrow(TypeError);
    expect(outbox.summary(ROLE_A)).toEqual([]);
  });
});
