/**
 * A submit on a full disk: the store lives on a 256 KiB tmpfs that is then filled up. Queuing must
 * fail with LOCAL_DISK_FULL naming the folder (the window then says so and keeps its work), the
 * task's draft must still be there (the draft leaves only with a committed outbox entry), and the
 * entries queued before must stay readable. Mounting needs root (CI runs as root); elsewhere the
 * test is skipped with the reason in its name.
 */
import { mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createDraftStore,
  createSealer,
  LocalStoreError,
  openLocalDatabase,
} from '../../main/local/index.ts';
import type { LocalDatabase } from '../../main/local/index.ts';
import { createOutbox, type OutboxInput } from '../../main/local/outbox.ts';
import { setLogSinks } from '../../main/log.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { draftFor } from './draft-fixtures.ts';
import { fillDisk, mountSmallDisk } from './small-disk.ts';

const disk = mountSmallDisk('fa-outbox-full-');
const { mountPoint, skipReason } = disk;
let local: LocalDatabase | undefined;

afterAll(() => {
  local?.close();
  disk.unmount();
});

const entry = (taskId: string, items: number): OutboxInput => ({
  roleKey: 'role',
  projectId: 'p',
  taskId,
  annotationId: 1000 + items,
  payload: {
    annotation: { id: 1000 + items, result: draftFor(taskId, 1, items).result },
    baseOwn: null,
    task: { taskId, sourceKey: 'tasks/a.json', data: {}, extra: {} },
  },
});

describe('a submit on a full disk', () => {
  const name = 'fails with LOCAL_DISK_FULL naming the folder; the draft and the entries queued before stay';
  it.skipIf(skipReason !== null)(
    skipReason === null ? name : `${name} (skipped: ${skipReason})`,
    async () => {
      setLogSinks([]);
      const folder = join(mountPoint, 'Federated Annotator', 'local');
      mkdirSync(folder, { recursive: true });
      local = openLocalDatabase({ file: join(folder, 'local.sqlite') });
      const sealer = createSealer({ secrets: new MemorySecretStore(), persistent: false });
      const drafts = createDraftStore({ db: local, sealer });
      const outbox = createOutbox({ db: local, sealer });
      const queued = await outbox.queue(entry('t1', 20));
      const scope = { roleKey: 'role', projectId: 'p', taskId: 't2' };
      await drafts.save(scope, draftFor('t2', 3, 20));

      const filler = join(mountPoint, 'filler.bin');
      fillDisk(filler);
      const error = await outbox.queue(entry('t2', 2_000)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LocalStoreError);
      expect((error as LocalStoreError).code).toBe('LOCAL_DISK_FULL');
      expect((error as LocalStoreError).message).toBe(
        `Your submit could not be kept on this computer: the disk that holds ${folder} is full. Free some ` +
          'space on it and submit again; your work is still open here. Drafts saved before are safe.',
      );
      expect(local.db.isTransaction).toBe(false);
      // Nothing of the failed submit was half done: its draft is there, the earlier entry too.
      expect((await drafts.load(scope))?.rev).toBe(3);
      expect((await outbox.pending('role')).map((e) => e.seq)).toEqual([queued.seq]);

      unlinkSync(filler);
      const again = await outbox.queue(entry('t2', 200));
      expect(await drafts.load(scope)).toBeNull();
      expect((await outbox.pending('role')).map((e) => e.seq)).toEqual([queued.seq, again.seq]);
    },
  );
});
