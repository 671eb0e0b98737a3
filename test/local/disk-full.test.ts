/**
 * A full disk: the store lives on a 256 KiB tmpfs that is then filled up. Saving must fail with
 * LOCAL_DISK_FULL naming the folder, every draft saved before must stay readable, and once space is
 * freed the store must work again. Mounting needs root (CI runs as root); elsewhere the test is
 * skipped with the reason in its name.
 */
import { mkdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createDraftStore,
  createSealer,
  LocalStoreError,
  openLocalDatabase,
} from '../../main/local/index.ts';
import type { DraftScope, LocalDatabase } from '../../main/local/index.ts';
import { setLogSinks } from '../../main/log.ts';
import { toLocalStoreError } from '../../main/local/local-store-error.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { draftFor } from './draft-fixtures.ts';
import { fillDisk, mountSmallDisk } from './small-disk.ts';

const disk = mountSmallDisk('fa-disk-full-');
const { mountPoint, skipReason } = disk;
let local: LocalDatabase | undefined;

afterAll(() => {
  local?.close();
  disk.unmount();
});

describe('a full disk', () => {
  const name = 'refuses a save with LOCAL_DISK_FULL naming the folder, and keeps every draft saved before';
  it.skipIf(skipReason !== null)(
    skipReason === null ? name : `${name} (skipped: ${skipReason})`,
    async () => {
      setLogSinks([]);
      const folder = join(mountPoint, 'Federated Annotator', 'local');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, 'local.sqlite');
      local = openLocalDatabase({ file });
      const secrets = new MemorySecretStore();
      const drafts = createDraftStore({ db: local, sealer: createSealer({ secrets, persistent: false }) });
      const scope = (taskId: string): DraftScope => ({ roleKey: 'role', projectId: 'p', taskId });
      const before = ['t1', 't2', 't3'].map((taskId, i) => ({ taskId, draft: draftFor(taskId, i + 1, 20) }));
      for (const { taskId, draft } of before)
        expect((await drafts.save(scope(taskId), draft)).status).toBe('saved');

      const filler = join(mountPoint, 'filler.bin');
      expect(fillDisk(filler)).toBeGreaterThan(0);

      // 2,000 boxes do not fit in what is left; a rewrite of an existing draft does not either.
      const error = await drafts.save(scope('t4'), draftFor('t4', 1, 2_000)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LocalStoreError);
      expect((error as LocalStoreError).code).toBe('LOCAL_DISK_FULL');
      expect((error as LocalStoreError).message).toContain(`the disk that holds ${folder} is full`);
      expect((error as LocalStoreError).retryable).toBe(true);
      const rewrite = await drafts.save(scope('t1'), draftFor('t1', 9, 2_000)).then(
        () => null,
        (e: unknown) => e,
      );
      expect((rewrite as LocalStoreError).code).toBe('LOCAL_DISK_FULL');
      expect(local.db.isTransaction).toBe(false);

      // Everything saved before is still there, on the same connection, with the disk still full.
      for (const { taskId, draft } of before)
        expect(await drafts.load(scope(taskId))).toEqual({ ...draft, savedAt: expect.any(Number) });
      expect(await drafts.load(scope('t4'))).toBeNull();
      expect((await drafts.list('role', 'p')).map((d) => d.taskId).sort()).toEqual(['t1', 't2', 't3']);

      // A store that cannot even be created on the full disk says so too.
      const another = join(mountPoint, 'another', 'local.sqlite');
      let openError: unknown = null;
      try {
        openLocalDatabase({ file: another }).close();
      } catch (e) {
        openError = e;
      }
      expect((openError as LocalStoreError).code).toBe('LOCAL_DISK_FULL');
      expect((openError as LocalStoreError).message).toContain(join(mountPoint, 'another'));

      // SQLite reports some full-disk writes (shared memory, fsync) as I/O errors: the folder's free
      // space decides which message people get.
      const shmSize = Object.assign(new Error('disk I/O error'), {
        code: 'ERR_SQLITE_ERROR',
        errcode: 10 | (19 << 8),
      });
      expect((toLocalStoreError(shmSize, { file, folder }) as LocalStoreError).code).toBe('LOCAL_DISK_FULL');
      expect((toLocalStoreError(shmSize, { file: 'x', folder: tmpdir() }) as LocalStoreError).code).toBe(
        'LOCAL_STORE_IO',
      );

      // Space freed: the file is sound, reopens, and the same save now succeeds.
      unlinkSync(filler);
      local.close();
      const raw = new DatabaseSync(file);
      expect(raw.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
      raw.close();
      local = openLocalDatabase({ file });
      const reopened = createDraftStore({ db: local, sealer: createSealer({ secrets, persistent: false }) });
      for (const { taskId, draft } of before)
        expect(await reopened.load(scope(taskId))).toEqual({ ...draft, savedAt: expect.any(Number) });
      expect((await reopened.save(scope('t4'), draftFor('t4', 1, 200))).status).toBe('saved');
      expect((await reopened.load(scope('t4')))?.result).toHaveLength(200);
    },
  );
});
