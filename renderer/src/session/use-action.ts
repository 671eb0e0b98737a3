import { useCallback, useState } from 'react';
import type { IpcError, IpcResult } from '../ipc.ts';
import type { SessionView } from '../../../preload/contract.ts';
import { sessionStore } from './session-store.ts';

/**
 * Runs a session call: tracks that it is running, keeps its error to show where it happened, and
 * applies the view it returns. The error stays until the next attempt, so "Try again" is one click.
 */
export function useSessionAction(call: () => Promise<IpcResult<SessionView>>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const run = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await call();
      if (result.ok) sessionStore.set(result.value);
      else setError(result.error);
    } finally {
      setBusy(false);
    }
  }, [call]);
  return { run, busy, error };
}
