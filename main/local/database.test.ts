import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { setLogSinks } from '../log.ts';
import { localMigrations, openLocalDatabase } from './database.ts';
import { LocalStoreError } from './local-store-error.ts';

let dir: string;
let file: string;
beforeEach(() => {
  setLogSinks([]);
  dir = mkdtempSync(join(tmpdir(), 'fa-local-db-'));
  file = join(dir, 'nested', 'local.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const pragma = (db: DatabaseSync, name: string): unknown =>
  Object.values(db.prepare(`PRAGMA ${name}`).get() as object)[0];

function caught(run: () => unknown): LocalStoreError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LocalStoreError);
    expect(error).toBeInstanceOf(AppError);
    return error as LocalStoreError;
  }
  throw new Error('expected a LocalStoreError');
}

describe('openLocalDatabase', () => {
  it('creates a fresh store at the latest schema, in WAL with synchronous=FULL and foreign keys', () => {
    const local = openLocalDatabase({ file, busyTimeoutMs: 1234 });
    try {
      expect(local.version).toBe(localMigrations.length);
      expect(local.folder).toBe(join(dir, 'nested'));
      expect(pragma(local.db, 'user_version')).toBe(localMigrations.length);
      expect(pragma(local.db, 'journal_mode')).toBe('wal');
      expect(pragma(local.db, 'synchronous')).toBe(2); // FULL
      expect(pragma(local.db, 'foreign_keys')).toBe(1);
      expect(pragma(local.db, 'busy_timeout')).toBe(1234);
      // A write, so that the WAL exists too.
      local.db.exec("INSERT INTO ui_state VALUES ('r', 'k', x'01', 1)");
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
      expect(statSync(local.folder).mode & 0o777).toBe(0o700);
      local.db.exec('DELETE FROM ui_state');
      const tables = local.db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .all();
      expect(tables.map((t) => t.name)).toEqual([
        'cache_blobs',
        'cache_refs',
        'cache_roles',
        'drafts',
        'outbox',
        'sqlite_sequence',
        'ui_state',
      ]);
    } finally {
      local.close();
    }
    // Reopening applies nothing again.
    const again = openLocalDatabase({ file });
    expect(again.version).toBe(localMigrations.length);
    again.close();
  });

  it('upgrades a v1 store step by step and keeps its rows', () => {
    const v1 = openLocalDatabase({ file, migrations: localMigrations.slice(0, 1) });
    v1.db
      .prepare('INSERT INTO ui_state (role_key, key_id, sealed, saved_at) VALUES (?, ?, ?, ?)')
      .run('role', 'k', Buffer.from([1, 2, 3]), 1);
    v1.close();

    const v2Step = 'CREATE TABLE outbox (id INTEGER PRIMARY KEY, scope_key TEXT NOT NULL) STRICT;';
    const v3Step = 'INSERT INTO outbox (scope_key) SELECT role_key FROM ui_state;';
    const upgraded = openLocalDatabase({
      file,
      migrations: [...localMigrations.slice(0, 1), v2Step, v3Step],
    });
    try {
      expect(upgraded.version).toBe(3);
      expect(pragma(upgraded.db, 'user_version')).toBe(3);
      expect(upgraded.db.prepare('SELECT scope_key FROM outbox').all()).toEqual([{ scope_key: 'role' }]);
      expect(upgraded.db.prepare('SELECT count(*) AS n FROM ui_state').get()).toEqual({ n: 1 });
    } finally {
      upgraded.close();
    }
  });

  it('rolls a failing step back whole: the store stays at the version before it', () => {
    openLocalDatabase({ file }).close();
    const broken = 'CREATE TABLE half_done (a INTEGER); INSERT INTO no_such_table VALUES (1);';
    expect(() => openLocalDatabase({ file, migrations: [...localMigrations, broken] })).toThrow(
      /no such table/,
    );
    const raw = new DatabaseSync(file);
    expect(pragma(raw, 'user_version')).toBe(localMigrations.length);
    expect(raw.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").all()).toEqual([]);
    raw.close();
  });

  it('refuses a store written by a newer app, and leaves it as it is', () => {
    openLocalDatabase({ file }).close();
    const raw = new DatabaseSync(file);
    raw.exec('PRAGMA journal_mode = DELETE; PRAGMA user_version = 7;');
    raw.close();

    const error = caught(() => openLocalDatabase({ file }));
    expect(error.code).toBe('LOCAL_STORE_TOO_NEW');
    expect(error.message).toContain('newer version of Federated Annotator');
    expect(error.message).toContain('format 7');
    expect(error.message).toContain(`up to ${localMigrations.length}`);
    const after = new DatabaseSync(file);
    expect(pragma(after, 'user_version')).toBe(7);
    expect(pragma(after, 'journal_mode')).toBe('delete');
    after.close();
  });

  it('says a file that is not a database is damaged, naming it', () => {
    openLocalDatabase({ file }).close();
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const error = caught(() => openLocalDatabase({ file }));
    expect(error.code).toBe('LOCAL_STORE_CORRUPT');
    expect(error.message).toContain(file);
    expect(error.detail).toMatch(/not a database/);
  });

  it('reports a write lock held by another connection as LOCAL_STORE_LOCKED once the wait is over', () => {
    const local = openLocalDatabase({ file, busyTimeoutMs: 50 });
    const other = new DatabaseSync(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = caught(() => local.transaction(() => local.db.exec('DELETE FROM drafts')));
      expect(error.code).toBe('LOCAL_STORE_LOCKED');
      expect(error.retryable).toBe(true);
      expect(local.db.isTransaction).toBe(false);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // Free again: the same connection writes.
    local.transaction(() => local.db.exec('DELETE FROM drafts'));
    local.close();
  });

  it('rolls back a transaction whose work throws, and rethrows what it threw', () => {
    const local = openLocalDatabase({ file });
    const insert = local.db.prepare(
      'INSERT INTO ui_state (role_key, key_id, sealed, saved_at) VALUES (?, ?, ?, ?)',
    );
    expect(() =>
      local.transaction(() => {
        insert.run('a', 'k', Buffer.of(1), 1);
        throw new RangeError('boom');
      }),
    ).toThrow(RangeError);
    expect(local.db.prepare('SELECT count(*) AS n FROM ui_state').get()).toEqual({ n: 0 });
    local.close();
  });
});
