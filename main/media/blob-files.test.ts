import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalDatabase, type LocalDatabase } from '../local/database.ts';
import { setLogSinks } from '../log.ts';
import { createBlobFiles } from './blob-files.ts';

let dir: string;
let db: LocalDatabase;
beforeEach(() => {
  setLogSinks([]);
  dir = mkdtempSync(path.join(tmpdir(), 'fa-blob-files-'));
  db = openLocalDatabase({ file: path.join(dir, 'local.sqlite') });
  mkdirSync(path.join(dir, 'cache', 'role'), { recursive: true });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (blob: string) =>
  db.db
    .prepare(
      'INSERT INTO cache_blobs (role_key, blob_id, key_id, file_id, size, stored_bytes, last_used) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run('role', blob, 'k', 'f', 1, 1, 0);
const tmp = (name: string) => {
  const file = path.join(dir, 'cache', 'role', `tmp-${name}`);
  writeFileSync(file, 'sealed');
  return file;
};

describe('blob files', () => {
  it('a delete asked before a store of the same content put it back in place spares the new file', async () => {
    const files = createBlobFiles({ db, dir: path.join(dir, 'cache') });
    // Eviction dropped the blob's row and will delete its file; meanwhile a store writes it again.
    const deleting = files.drop('role', ['b1']);
    row('b1');
    const placing = files.place('role', 'b1', tmp('a'));
    await Promise.all([deleting, placing]);
    expect(existsSync(files.path('role', 'b1'))).toBe(true);
  });

  it('a delete after the row is gone removes the file; a file put in place with no row goes at once', async () => {
    const files = createBlobFiles({ db, dir: path.join(dir, 'cache') });
    row('b2');
    await files.place('role', 'b2', tmp('b'));
    expect(existsSync(files.path('role', 'b2'))).toBe(true);
    db.db.prepare("DELETE FROM cache_blobs WHERE blob_id = 'b2'").run();
    await files.drop('role', ['b2']);
    expect(existsSync(files.path('role', 'b2'))).toBe(false);
    // Evicted between its row's commit and its rename: nothing names it.
    await files.place('role', 'b3', tmp('c'));
    expect(existsSync(files.path('role', 'b3'))).toBe(false);
  });
});
