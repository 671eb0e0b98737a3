/** The local store's draft store as the projects service's DraftsPort (times as ISO strings for the window). */
import type { DraftStore } from '../local/index.ts';
import type { DraftsPort } from './drafts-port.ts';

export function draftsPortFrom(store: DraftStore): DraftsPort {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    async save(scope, draft) {
      const saved = await store.save(scope, draft);
      return { rev: saved.rev, savedAt: iso(saved.savedAt), stale: saved.status === 'stale' };
    },
    async load(scope) {
      const draft = await store.load(scope);
      return draft
        ? {
            rev: draft.rev,
            result: draft.result,
            leadTimeSeconds: draft.leadTimeSeconds,
            taskKey: draft.taskKey,
            taskIndex: draft.taskIndex,
            savedAt: iso(draft.savedAt),
          }
        : null;
    },
    async discard(scope) {
      await store.discard(scope);
    },
    async list(roleKey, projectId) {
      return (await store.list(roleKey, projectId)).map((d) => ({
        taskId: d.taskId,
        savedAt: iso(d.savedAt),
      }));
    },
    lastOpen: (roleKey) => store.lastOpen(roleKey),
    setLastOpen: (roleKey, last) => (last ? store.setLastOpen(roleKey, last) : store.clearLastOpen(roleKey)),
  };
}

/**
 * The local store could not be opened (locked by another copy of the app, damaged, written by a newer
 * version, a full disk): the app still starts, nothing pretends to be saved, and every draft save says why.
 */
export function unavailableDrafts(problem: Error): DraftsPort {
  return {
    save: () => Promise.reject(problem),
    load: async () => null,
    discard: async () => undefined,
    list: async () => [],
    lastOpen: async () => null,
    setLastOpen: async () => undefined,
  };
}
