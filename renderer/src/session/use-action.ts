import { useCallback, useState } from 'react';
import type { AnnotatorApi } from '../../../preload/api.ts';
import type { IpcError, IpcResult } from '../ipc.ts';
import type { SessionView } from '../../../preload/contract.ts';
import { useAppServices } from '../app/app-services.tsx';

/**
 * Runs a session call: tracks that it is running, keeps its error to show where it happened, and
 * applies the view it returns. The error stays until the next attempt, so "Try again" is one click.
 */
export function useSessionAction(call: (api: AnnotatorApi) => Promise<IpcResult<SessionView>>) {
  const { api, session } = useAppServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const run = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await call(api);
      if (result.ok) session.set(result.value);
      else setError(result.error);
    } catch {
      // The bridge itself failed (the harness went away): say so instead of spinning.
      setError({ code: 'INTERNAL', message: 'The app did not answer. Reload the window and try again.' });
    } finally {
      setBusy(false);
    }
  }, [api, session, call]);
  return { run, busy, error };
}
