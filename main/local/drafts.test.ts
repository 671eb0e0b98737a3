import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draftFor } from '../../test/local/draft-fixtures.ts';
import { setLogSinks } from '../log.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { openLocalDatabase } from './database.ts';
import type { LocalDatabase } from './database.ts';
import { createDraftStore } from './drafts.ts';
import type { DraftScope, DraftStore } from './drafts.ts';
import { LocalStoreError } from './local-store-error.ts';
import { createSealer, roleDigest } from './sealed.ts';

const ROLE_A = 'lab-idp/arn:aws:iam::111111111111:role/vision-annotator';
const ROLE_B = 'lab-idp/arn:aws:iam::222222222222:role/vision-annotator';
const scope = (taskId: string, roleKey = ROLE_A, projectId = 'street-scenes'): DraftScope => ({
  roleKey,
  projectId,
  taskId,
});

let dir: string;
let file: string;
let local: LocalDatabase;
let secrets: MemorySecretStore;
let clock: number;
let logged: string[];
const open = (store = secrets, persistent = false): DraftStore =>
  createDraftStore({ db: local, sealer: createSealer({ secrets: store, persistent }), now: () => clock });

beforeEach(() => {
  logged = [];
  setLogSinks([(line) => logged.push(`${line.level} ${line.message}`)]);
  dir = mkdtempSync(join(tmpdir(), 'fa-drafts-'));
  file = join(dir, 'local.sqlite');
  local = openLocalDatabase({ file });
  secrets = new MemorySecretStore();
  clock = Date.UTC(2026, 11, 1, 9, 0, 0);
});
afterEach(() => {
  local.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<LocalStoreError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocalStoreError);
  return error as LocalStoreError;
}

