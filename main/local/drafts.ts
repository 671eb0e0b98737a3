/**
 * Drafts: the annotator's unsubmitted work on a task, saved on this computer so that it survives a
 * window reload, a restart and a kill -9. The window sends its whole document with a monotonic `rev`;
 * a save answers only after its transaction committed (WAL, synchronous=FULL), so "Draft saved" is
 * never shown for work that a crash could still take. An older rev than the one stored is ignored
 * (`stale`): saves that overtake each other on the way never roll a draft back.
 *
 * One draft per (role, project, task): two roles of one person never see each other's drafts, and
 * each role's drafts are sealed with that role's key (sealed.ts). Rows name the role by its digest,
 * so the file shows neither the role ARN nor the person's session name.
 */
import { z } from 'zod';
import { createLogger } from '../log.ts';
import type { LocalDatabase } from './database.ts';
import { LocalStoreError, localErrors } from './local-store-error.ts';
import { roleDigest } from './sealed.ts';
import type { RoleSeal, Sealer } from './sealed.ts';

const log = createLogger('local');

export interface DraftScope {
  /** Who the draft belongs to: the lead's stable id of the signed-in role (e.g. IdP id + role ARN). */
  roleKey: string;
  projectId: string;
  taskId: string;
}

const draftSchema = z.object({
  rev: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** Label Studio result items, kept verbatim (core/labeling reads them). */
  result: z.array(z.unknown()),
  leadTimeSeconds: z.number().nonnegative().finite(),
  /** The task's S3 key and its index within that object (array/JSONL files hold several tasks). */
  taskKey: z.string().min(1),
  taskIndex: z.number().int().nonnegative(),
  /** The annotation this draft edits, when it started from a submitted one. */
  baseAnnotationId: z.union([z.string().min(1), z.number().int()]).optional(),
  wasCancelled: z.literal(false).optional(),
});
export type Draft = z.infer<typeof draftSchema>;
export interface StoredDraft extends Draft {
  /** ms since 1970, when the draft's transaction committed. */
  savedAt: number;
}

export interface SaveOutcome {
  /** `stale`: a newer rev was stored already; nothing was written and `rev`/`savedAt` are the stored ones. */
  status: 'saved' | 'stale';
  rev: number;
  savedAt: number;
}

const lastOpenSchema = z.object({
  projectId: z.string().min(1),
  key: z.string().min(1),
  index: z.number().int().nonnegative(),
});
export type LastOpen = z.infer<typeof lastOpenSchema>;

export interface DraftSummary {
  taskId: string;
  savedAt: number;
}

export interface DraftStore {
  /** False when drafts last for this run only (the keychain is memory-only). */
  readonly persistent: boolean;
  save(scope: DraftScope, draft: Draft): Promise<SaveOutcome>;
  load(scope: DraftScope): Promise<StoredDraft | null>;
  /** True when a draft was removed. */
  discard(scope: DraftScope): Promise<boolean>;
  /** The role's drafts in one project, most recent first. */
  list(roleKey: string, projectId: string): Promise<DraftSummary[]>;
  lastOpen(roleKey: string): Promise<LastOpen | null>;
  setLastOpen(roleKey: string, lastOpen: LastOpen): Promise<void>;
  /** The annotator closed the task on purpose: a restart does not return to it. */
  clearLastOpen(roleKey: string): Promise<void>;
}

export interface DraftStoreOptions {
  db: LocalDatabase;
  sealer: Sealer;
  now?: () => number;
}

const nonEmpty = z.string().min(1).max(4_096);
const scopeSchema = z.object({ roleKey: nonEmpty, projectId: nonEmpty, taskId: nonEmpty });
const storedDraft = draftSchema.extend({ v: z.literal(1) });
const storedLastOpen = lastOpenSchema.extend({ v: z.literal(1) });

