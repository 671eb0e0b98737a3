import { describe, expect, it } from 'vitest';
import { syncMessage } from './sync-message.ts';

const base = {
  pending: 0,
  tasks: [],
  offline: false,
  paused: false,
  syncing: false,
  lastSyncAt: null,
  error: null,
  conflicts: [],
};

describe('syncMessage', () => {
  it('says nothing when nothing waits', () => {
    expect(syncMessage(base)).toBeNull();
    expect(syncMessage({ ...base, offline: true })).toBeNull();
  });

  it('offline: counts what waits and says it is kept on this computer', () => {
    expect(syncMessage({ ...base, pending: 3, offline: true })?.text).toBe(
      'Working offline: 3 submits waiting to sync. They are kept on this computer and sent when S3 can be reached again.',
    );
    expect(syncMessage({ ...base, pending: 1, offline: true })?.text).toMatch(
      /^Working offline: 1 submit waiting/,
    );
  });

  it('a session that ended waits for the next sign-in; a send in progress is quiet', () => {
    expect(syncMessage({ ...base, pending: 2, paused: true, offline: true })?.text).toMatch(
      /2 submits waiting to sync: your session ended/,
    );
    expect(syncMessage({ ...base, pending: 2, syncing: true })).toEqual({
      text: 'Sending 2 submits…',
      tone: 'muted',
    });
  });

  it("passes on the last failure's message, written for people", () => {
    const error = { code: 'STORAGE_ACCESS_DENIED', message: 'Your role may not write annotations here.' };
    expect(syncMessage({ ...base, pending: 1, error })?.text).toBe(
      '1 submit waiting to sync. Your role may not write annotations here.',
    );
  });

  it("names conflicts met in the background, and where the annotator's version is", () => {
    expect(syncMessage({ ...base, conflicts: [{ projectId: 'p', taskId: '7' }] })?.text).toBe(
      "1 task changed elsewhere while your submit was on its way: the other version was kept in S3 and yours is the task's draft. Open it to compare and submit again.",
    );
  });
});