describe('createDraftStore', () => {
  it('saves and loads a draft with every field, and the save is committed when it answers', async () => {
    const drafts = open();
    const draft = {
      ...draftFor('t1', 3, 50),
      taskIndex: 4,
      baseAnnotationId: 17,
      wasCancelled: false as const,
    };
    const outcome = await drafts.save(scope('t1'), draft);
    expect(outcome).toEqual({ status: 'saved', rev: 3, savedAt: clock });

    // Another connection (as after a crash) sees the committed row at once.
    const other = new DatabaseSync(file, { readOnly: true });
    expect(other.prepare('SELECT task_id, rev, saved_at FROM drafts').all()).toEqual([
      { task_id: 't1', rev: 3, saved_at: clock },
    ]);
    other.close();

    expect(await drafts.load(scope('t1'))).toEqual({ ...draft, savedAt: clock });
    expect(await drafts.load(scope('t2'))).toBeNull();
  });

  it('ignores an older rev and reports it stale; the same rev again overwrites', async () => {
    const drafts = open();
    await drafts.save(scope('t1'), draftFor('t1', 5, 3));
    const firstSavedAt = clock;
    clock += 1_000;
    expect(await drafts.save(scope('t1'), draftFor('t1', 4, 9))).toEqual({
      status: 'stale',
      rev: 5,
      savedAt: firstSavedAt,
    });
    expect((await drafts.load(scope('t1')))?.result).toHaveLength(3);

    expect(await drafts.save(scope('t1'), draftFor('t1', 5, 7))).toEqual({
      status: 'saved',
      rev: 5,
      savedAt: clock,
    });
    clock += 1_000;
    expect(await drafts.save(scope('t1'), draftFor('t1', 6, 8))).toMatchObject({ status: 'saved', rev: 6 });
    const loaded = await drafts.load(scope('t1'));
    expect(loaded?.rev).toBe(6);
    expect(loaded?.result).toHaveLength(8);
  });

  it('saves racing each other end with the highest rev, whatever order they finish in', async () => {
    const drafts = open();
    const revs = [3, 9, 1, 7, 9, 2, 8];
    const outcomes = await Promise.all(revs.map((rev) => drafts.save(scope('t1'), draftFor('t1', rev, 2))));
    expect(outcomes.map((o) => o.status)).toContain('stale');
    expect((await drafts.load(scope('t1')))?.rev).toBe(9);
  });

  it('lists one role and project, newest first; discard removes one draft', async () => {
    const drafts = open();
    for (const [taskId, at] of [
      ['a', 3],
      ['b', 1],
      ['c', 2],
    ] as const) {
      clock = at * 1_000;
      await drafts.save(scope(taskId), draftFor(taskId, 1, 1));
    }
    await drafts.save(scope('other-project', ROLE_A, 'p2'), draftFor('x', 1, 1));
    await drafts.save(scope('a', ROLE_B), draftFor('a', 1, 1));

    expect(await drafts.list(ROLE_A, 'street-scenes')).toEqual([
      { taskId: 'a', savedAt: 3_000 },
      { taskId: 'c', savedAt: 2_000 },
      { taskId: 'b', savedAt: 1_000 },
    ]);
    expect(await drafts.list(ROLE_B, 'street-scenes')).toEqual([{ taskId: 'a', savedAt: clock }]);
    expect(await drafts.discard(scope('c'))).toBe(true);
    expect(await drafts.discard(scope('c'))).toBe(false);
    expect((await drafts.list(ROLE_A, 'street-scenes')).map((d) => d.taskId)).toEqual(['a', 'b']);
    expect(await drafts.load(scope('c'))).toBeNull();
  });

  it('keeps roles apart: another role never sees a draft, and a row moved to it does not open', async () => {
    const drafts = open();
    await drafts.save(scope('t1'), draftFor('t1', 1, 2, '-role-a'));
    expect(await drafts.load(scope('t1', ROLE_B))).toBeNull();
    await drafts.save(scope('t1', ROLE_B), draftFor('t1', 1, 2, '-role-b'));

    // Copy role A's sealed payload (and its key id) over role B's row.
    local.db
      .exec(`UPDATE drafts SET (sealed, key_id) = (SELECT sealed, key_id FROM drafts WHERE role_key = '${roleDigest(ROLE_A)}')
      WHERE role_key = '${roleDigest(ROLE_B)}'`);
    const error = await rejection(drafts.load(scope('t1', ROLE_B)));
    expect(error.code).toBe('LOCAL_STORE_CORRUPT');
    expect(error.message).toContain('task t1');
    expect(JSON.stringify((await drafts.load(scope('t1')))?.result)).toContain('-role-a');
  });

  it('refuses a row whose payload was copied from another task of the same role', async () => {
    const drafts = open();
    await drafts.save(scope('t1'), draftFor('t1', 1, 2));
    await drafts.save(scope('t2'), draftFor('t2', 1, 2));
    local.db.exec(
      "UPDATE drafts SET sealed = (SELECT sealed FROM drafts WHERE task_id = 't1') WHERE task_id = 't2'",
    );
    expect((await rejection(drafts.load(scope('t2')))).code).toBe('LOCAL_STORE_CORRUPT');
    expect((await drafts.load(scope('t1')))?.taskKey).toBe('team-vision/tasks/t1.json');
  });

  it('refuses a tampered payload or a rev changed beside it with LOCAL_STORE_CORRUPT', async () => {
    const drafts = open();
    await drafts.save(scope('t1'), draftFor('t1', 2, 5));
    const row = local.db.prepare('SELECT sealed FROM drafts').get() as { sealed: Uint8Array };
    const tampered = Buffer.from(row.sealed);
    tampered[40] = (tampered[40] as number) ^ 0x80;
    local.db.prepare('UPDATE drafts SET sealed = ?').run(tampered);
    const error = await rejection(drafts.load(scope('t1')));
    expect(error.code).toBe('LOCAL_STORE_CORRUPT');
    expect(error.message).toBe(
      'The draft of task t1 saved on this computer was changed outside the app or belongs to another ' +
        'role, so it was not opened. Your submitted work in S3 is not affected; discard the draft to go on.',
    );

    local.db.prepare('UPDATE drafts SET sealed = ?, rev = 99').run(row.sealed);
    expect((await rejection(drafts.load(scope('t1')))).detail).toContain('rev 2 in a row of rev 99');
    expect(await drafts.discard(scope('t1'))).toBe(true);
  });

  it('writes no plaintext: results, task keys, the last open task and the role are not in any file', async () => {
    const marker = 'PLAINTEXT-MARKER-7f3a';
    // A role key as the app builds it: organization, role ARN and the person's session name.
    const role = `acme\0arn:aws:iam::111111111111:role/${marker}-role\0${marker}@example.com`;
    const drafts = open();
    await drafts.save(scope('t1', role), {
      ...draftFor('t1', 1, 200, marker),
      taskKey: `tasks/${marker}.json`,
    });
    await drafts.setLastOpen(role, {
      projectId: 'street-scenes',
      key: `tasks/${marker}-last.json`,
      index: 2,
    });
    const files = [file, `${file}-wal`, `${file}-shm`];
    const scan = () => {
      const present = files.filter((f) => existsSync(f));
      expect(present.length).toBeGreaterThan(0);
      for (const f of present) {
        const bytes = readFileSync(f);
        expect(bytes.includes(marker), `${f} holds the marker`).toBe(false);
        expect(bytes.includes(Buffer.from(marker, 'utf16le')), `${f} holds the marker`).toBe(false);
      }
    };
    expect(existsSync(`${file}-wal`)).toBe(true); // not yet checkpointed: the WAL holds the pages
    scan();
    local.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    scan();
    // The sanity check: the marker is really in what was saved.
    expect(JSON.stringify(await drafts.load(scope('t1', role)))).toContain(marker);
    expect((await drafts.lastOpen(role))?.key).toContain(marker);
    expect(await drafts.list(role, 'street-scenes')).toEqual([{ taskId: 't1', savedAt: clock }]);
  });

  it('remembers the last open task per role', async () => {
    const drafts = open();
    expect(await drafts.lastOpen(ROLE_A)).toBeNull();
    await drafts.setLastOpen(ROLE_A, { projectId: 'p1', key: 'tasks/a.jsonl', index: 3 });
    await drafts.setLastOpen(ROLE_B, { projectId: 'p2', key: 'tasks/b.json', index: 0 });
    await drafts.setLastOpen(ROLE_A, { projectId: 'p1', key: 'tasks/c.json', index: 1 });
    expect(await drafts.lastOpen(ROLE_A)).toEqual({ projectId: 'p1', key: 'tasks/c.json', index: 1 });
    expect(await drafts.lastOpen(ROLE_B)).toEqual({ projectId: 'p2', key: 'tasks/b.json', index: 0 });
    await drafts.clearLastOpen(ROLE_A);
    expect(await drafts.lastOpen(ROLE_A)).toBeNull();
    expect(await drafts.lastOpen(ROLE_B)).toEqual({ projectId: 'p2', key: 'tasks/b.json', index: 0 });
  });

  it('survives reopening the store with the same keychain (persistent)', async () => {
    const drafts = open(secrets, true);
    expect(drafts.persistent).toBe(true);
    await drafts.save(scope('t1'), draftFor('t1', 4, 20));
    await drafts.setLastOpen(ROLE_A, { projectId: 'street-scenes', key: 'k', index: 0 });
    local.close();
    local = openLocalDatabase({ file });
    const reopened = open(secrets, true);
    expect((await reopened.load(scope('t1')))?.result).toEqual(draftFor('t1', 4, 20).result);
    expect(await reopened.lastOpen(ROLE_A)).toEqual({ projectId: 'street-scenes', key: 'k', index: 0 });
  });

  it('drops rows sealed with a key that is gone (memory-only key of an earlier run), and says so', async () => {
    const drafts = open();
    expect(drafts.persistent).toBe(false);
    await drafts.save(scope('t1'), draftFor('t1', 1, 2));
    await drafts.save(scope('t1', ROLE_B), draftFor('t1', 1, 2));
    await drafts.setLastOpen(ROLE_A, { projectId: 'street-scenes', key: 'k', index: 0 });

    const nextRun = open(new MemorySecretStore());
    expect(await nextRun.list(ROLE_A, 'street-scenes')).toEqual([]);
    expect(await nextRun.load(scope('t1'))).toBeNull();
    expect(await nextRun.lastOpen(ROLE_A)).toBeNull();
    expect(logged).toContain('warn Removed 2 local row(s) sealed with a key that is gone.');
    // Only role A was touched so far; role B's row is still there until role B is used.
    expect(local.db.prepare('SELECT role_key FROM drafts').all()).toEqual([{ role_key: roleDigest(ROLE_B) }]);
  });

  it('refuses malformed input as a programming error, naming the field but not the value', async () => {
    const drafts = open();
    await expect(drafts.save(scope(''), draftFor('t', 1, 1))).rejects.toThrow(/scope\.taskId/);
    await expect(drafts.save(scope('t'), { ...draftFor('t', 1, 1), rev: -1 })).rejects.toThrow(/draft\.rev/);
    await expect(drafts.save(scope('t'), { ...draftFor('t', 1, 1), rev: 1.5 })).rejects.toThrow(TypeError);
    await expect(
      drafts.save(scope('t'), { ...draftFor('t', 1, 1), result: 'nope' as unknown as unknown[] }),
    ).rejects.toThrow(/draft\.result/);
    await expect(drafts.setLastOpen(ROLE_A, { projectId: 'p', key: '', index: 0 })).rejects.toThrow(
      /lastOpen\.key/,
    );
    expect(local.db.prepare('SELECT count(*) AS n FROM drafts').get()).toEqual({ n: 0 });
  });
});
