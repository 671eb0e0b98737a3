/**
 * The open task's draft: the document saved to main (SQLite, sealed) within a second of each change,
 * also while typing goes on (a save costs about 1 ms). An answer that another window stored a newer
 * draft is a failure here: "Draft saved" must mean this window's work is on disk.
 */
import type { AnnotatorApi } from '../../../preload/api.ts';
import type { IpcError, OpenedTask } from '../../../preload/contract.ts';
import type { DocumentStore } from '../workspace/model/document-store.ts';
import { DraftSync } from '../workspace/model/draft-sync.ts';
import { call } from './safe-call.ts';

const NEWER_DRAFT_ELSEWHERE: IpcError = {
  code: 'DRAFT_NEWER_ELSEWHERE',
  message:
    'a newer draft of this task was saved from another window. Open the task again to continue from it.',
};

export function startTaskDraft(options: {
  api: AnnotatorApi;
  projectId: string;
  task: OpenedTask;
  store: DocumentStore;
  /** The result as Label Studio stores it (the codec keeps what the window did not edit). */
  result: () => Record<string, unknown>[];
  leadTimeSeconds: () => number;
}): DraftSync<unknown[], IpcError> {
  const { api, projectId, task } = options;
  return new DraftSync<unknown[], IpcError>({
    store: options.store,
    serialize: () => options.result(),
    initialRev: task.draft?.rev ?? 0,
    delayMs: 1_000,
    maxWaitMs: 1_000,
    port: {
      save: async ({ rev, result }) => {
        const saved = await call(() =>
          api.tasks.saveDraft({
            projectId,
            taskId: task.taskId,
            rev,
            result: result as Record<string, unknown>[],
            leadTimeSeconds: options.leadTimeSeconds(),
          }),
        );
        if (!saved.ok) return { ok: false, error: saved.error };
        if (saved.value.stale) return { ok: false, error: NEWER_DRAFT_ELSEWHERE };
        return { ok: true, savedAt: saved.value.savedAt };
      },
    },
  });
}
