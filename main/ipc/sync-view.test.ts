import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { setLogSinks } from '../log.ts';
import type { SyncState } from '../local/sync-engine.ts';
import { syncView } from './sync-view.ts';

const state = (over: Partial<SyncState> = {}): SyncState => ({
  pending: 2,
  tasks: [
    { projectId: 'p', taskId: '1' },
    { projectId: 'p', taskId: '2' },
  ],
  offline: true,
  paused: false,
  syncing: false,
  lastSyncAt: Date.UTC(2026, 11, 2, 1, 0, 0),
  lastError: null,
  conflicts: [],
  ...over,
});

describe('syncView', () => {
  it('gives the window ISO times and the counts as they are', () => {
    expect(syncView(state())).toEqual({
      pending: 2,
      tasks: state().tasks,
      offline: true,
      paused: false,
      syncing: false,
      lastSyncAt: '2026-12-02T01:00:00.000Z',
      error: null,
      conflicts: [],
    });
  });

  it("passes an AppError's message for people; anything else as a generic one, the detail to the log", () => {
    const logged: string[] = [];
    setLogSinks([(line) => logged.push(line.message)]);
    const offline = new AppError('STORAGE_OFFLINE', 'S3 cannot be reached.', { retryable: true });
    expect(syncView(state({ lastError: offline })).error).toEqual({
      code: 'STORAGE_OFFLINE',
      message: 'S3 cannot be reached.',
      retryable: true,
    });
    const bug = new TypeError('secret-ish internal detail');
    const view = syncView(state({ lastError: bug }));
    expect(view.error).toMatchObject({ code: 'SYNC_FAILED', retryable: true });
    expect(view.error?.message).not.toContain('internal detail');
    expect(logged.join('\n')).toContain('sync');
    setLogSinks([]);
  });
});
