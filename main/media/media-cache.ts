/**
 * The offline cache: task media, task files and labeling configs kept on this computer, sealed.
 *
 * Content-addressed per role: a blob is named by a keyed digest of its plaintext's SHA-256 (the same
 * bytes referenced twice are stored once; the name tells nothing to someone without the key), and
 * "names" (an S3 object, a task file at an ETag, a config) point at blobs. Every blob is sealed with
 * AES-256-GCM under the role's cache key (a sibling of the drafts' key in the keychain, sealed.ts) in
 * chunks of 1 MiB, so a seek in a one-hour recording opens only the chunks it needs and nothing is
 * held in memory whole (the file format: sealed-file.ts).
 *
 * Size-capped with least-recently-used eviction; what the open and prefetched tasks need is protected.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { LocalDatabase } from '../local/database.ts';
import { roleDigest, type RoleSeal, type Sealer } from '../local/sealed.ts';
import { createLogger } from '../log.ts';
import { createBlobFiles, dropUnreferenced } from './blob-files.ts';
import { capped, defaultMaxObjectBytes } from './object-cap.ts';
import { readSealedFile, writeSealedFile } from './sealed-file.ts';

const log = createLogger('media');

export { CHUNK } from './sealed-file.ts';
export { ObjectTooLarge } from './object-cap.ts';

/** The keychain account of a role's cache key: a sibling of the drafts' key, dropped at sign-out alone. */
export const cacheKeyAccount = (roleKey: string): string => cacheKeyAccountOf(roleDigest(roleKey));
/** The same account from the role's digest (all the store knows of a role). */
export const cacheKeyAccountOf = (digest: string): string => `cache-key:${digest}`;

/** A write that a wipe of its role overtook: nothing of it was kept. */
export class CacheWiped extends Error {
  constructor() {
    super('the role’s cache was wiped while this object was being stored');
  }
}

export interface CacheMeta {
  contentType?: string | undefined;
  etag?: string | undefined;
}

export interface CacheEntry extends CacheMeta {
  size: number;
  /** The plaintext of [start, end] (inclusive), chunk by chunk, each checked as it is opened. */
  read(start?: number, end?: number): AsyncIterable<Uint8Array>;
}

export interface MediaCacheOptions {
  db: LocalDatabase;
  /** The folder of the cache's files (one sub-folder per role digest). */
  dir: string;
  /** Seals with the cache's own per-role key (createSealer with a `cache-key:` account). */
  sealer: Sealer;
  /** Bytes on disk before the least recently used blobs go (default 2 GB). */
  maxBytes?: number;
  /** Plaintext bytes of one object before it is refused (default defaultMaxObjectBytes(maxBytes)). */
  maxObjectBytes?: number;
  now?: () => number;
  /**
   * Deletes the cache key of a role known by its digest alone (wipeAll; the keychain's delete of
   * cacheKeyAccountOf(digest)). Without it wipeAll leaves keys that seal nothing any more.
   */
  forgetKey?: (digest: string) => Promise<unknown>;
}

export type MediaCache = ReturnType<typeof createMediaCache>;

