/** The words of the offline/sync banner (SyncStatus.tsx), apart so that they are tested without React. */
import type { SyncStatus } from '../../../preload/contract.ts';

const submits = (n: number) => (n === 1 ? '1 submit' : `${n} submits`);

/** The words of the banner: what waits on this computer, why, and what the app does about it. */
export function syncMessage(state: SyncStatus): { text: string; tone: 'note' | 'muted' } | null {
  if (state.pending === 0) {
    const n = state.conflicts.length;
    if (n === 0) return null;
    return {
      text:
        `${n === 1 ? '1 task' : `${n} tasks`} changed elsewhere while your submit was on its way: ` +
        "the other version was kept in S3 and yours is the task's draft. Open it to compare and submit again.",
      tone: 'note',
    };
  }
  const waiting = `${submits(state.pending)} waiting to sync`;
  if (state.paused)
    return {
      text: `${waiting}: your session ended. They are kept on this computer and sent after you sign in again.`,
      tone: 'note',
    };
  if (state.offline)
    return {
      text: `Working offline: ${waiting}. They are kept on this computer and sent when S3 can be reached again.`,
      tone: 'note',
    };
  if (state.syncing) return { text: `Sending ${submits(state.pending)}…`, tone: 'muted' };
  return {
    text: `${waiting}.${state.error ? ` ${state.error.message}` : ' The app retries by itself.'}`,
    tone: 'note',
  };
}
