/**
 * The local store: one SQLite file (node:sqlite, built into Node 24 and Electron 45) that holds what
 * the annotator must not lose: drafts now, the outbox of the offline issue next. WAL with
 * synchronous=FULL, so a transaction that returned from COMMIT survives a kill -9 or a power cut.
 * Every row's payload is sealed (sealed.ts): the file holds ids, revisions and times, never content.
 *
 * The schema grows only by appending a step to `localMigrations` (as Signal Desktop does): a step
 * that shipped is never edited, PRAGMA user_version counts the steps applied, and each step runs in
 * its own transaction, so a crash mid-upgrade leaves the previous version intact.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createLogger } from '../log.ts';
import { localErrors, toLocalStoreError } from './local-store-error.ts';

const log = createLogger('local');

/**
 * One schema step, run inside a transaction that also bumps user_version: SQL, or a function for a
 * step that must look at the schema first. Append only.
 */
export type Migration = string | ((db: DatabaseSync) => void);

export const localMigrations: readonly Migration[] = [
  // v1: drafts (one per role, project and task) and the last task open per role.
  `
  CREATE TABLE drafts (
    scope_key TEXT PRIMARY KEY,     -- JSON [role digest, projectId, taskId]: the record id sealed into AAD
    role_key TEXT NOT NULL,         -- sha256 of the role key (sealed.ts roleDigest): no ARN, no user
    project_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    rev INTEGER NOT NULL,           -- the window's monotonic revision; an older one never overwrites
    key_id TEXT NOT NULL,           -- which role key sealed it (a lost key's rows are unreadable)
    sealed BLOB NOT NULL,
    saved_at INTEGER NOT NULL       -- ms since 1970
  ) STRICT;
  CREATE INDEX drafts_by_project ON drafts (role_key, project_id, saved_at);
  CREATE TABLE ui_state (
    role_key TEXT PRIMARY KEY,      -- role digest, as in drafts
    key_id TEXT NOT NULL,
    sealed BLOB NOT NULL,           -- { projectId, key, index } of the task open last
    saved_at INTEGER NOT NULL
  ) STRICT;
  `,
  // v2: the outbox of submits and skips not yet in S3 (outbox.ts), filled in the same transaction
  // that deletes the task's draft, so a submit is never lost nor sent twice.
  `
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, -- queue order; one task's entries are sent in this order
    role_key TEXT NOT NULL,         -- role digest, as in drafts
    project_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    annotation_id TEXT NOT NULL,    -- JSON of the id fixed when queued: a retry rewrites, never adds
    key_id TEXT NOT NULL,
    sealed BLOB NOT NULL,           -- the annotation's content, the task as read, the queue time
    queued_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT                 -- an error code (no message, no content)
  ) STRICT;
  CREATE INDEX outbox_by_role ON outbox (role_key, seq);
  `,
  // v3: the offline cache (main/media/media-cache.ts): sealed blobs in files named by a keyed digest
  // of their content (one file per content and role), the names that point at them, and when each
  // role was last online (cached data older than the offline age is wiped unread).
  `
  CREATE TABLE cache_blobs (
    role_key TEXT NOT NULL,         -- role digest, as in drafts
    blob_id TEXT NOT NULL,          -- HMAC of the content's SHA-256 under the role's cache key: the file name
    key_id TEXT NOT NULL,
    file_id TEXT NOT NULL,          -- random id sealed into every chunk's AAD (a file swapped in does not open)
    size INTEGER NOT NULL,          -- plaintext bytes
    stored_bytes INTEGER NOT NULL,  -- bytes on disk
    last_used INTEGER NOT NULL,     -- ms since 1970: least recently used goes first
    PRIMARY KEY (role_key, blob_id)
  ) STRICT;
  CREATE INDEX cache_blobs_lru ON cache_blobs (last_used);
  CREATE TABLE cache_refs (
    role_key TEXT NOT NULL,
    ref_id TEXT NOT NULL,           -- HMAC of what it names (an S3 object, a task file at an ETag, a config)
    blob_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    sealed BLOB NOT NULL,           -- { contentType, etag } of the object
    stored_at INTEGER NOT NULL,
    PRIMARY KEY (role_key, ref_id)
  ) STRICT;
  CREATE INDEX cache_refs_by_blob ON cache_refs (role_key, blob_id);
  CREATE TABLE cache_roles (
    role_key TEXT PRIMARY KEY,
    online_at INTEGER NOT NULL,     -- ms since 1970 of the role's last sign-in or refresh
    expires_at INTEGER NOT NULL     -- when those credentials expire: a restored session is not a new sign-in
  ) STRICT;
  `,
  // v4: cache_roles.expires_at was added to v3 after v3 had shipped without it: a database at that
  // first v3 gains the column here (0: the next restored session counts as a sign-in once).
  (db) => {
    const columns = db.prepare('PRAGMA table_info(cache_roles)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'expires_at'))
      db.exec('ALTER TABLE cache_roles ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0');
  },
];

export interface LocalDatabase {
  readonly db: DatabaseSync;
  readonly file: string;
  /** The folder that holds the file (named in disk-full messages). */
  readonly folder: string;
  /** The schema version after opening (= the number of migrations applied). */
  readonly version: number;
  /** Runs `work` in one write transaction (BEGIN IMMEDIATE); returns only after COMMIT. */
  transaction<T>(work: () => T): T;
  /** Runs `work`, turning SQLite and file-system failures into LocalStoreError. */
  guard<T>(work: () => T): T;
  close(): void;
}

export interface OpenLocalDatabaseOptions {
  file: string;
  /** How long to wait for another connection's lock before LOCAL_STORE_LOCKED (default 5 s). */
  busyTimeoutMs?: number;
  /** The schema steps; only tests pass their own. */
  migrations?: readonly Migration[];
}

export function openLocalDatabase(options: OpenLocalDatabaseOptions): LocalDatabase {
  const file = resolve(options.file);
  const folder = dirname(file);
  const where = { file, folder };
  const migrations = options.migrations ?? localMigrations;
  const guard = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      throw toLocalStoreError(error, where);
    }
  };

  return guard(() => {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const db = new DatabaseSync(file, {
      timeout: options.busyTimeoutMs ?? 5_000,
      enableForeignKeyConstraints: true,
    });
    try {
      // Owner only (SQLite gives -wal and -shm the same mode): ids and times need not be world-readable.
      if (process.platform !== 'win32') chmodSync(file, 0o600);
      // Reading the header first: a file that is not a database fails here, before any write.
      const found = userVersion(db);
      if (found > migrations.length) throw localErrors.tooNew(file, found, migrations.length);
      const mode = db.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode: string };
      if (mode.journal_mode !== 'wal') throw localErrors.io(file, `journal_mode is ${mode.journal_mode}`);
      db.exec('PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
      const transaction = <T>(work: () => T): T => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = work();
          db.exec('COMMIT');
          return out;
        } catch (error) {
          // After SQLITE_FULL or an I/O error SQLite may already have rolled back.
          if (db.isTransaction) db.exec('ROLLBACK');
          throw error;
        }
      };
      for (let version = found; version < migrations.length; version++) {
        transaction(() => {
          const step = migrations[version]!;
          if (typeof step === 'string') db.exec(step);
          else step(db);
          db.exec(`PRAGMA user_version = ${version + 1}`);
        });
        log.info(`Local store ${file}: schema upgraded to version ${version + 1}.`);
      }
      return {
        db,
        file,
        folder,
        version: migrations.length,
        transaction: (work) => guard(() => transaction(work)),
        guard,
        close: () => {
          if (db.isOpen) db.close();
        },
      } satisfies LocalDatabase;
    } catch (error) {
      db.close();
      throw error;
    }
  });
}

function userVersion(db: DatabaseSync): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}
