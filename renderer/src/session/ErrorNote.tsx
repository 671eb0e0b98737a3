import type { IpcError } from '../ipc.ts';

/** An error where it happened: what went wrong, and a retry when one makes sense. */
export function ErrorNote({
  error,
  onRetry,
  retryLabel = 'Try again',
}: {
  error: IpcError;
  onRetry?: () => void;
  retryLabel?: string;
}) {
  return (
    <div className="error" role="alert" data-code={error.code}>
      <span>{error.message}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}
