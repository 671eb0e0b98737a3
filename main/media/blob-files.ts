/**
 * A role's blob files on disk, kept in step with their index rows (cache_blobs). A file is deleted
 * only when no row names it, checked while holding the blob's lock, which a store's rename into
 * place holds too: a delayed delete (eviction, an orphan left by remove or a re-point) can never
 * remove a blob that a concurrent store of the same content has just put in place, and a file put
 * in place after its row went is deleted at once.
 */
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { LocalDatabase } from '../local/database.ts';

export type BlobFiles = ReturnType<typeof createBlobFiles>;

export function createBlobFiles(deps: { db: LocalDatabase; dir: string }) {
  const { db } = deps;
  const locks = new Map<string, Promise<void>>();
  const file = (role: string, blob: string) => path.join(deps.dir, role, `${blob}.blob`);
  const hasRow = (role: string, blob: string) =>
    db.guard(
      () =>
        db.db.prepare('SELECT 1 FROM cache_blobs WHERE role_key = ? AND blob_id = ?').get(role, blob) !==
        undefined,
    );

  /** One file operation at a time per blob, in the order asked. */
  async function locked(role: string, blob: string, work: () => Promise<void>): Promise<void> {
    const key = `${role}/${blob}`;
    const before = locks.get(key) ?? Promise.resolve();
    const run = before.then(work);
    const settled = run.catch(() => undefined);
    locks.set(key, settled);
    try {
      await run;
    } finally {
      if (locks.get(key) === settled) locks.delete(key);
    }
  }

  return {
    /** The blob's file (role is the role digest). */
    path: file,

    /** Puts a sealed temp file in place as the blob's file (its row was written first). */
    place: (role: string, blob: string, tmp: string) =>
      locked(role, blob, async () => {
        await rename(tmp, file(role, blob));
        // Evicted between its row's commit and now: nothing names it, so it goes.
        if (!hasRow(role, blob)) await rm(file(role, blob), { force: true });
      }),

    /** Deletes the files of blobs whose rows are gone; a blob whose row is back keeps its file. */
    async drop(role: string, blobs: readonly string[]): Promise<void> {
      for (const blob of blobs)
        await locked(role, blob, async () => {
          if (!hasRow(role, blob)) await rm(file(role, blob), { force: true });
        });
    },
  };
}

/** Inside a transaction: the rows of `blobs` that no ref points at any more are deleted; returns those. */
export function dropUnreferenced(db: LocalDatabase, role: string, blobs: readonly string[]): string[] {
  const dropped: string[] = [];
  for (const blob of new Set(blobs)) {
    const used = db.db
      .prepare('SELECT 1 FROM cache_refs WHERE role_key = ? AND blob_id = ? LIMIT 1')
      .get(role, blob);
    if (used) continue;
    db.db.prepare('DELETE FROM cache_blobs WHERE role_key = ? AND blob_id = ?').run(role, blob);
    dropped.push(blob);
  }
  return dropped;
}