export function createMediaCache(options: MediaCacheOptions) {
  const { db } = options;
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? 2_000_000_000;
  const maxObjectBytes = options.maxObjectBytes ?? defaultMaxObjectBytes(maxBytes);
  /** Per role: the ref ids an open or queued task needs (never evicted). */
  const protectedRefs = new Map<string, Set<string>>();
  /** Per role: bumped by each wipe, so a write begun before it is not kept; the writes under way. */
  const generations = new Map<string, number>(); // by role digest: an age wipe knows no more
  const inflight = new Map<string, Set<Promise<unknown>>>();
  const roleDir = (roleKey: string) => path.join(options.dir, roleDigest(roleKey));
  const files = createBlobFiles({ db, dir: options.dir });
  const blobFile = (roleKey: string, blobId: string) => files.path(roleDigest(roleKey), blobId);
  const refId = (seal: RoleSeal, name: string) => seal.digest('cache-ref', name);

  function refRow(roleKey: string, ref: string) {
    return db.guard(
      () =>
        db.db
          .prepare(
            `SELECT r.blob_id, r.sealed, b.file_id, b.size FROM cache_refs r
             JOIN cache_blobs b ON b.role_key = r.role_key AND b.blob_id = r.blob_id
             WHERE r.role_key = ? AND r.ref_id = ?`,
          )
          .get(roleDigest(roleKey), ref) as
          { blob_id: string; sealed: Uint8Array; file_id: string; size: number } | undefined,
    );
  }

  async function store(
    roleKey: string,
    name: string,
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    meta: CacheMeta,
    current: () => boolean,
  ): Promise<{ size: number; deduplicated: boolean }> {
    const seal = await options.sealer.forRole(roleKey);
    const dir = roleDir(roleKey);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const written = await writeSealedFile(seal, dir, capped(source, maxObjectBytes));
    const blobId = seal.digest('cache-blob', written.sha256);
    const role = roleDigest(roleKey);
    const ref = refId(seal, name);
    const sealedMeta = seal.seal('cache-ref', ref, Buffer.from(JSON.stringify(meta)));
    let duplicate: boolean;
    /** The blob the name pointed at before, left with no name by this store (a re-point). */
    let orphans: string[] = [];
    try {
      duplicate = db.transaction(() => {
        // Checked inside the transaction: a wipe of the role cannot slip in between.
        if (!current()) throw new CacheWiped();
        const known = db.db
          .prepare('SELECT 1 FROM cache_blobs WHERE role_key = ? AND blob_id = ?')
          .get(role, blobId);
        if (known)
          db.db
            .prepare('UPDATE cache_blobs SET last_used = ? WHERE role_key = ? AND blob_id = ?')
            .run(now(), role, blobId);
        else
          db.db
            .prepare(
              'INSERT INTO cache_blobs (role_key, blob_id, key_id, file_id, size, stored_bytes, last_used) VALUES (?, ?, ?, ?, ?, ?, ?)',
            )
            .run(role, blobId, seal.keyId, written.fileId, written.size, written.stored, now());
        const before = db.db
          .prepare('SELECT blob_id FROM cache_refs WHERE role_key = ? AND ref_id = ?')
          .get(role, ref) as { blob_id: string } | undefined;
        db.db
          .prepare(
            `INSERT INTO cache_refs (role_key, ref_id, blob_id, key_id, sealed, stored_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (role_key, ref_id) DO UPDATE SET blob_id = excluded.blob_id, key_id = excluded.key_id,
             sealed = excluded.sealed, stored_at = excluded.stored_at`,
          )
          .run(role, ref, blobId, seal.keyId, sealedMeta, now());
        if (before && before.blob_id !== blobId) orphans = dropUnreferenced(db, role, [before.blob_id]);
        return Boolean(known);
      });
    } catch (error) {
      await rm(written.tmp, { force: true });
      throw error;
    }
    if (duplicate) await rm(written.tmp, { force: true });
    else await files.place(role, blobId, written.tmp);
    await files.drop(role, orphans);
    await evict({ roleKey, blobId });
    return { size: written.size, deduplicated: duplicate };
  }

  /** Least recently used first, until the cache fits; protected and just-written blobs stay. */
  async function evict(keep?: { roleKey: string; blobId: string }): Promise<void> {
    const doomed: { role: string; blob: string }[] = [];
    db.transaction(() => {
      let total = (
        db.db.prepare('SELECT COALESCE(SUM(stored_bytes), 0) AS n FROM cache_blobs').get() as { n: number }
      ).n;
      if (total <= maxBytes) return;
      const blocked = new Set<string>();
      for (const [roleKey, refs] of protectedRefs)
        for (const ref of refs) {
          const row = db.db
            .prepare('SELECT blob_id FROM cache_refs WHERE role_key = ? AND ref_id = ?')
            .get(roleDigest(roleKey), ref) as { blob_id: string } | undefined;
          if (row) blocked.add(`${roleDigest(roleKey)}/${row.blob_id}`);
        }
      if (keep) blocked.add(`${roleDigest(keep.roleKey)}/${keep.blobId}`);
      const rows = db.db
        .prepare('SELECT role_key, blob_id, stored_bytes FROM cache_blobs ORDER BY last_used ASC')
        .all() as { role_key: string; blob_id: string; stored_bytes: number }[];
      for (const row of rows) {
        if (total <= maxBytes) break;
        if (blocked.has(`${row.role_key}/${row.blob_id}`)) continue;
        db.db
          .prepare('DELETE FROM cache_refs WHERE role_key = ? AND blob_id = ?')
          .run(row.role_key, row.blob_id);
        db.db
          .prepare('DELETE FROM cache_blobs WHERE role_key = ? AND blob_id = ?')
          .run(row.role_key, row.blob_id);
        total -= row.stored_bytes;
        doomed.push({ role: row.role_key, blob: row.blob_id });
      }
    });
    for (const { role, blob } of doomed) await files.drop(role, [blob]);
  }

  return {
    /** The largest object kept (a prefetch skips a bigger one from its Content-Length, unread). */
    maxObjectBytes,

    /** The cached object under `name`, or null; touching it makes it the most recently used. */
    async get(roleKey: string, name: string): Promise<CacheEntry | null> {
      const seal = await options.sealer.forRole(roleKey);
      const row = refRow(roleKey, refId(seal, name));
      if (!row) return null;
      const meta = metaOf(seal, refId(seal, name), row.sealed);
      if (!meta) {
        log.warn('a cache entry did not open; it is dropped');
        await this.remove(roleKey, name);
        return null;
      }
      db.guard(() =>
        db.db
          .prepare('UPDATE cache_blobs SET last_used = ? WHERE role_key = ? AND blob_id = ?')
          .run(now(), roleDigest(roleKey), row.blob_id),
      );
      const file = blobFile(roleKey, row.blob_id);
      return {
        ...meta,
        size: row.size,
        read: (start = 0, end = row.size - 1) =>
          readSealedFile(seal, file, row, start, Math.min(end, row.size - 1)),
      };
    },

    async has(roleKey: string, name: string): Promise<boolean> {
      const seal = await options.sealer.forRole(roleKey);
      return refRow(roleKey, refId(seal, name)) !== undefined;
    },

    /** Reads it all (task files, configs: small). */
    async getBytes(roleKey: string, name: string): Promise<(CacheMeta & { bytes: Buffer }) | null> {
      const entry = await this.get(roleKey, name);
      if (!entry) return null;
      const parts: Uint8Array[] = [];
      try {
        for await (const part of entry.read()) parts.push(part);
      } catch (error) {
        log.warn('a cached object could not be read; it is dropped:', error);
        await this.remove(roleKey, name);
        return null;
      }
      return { contentType: entry.contentType, etag: entry.etag, bytes: Buffer.concat(parts) };
    },

    /**
     * Stores `source` under `name` (streamed, sealed chunk by chunk); the same content is kept once.
     * A wipe of the role while it runs wins: nothing of it is kept (CACHE_WIPED).
     */
    put(
      roleKey: string,
      name: string,
      source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
      meta: CacheMeta = {},
    ): Promise<{ size: number; deduplicated: boolean }> {
      const role = roleDigest(roleKey);
      const started = generations.get(role) ?? 0;
      const work = store(roleKey, name, source, meta, () => (generations.get(role) ?? 0) === started);
      const running = inflight.get(role) ?? new Set<Promise<unknown>>();
      inflight.set(role, running);
      running.add(work);
      void work.catch(() => undefined).finally(() => running.delete(work));
      return work;
    },

    putBytes(roleKey: string, name: string, bytes: Uint8Array, meta: CacheMeta = {}) {
      return this.put(roleKey, name, [bytes], meta);
    },

    /**
     * Forgets `name` (only while it is kept at `ifEtag`, when given: a newer copy stored meanwhile
     * stays); its blob goes too when no other name points at it.
     */
    async remove(roleKey: string, name: string, ifEtag?: string): Promise<void> {
      const seal = await options.sealer.forRole(roleKey);
      const role = roleDigest(roleKey);
      const ref = refId(seal, name);
      const orphans = db.transaction(() => {
        const row = db.db
          .prepare('SELECT blob_id, sealed FROM cache_refs WHERE role_key = ? AND ref_id = ?')
          .get(role, ref) as { blob_id: string; sealed: Uint8Array } | undefined;
        if (!row) return [];
        if (ifEtag !== undefined && metaOf(seal, ref, row.sealed)?.etag !== ifEtag) return [];
        db.db.prepare('DELETE FROM cache_refs WHERE role_key = ? AND ref_id = ?').run(role, ref);
        return dropUnreferenced(db, role, [row.blob_id]);
      });
      await files.drop(role, orphans);
    },

    /** The names an open or queued task of the role needs: eviction passes over them. */
    async protect(roleKey: string, names: readonly string[]): Promise<void> {
      const seal = await options.sealer.forRole(roleKey);
      protectedRefs.set(roleKey, new Set(names.map((name) => refId(seal, name))));
    },

    /**
     * The role signed in or refreshed its session (credentials that expire at `expiresAt`): its
     * cache may be used for the offline age from now. The same credentials seen again (a session
     * restored at start) do not count. True when noted as new.
     */
    noteOnline(roleKey: string, expiresAt: number): boolean {
      return db.transaction(() => {
        const role = roleDigest(roleKey);
        const known = db.db.prepare('SELECT expires_at FROM cache_roles WHERE role_key = ?').get(role) as
          { expires_at: number } | undefined;
        if (known?.expires_at === expiresAt) return false;
        db.db
          .prepare(
            `INSERT INTO cache_roles (role_key, online_at, expires_at) VALUES (?, ?, ?) ON CONFLICT (role_key)
             DO UPDATE SET online_at = excluded.online_at, expires_at = excluded.expires_at`,
          )
          .run(role, now(), expiresAt);
        return true;
      });
    },

    /** Wipes, unread, every role's cache last online more than `maxAgeMs` ago; returns the role digests wiped. */
    async wipeExpired(maxAgeMs: number): Promise<string[]> {
      const cutoff = now() - maxAgeMs;
      const stale = db.guard(() =>
        (
          db.db
            .prepare(
              `SELECT DISTINCT b.role_key FROM cache_blobs b LEFT JOIN cache_roles r ON r.role_key = b.role_key
               WHERE r.online_at IS NULL OR r.online_at < ?`,
            )
            .all(cutoff) as { role_key: string }[]
        ).map((row) => row.role_key),
      );
      for (const role of stale) await wipeDigest(role);
      return stale;
    },

    /** Sign-out: the role's cache is deleted and its cache key dropped from the keychain. */
    async wipeRole(roleKey: string): Promise<void> {
      protectedRefs.delete(roleKey);
      await wipeDigest(roleDigest(roleKey));
      db.transaction(() =>
        db.db.prepare('DELETE FROM cache_roles WHERE role_key = ?').run(roleDigest(roleKey)),
      );
      await options.sealer.drop(roleKey);
    },

    /**
     * Sign-out when the role cannot be known: every role with rows here is wiped, its key dropped.
     * Returns the role digests wiped.
     */
    async wipeAll(): Promise<string[]> {
      protectedRefs.clear();
      const busy = [...inflight.keys()];
      const roles = db.guard(() =>
        (
          db.db
            .prepare(
              `SELECT role_key FROM cache_blobs UNION SELECT role_key FROM cache_refs
               UNION SELECT role_key FROM cache_roles`,
            )
            .all() as { role_key: string }[]
        ).map((row) => row.role_key),
      );
      for (const role of busy) if (!roles.includes(role)) await wipeDigest(role);
      for (const role of roles) {
        await wipeDigest(role);
        db.transaction(() => db.db.prepare('DELETE FROM cache_roles WHERE role_key = ?').run(role));
        await options.forgetKey?.(role);
      }
      // Folders of roles without rows (a blob never recorded) go too.
      await rm(options.dir, { recursive: true, force: true });
      return roles;
    },

    usage(): { bytes: number; blobs: number; refs: number } {
      return db.guard(() => {
        type Blobs = { n: number; bytes: number };
        const b = db.db
          .prepare('SELECT COUNT(*) AS n, COALESCE(SUM(stored_bytes), 0) AS bytes FROM cache_blobs')
          .get() as Blobs;
        const r = db.db.prepare('SELECT COUNT(*) AS n FROM cache_refs').get() as { n: number };
        return { bytes: b.bytes, blobs: b.n, refs: r.n };
      });
    },
  };

  function metaOf(seal: RoleSeal, ref: string, sealed: Uint8Array): CacheMeta | null {
    try {
      return JSON.parse(seal.open('cache-ref', ref, sealed).toString('utf8')) as CacheMeta;
    } catch {
      return null;
    }
  }

  /** A role's rows and files go; a write under way ends first (it finds the wipe and keeps nothing). */
  async function wipeDigest(role: string): Promise<void> {
    generations.set(role, (generations.get(role) ?? 0) + 1);
    await Promise.allSettled([...(inflight.get(role) ?? [])]);
    db.transaction(() => {
      db.db.prepare('DELETE FROM cache_refs WHERE role_key = ?').run(role);
      db.db.prepare('DELETE FROM cache_blobs WHERE role_key = ?').run(role);
    });
    await rm(path.join(options.dir, role), { recursive: true, force: true });
  }
}
