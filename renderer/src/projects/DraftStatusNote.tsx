import type { IpcError } from '../ipc.ts';
import type { DraftStatus } from '../workspace/model/draft-sync.ts';

/** "Draft saved on this computer": what is safe from a reload, a crash or a restart, and since when. */
export function DraftStatusNote({ status }: { status: DraftStatus<IpcError> }) {
  switch (status.state) {
    case 'idle':
      return null;
    case 'saving':
      return (
        <span className="draft-status muted" role="status" data-testid="draft-status">
          Saving draft…
        </span>
      );
    case 'saved':
      return (
        <span className="draft-status" role="status" data-testid="draft-status">
          Draft saved on this computer · {new Date(status.savedAt).toLocaleTimeString()}
        </span>
      );
    case 'failed':
      return (
        <span className="draft-status error" role="alert" data-testid="draft-status">
          Draft not saved: {status.error.message}
        </span>
      );
  }
}
