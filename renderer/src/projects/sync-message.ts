/** The words of the offline/sync banner (SyncStatus.tsx), apart so that they are tested without React. */
import type { SyncStatus } from '../../../preload/contract.ts';

const submits = (n: number) => (n === 1 ? '1 submit' : `${n} submits`);

/** The words of the banner: what waits on this computer, why, and what the app does about it. */
export function syncMessage(state: SyncStatus): { text: string; tone: 'note' | 'muted' } | null {
  if (state.pending === 0) return null;
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