export function createDraftStore(options: DraftStoreOptions): DraftStore {
  const { db: local, sealer } = options;
  const now = options.now ?? Date.now;
  const statements = local.guard(() => ({
    rev: local.db.prepare('SELECT rev, saved_at FROM drafts WHERE scope_key = ?'),
    get: local.db.prepare('SELECT rev, key_id, sealed, saved_at FROM drafts WHERE scope_key = ?'),
    upsert: local.db.prepare(
      `INSERT OR REPLACE INTO drafts (scope_key, role_key, project_id, task_id, rev, key_id, sealed, saved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    remove: local.db.prepare('DELETE FROM drafts WHERE scope_key = ?'),
    list: local.db.prepare(
      `SELECT task_id, saved_at FROM drafts WHERE role_key = ? AND project_id = ? AND key_id = ?
       ORDER BY saved_at DESC, task_id`,
    ),
    purgeDrafts: local.db.prepare('DELETE FROM drafts WHERE role_key = ? AND key_id <> ?'),
    purgeUi: local.db.prepare('DELETE FROM ui_state WHERE role_key = ? AND key_id <> ?'),
    getUi: local.db.prepare('SELECT key_id, sealed FROM ui_state WHERE role_key = ?'),
    removeUi: local.db.prepare('DELETE FROM ui_state WHERE role_key = ?'),
    setUi: local.db.prepare(
      'INSERT OR REPLACE INTO ui_state (role_key, key_id, sealed, saved_at) VALUES (?, ?, ?, ?)',
    ),
  }));

  // The first use of a role in this run drops rows sealed with a key the keychain no longer has
  // (keychain reset, or a memory-only key of an earlier run): nothing can ever open them.
  const purged = new Set<string>();
  const sealFor = async (roleKey: string): Promise<RoleSeal> => {
    const seal = await sealer.forRole(roleKey);
    if (!purged.has(roleKey)) {
      const removed = local.transaction(
        () =>
          Number(statements.purgeDrafts.run(roleDigest(roleKey), seal.keyId).changes) +
          Number(statements.purgeUi.run(roleDigest(roleKey), seal.keyId).changes),
      );
      if (removed > 0) log.warn(`Removed ${removed} local row(s) sealed with a key that is gone.`);
      purged.add(roleKey);
    }
    return seal;
  };

  return {
    persistent: sealer.persistent,

    async save(scope, draft) {
      const s = input(scopeSchema, scope, 'scope');
      const d = input(draftSchema, draft, 'draft');
      const seal = await sealFor(s.roleKey);
      const scopeKey = scopeKeyOf(s);
      // Sealed before the transaction: the write lock is held only for the write itself.
      const sealed = seal.seal('draft', scopeKey, Buffer.from(JSON.stringify({ v: 1, ...d }), 'utf8'));
      return local.transaction((): SaveOutcome => {
        const stored = statements.rev.get(scopeKey) as { rev: number; saved_at: number } | undefined;
        if (stored && stored.rev > d.rev)
          return { status: 'stale', rev: stored.rev, savedAt: stored.saved_at };
        const savedAt = now();
        statements.upsert.run(
          scopeKey,
          roleDigest(s.roleKey),
          s.projectId,
          s.taskId,
          d.rev,
          seal.keyId,
          sealed,
          savedAt,
        );
        return { status: 'saved', rev: d.rev, savedAt };
      });
    },

    async load(scope) {
      const s = input(scopeSchema, scope, 'scope');
      const seal = await sealFor(s.roleKey);
      const scopeKey = scopeKeyOf(s);
      const row = local.guard(() => statements.get.get(scopeKey)) as
        { rev: number; key_id: string; sealed: Uint8Array; saved_at: number } | undefined;
      if (!row) return null;
      const subject = `The draft of task ${s.taskId} saved on this computer`;
      const record = openRecord(seal, 'draft', scopeKey, row.key_id, row.sealed, storedDraft, subject);
      if (record.rev !== row.rev)
        throw localErrors.corruptRecord(subject, `rev ${record.rev} in a row of rev ${row.rev}`);
      const { v: _v, ...draft } = record;
      return { ...draft, savedAt: row.saved_at };
    },

    async discard(scope) {
      const s = input(scopeSchema, scope, 'scope');
      return local.transaction(() => Number(statements.remove.run(scopeKeyOf(s)).changes) > 0);
    },

    async list(roleKey, projectId) {
      const role = input(nonEmpty, roleKey, 'roleKey');
      const project = input(nonEmpty, projectId, 'projectId');
      const seal = await sealFor(role);
      const rows = local.guard(() => statements.list.all(roleDigest(role), project, seal.keyId)) as {
        task_id: string;
        saved_at: number;
      }[];
      return rows.map((r) => ({ taskId: r.task_id, savedAt: r.saved_at }));
    },

    async lastOpen(roleKey) {
      const role = input(nonEmpty, roleKey, 'roleKey');
      const seal = await sealFor(role);
      const row = local.guard(() => statements.getUi.get(roleDigest(role))) as
        { key_id: string; sealed: Uint8Array } | undefined;
      if (!row) return null;
      const record = openRecord(
        seal,
        'ui-state',
        'last-open',
        row.key_id,
        row.sealed,
        storedLastOpen,
        'The last open task',
      );
      const { v: _v, ...lastOpen } = record;
      return lastOpen;
    },

    async setLastOpen(roleKey, lastOpen) {
      const role = input(nonEmpty, roleKey, 'roleKey');
      const value = input(lastOpenSchema, lastOpen, 'lastOpen');
      const seal = await sealFor(role);
      const sealed = seal.seal(
        'ui-state',
        'last-open',
        Buffer.from(JSON.stringify({ v: 1, ...value }), 'utf8'),
      );
      local.transaction(() => statements.setUi.run(roleDigest(role), seal.keyId, sealed, now()));
    },

    async clearLastOpen(roleKey) {
      const role = input(nonEmpty, roleKey, 'roleKey');
      local.transaction(() => statements.removeUi.run(roleDigest(role)));
    },
  };
}

/** A draft's row key and the record id sealed into its AAD; JSON, so that no id splits two ways. */
export function scopeKeyOf(scope: DraftScope): string {
  return JSON.stringify([roleDigest(scope.roleKey), scope.projectId, scope.taskId]);
}

export function openRecord<T>(
  seal: RoleSeal,
  kind: string,
  recordId: string,
  keyId: string,
  sealed: Uint8Array,
  schema: z.ZodType<T>,
  subject: string,
): T {
  if (keyId !== seal.keyId) throw localErrors.corruptRecord(subject, 'sealed with another key');
  let plaintext: Buffer;
  try {
    plaintext = seal.open(kind, recordId, sealed);
  } catch (error) {
    if (error instanceof LocalStoreError) throw localErrors.corruptRecord(subject, error.detail);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw localErrors.corruptRecord(subject, 'not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw localErrors.corruptRecord(subject, 'schema');
  return parsed.data;
}

/** A caller's mistake (the IPC contract validates first): paths and zod's words, never values. */
export function input<S extends z.ZodType>(schema: S, value: unknown, name: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${[name, ...i.path].join('.')}: ${i.message}`).join('; ');
  throw new TypeError(`Invalid ${name}: ${issues}`);
}
