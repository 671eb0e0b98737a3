import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLogSinks } from '../log.ts';
import { cacheKeyAccount, createMediaCache } from '../media/media-cache.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { localMigrations, openLocalDatabase } from './database.ts';
import { createSealer } from './sealed.ts';

/** v3 as it first shipped: cache_roles without expires_at (added to v3 in place afterwards). */
const firstV3 = (localMigrations[2] as string).replace(
  /CREATE TABLE cache_roles \([\s\S]*?\) STRICT;/,
  'CREATE TABLE cache_roles (role_key TEXT PRIMARY KEY, online_at INTEGER NOT NULL) STRICT;',
);
const ROLE = 'org\u0000arn:aws:iam::1:role/a\u0000me';
let dir: string;
let file: string;

beforeEach(() => {
  setLogSinks([]);
  dir = mkdtempSync(path.join(tmpdir(), 'fa-schema-v4-'));
  file = path.join(dir, 'local.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const columns = (db: ReturnType<typeof openLocalDatabase>) =>
  (db.db.prepare('PRAGMA table_info(cache_roles)').all() as { name: string }[]).map((c) => c.name);

describe('schema v4', () => {
  it('a store at the first v3 gains cache_roles.expires_at, keeps its rows, and the cache notes sign-ins', () => {
    expect(firstV3).not.toMatch(/expires_at/);
    const old = openLocalDatabase({ file, migrations: [...localMigrations.slice(0, 2), firstV3] });
    old.db.prepare('INSERT INTO cache_roles (role_key, online_at) VALUES (?, ?)').run('r', 5);
    old.close();

    const db = openLocalDatabase({ file });
    try {
      expect(db.version).toBe(4);
      expect(columns(db)).toEqual(['role_key', 'online_at', 'expires_at']);
      expect(db.db.prepare('SELECT * FROM cache_roles').all()).toEqual([
        { role_key: 'r', online_at: 5, expires_at: 0 },
      ]);
      const cache = createMediaCache({
        db,
        dir: path.join(dir, 'cache'),
        sealer: createSealer({
          secrets: new MemorySecretStore(),
          persistent: false,
          account: cacheKeyAccount,
        }),
      });
      expect(cache.noteOnline(ROLE, 1_000)).toBe(true);
      // The same credentials again (a restored session) are not a new sign-in.
      expect(cache.noteOnline(ROLE, 1_000)).toBe(false);
    } finally {
      db.close();
    }
  });

  it('a store at v3 with the column already is left as it is', () => {
    const v3 = openLocalDatabase({ file, migrations: localMigrations.slice(0, 3) });
    v3.db
      .prepare('INSERT INTO cache_roles (role_key, online_at, expires_at) VALUES (?, ?, ?)')
      .run('r', 5, 9);
    v3.close();
    const db = openLocalDatabase({ file });
    try {
      expect(db.version).toBe(4);
      expect(db.db.prepare('SELECT * FROM cache_roles').all()).toEqual([
        { role_key: 'r', online_at: 5, expires_at: 9 },
      ]);
    } finally {
      db.close();
    }
  });
});
