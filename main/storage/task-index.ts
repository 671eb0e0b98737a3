/**
 * The local index of a project's task objects: one SQLite file per project (node:sqlite, built into
 * Node 24 and Electron 45). Chosen over JSON Lines because the renderer pages through it (LIMIT/OFFSET
 * on the key's b-tree, without loading 100k rows into memory), each listed page is committed in one
 * transaction (a crash loses at most the page in flight, and the next sync resumes after the last
 * committed key), and a full re-sync can mark-and-sweep removed keys in place. Figures in
 * test/bench/s3-listing.bench.ts. Keys sort with SQLite's BINARY collation, i.e. UTF-8 byte order,
 * which is S3's listing order, so the last indexed key is a valid StartAfter.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Project } from '../tasks/index.ts';

/** One listed task object, as the renderer's virtualized list shows it. */
export interface IndexRow {
  key: string;
  /**
   * The task id of the object's single task (files mode, single-task JSON). Array/JSONL files hold
   * several tasks; they are expanded (ids `<this id>-<n>`) when the object is opened.
   */
  taskId: string;
  size: number;
  etag: string;
  /** ms since 1970 */
  lastModified: number;
}

export interface UpsertOutcome {
  added: number;
  /** Keys already indexed whose ETag changed. */
  changed: string[];
}

export interface TaskIndex {
  readonly path: string;
  count(): number;
  /** A page of rows in key order; limit is capped at 500 so no single IPC message carries the index. */
  page(offset: number, limit: number): IndexRow[];
  get(key: string): IndexRow | undefined;
  /** The greatest key ever listed (filtered or not): where an incremental sync starts after. */
  cursor(): string | null;
  /** Whether a listing has reached the end of the prefix at least once. */
  complete(): boolean;
  /** The generation of the last full listing (mark-and-sweep for removed keys). */
  generation(): number;
  /** Commits one listed page atomically, with the cursor it advances to. */
  upsertPage(rows: readonly IndexRow[], lastListedKey: string | undefined, generation: number): UpsertOutcome;
  markComplete(): void;
  /** After a full listing tagged `generation`: deletes rows it did not see, returns their keys. */
  sweep(generation: number): string[];
  close(): void;
}

export const MAX_PAGE_ROWS = 500;

/** What the index depends on: when any of it changes, the old rows mean nothing. */
function fingerprint(project: Project): string {
  return JSON.stringify([
    project.bucket,
    project.endpoint ?? '',
    project.region,
    project.taskPrefix,
    project.targetPrefix,
    project.regexFilter ?? '',
    project.importMode,
  ]);
}

export function openTaskIndex(options: { directory: string; project: Project }): TaskIndex {
  mkdirSync(options.directory, { recursive: true });
  const path = join(options.directory, `${options.project.id}.index.sqlite`);
  const db = new DatabaseSync(path);
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS objects (
      key TEXT PRIMARY KEY,
      task_id TEXT NOT NULL,
      size INTEGER NOT NULL,
      etag TEXT NOT NULL,
      last_modified INTEGER NOT NULL,
      gen INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `);
  const getMeta = db.prepare('SELECT value FROM meta WHERE name = ?');
  const setMeta = db.prepare(
    'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
  );
  const meta = (name: string): string | undefined =>
    (getMeta.get(name) as { value: string } | undefined)?.value;

  const wanted = fingerprint(options.project);
  if (meta('fingerprint') !== wanted) {
    db.exec('BEGIN');
    db.exec('DELETE FROM objects; DELETE FROM meta;');
    setMeta.run('fingerprint', wanted);
    setMeta.run('generation', '0');
    db.exec('COMMIT');
  }

  const selectEtag = db.prepare('SELECT etag FROM objects WHERE key = ?');
  const upsert = db.prepare(`
    INSERT INTO objects (key, task_id, size, etag, last_modified, gen) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET task_id = excluded.task_id, size = excluded.size, etag = excluded.etag,
      last_modified = excluded.last_modified, gen = excluded.gen`);
  const countStmt = db.prepare('SELECT count(*) AS n FROM objects');
  const pageStmt = db.prepare(
    'SELECT key, task_id, size, etag, last_modified FROM objects ORDER BY key LIMIT ? OFFSET ?',
  );
  const getStmt = db.prepare('SELECT key, task_id, size, etag, last_modified FROM objects WHERE key = ?');
  const staleStmt = db.prepare('SELECT key FROM objects WHERE gen < ? ORDER BY key');
  const deleteStale = db.prepare('DELETE FROM objects WHERE gen < ?');

  type Raw = { key: string; task_id: string; size: number; etag: string; last_modified: number };
  const toRow = (r: Raw): IndexRow => ({
    key: r.key,
    taskId: r.task_id,
    size: r.size,
    etag: r.etag,
    lastModified: r.last_modified,
  });
  let rowCount = (countStmt.get() as { n: number }).n;

  const transaction = <T>(work: () => T): T => {
    db.exec('BEGIN');
    try {
      const out = work();
      db.exec('COMMIT');
      return out;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };

  return {
    path,
    count: () => rowCount,
    page(offset, limit) {
      const n = Math.max(0, Math.min(MAX_PAGE_ROWS, Math.floor(limit)));
      return (pageStmt.all(n, Math.max(0, Math.floor(offset))) as Raw[]).map(toRow);
    },
    get(key) {
      const raw = getStmt.get(key) as Raw | undefined;
      return raw && toRow(raw);
    },
    cursor: () => meta('cursor') ?? null,
    complete: () => meta('complete') === '1',
    generation: () => Number(meta('generation') ?? '0'),
    upsertPage(rows, lastListedKey, generation) {
      return transaction(() => {
        let added = 0;
        const changed: string[] = [];
        for (const row of rows) {
          const before = selectEtag.get(row.key) as { etag: string } | undefined;
          if (!before) added++;
          else if (before.etag !== row.etag) changed.push(row.key);
          upsert.run(row.key, row.taskId, row.size, row.etag, row.lastModified, generation);
        }
        const cursor = meta('cursor');
        if (lastListedKey !== undefined && (cursor === undefined || utf8Compare(lastListedKey, cursor) > 0))
          setMeta.run('cursor', lastListedKey);
        rowCount += added;
        return { added, changed };
      });
    },
    markComplete: () => void setMeta.run('complete', '1'),
    sweep(generation) {
      return transaction(() => {
        const removed = (staleStmt.all(generation) as { key: string }[]).map((r) => r.key);
        deleteStale.run(generation);
        setMeta.run('generation', String(generation));
        rowCount -= removed.length;
        return removed;
      });
    },
    close: () => db.close(),
  };
}

/** S3's order (UTF-8 bytes); JavaScript's `<` compares UTF-16 units, which differs above U+FFFF. */
export function utf8Compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
