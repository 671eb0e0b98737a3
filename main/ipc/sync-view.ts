/** The sync engine's state as the window sees it (times as ISO strings, errors for people). */
import type { SyncStatus } from '../../preload/contract.ts';
import type { SyncState } from '../local/sync-engine.ts';
import { presentError } from './presentable-errors.ts';

/** For a failure that is not an AppError (a bug): the work is safe; details go to the log. */
const notSentYet = {
  code: 'SYNC_FAILED',
  message: 'Some work could not be sent yet. It is kept on this computer and the app tries again.',
  retryable: true,
};

export const idleSync: SyncStatus = {
  pending: 0,
  tasks: [],
  offline: false,
  paused: false,
  syncing: false,
  lastSyncAt: null,
  error: null,
  conflicts: [],
};

export function syncView(state: SyncState): SyncStatus {
  return {
    pending: state.pending,
    tasks: state.tasks,
    offline: state.offline,
    paused: state.paused,
    syncing: state.syncing,
    lastSyncAt: state.lastSyncAt === null ? null : new Date(state.lastSyncAt).toISOString(),
    conflicts: state.conflicts,
    error:
      state.lastError === null || state.lastError === undefined
        ? null
        : presentError(state.lastError, notSentYet, 'sync'),
  };
}
