import { useCallback, useEffect, useState } from 'react';
import type { IpcError, IpcResult } from '../ipc.ts';

export type Loadable<T> =
  { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: IpcError };

/** Calls an IPC function on mount and on `reload()`; errors arrive as values, never thrown. */
export function useIpc<T>(call: () => Promise<IpcResult<T>>): [Loadable<T>, () => void] {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    call().then(
      (r) =>
        current && setResult(r.ok ? { state: 'ready', value: r.value } : { state: 'failed', error: r.error }),
      (e: unknown) =>
        current &&
        setResult({
          state: 'failed',
          error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) },
        }),
    );
    return () => {
      current = false;
    };
    // `call` is expected to be stable (a module-level function); re-run only on reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);
  const reload = useCallback(() => {
    setResult({ state: 'loading' });
    setAttempt((a) => a + 1);
  }, []);
  return [result, reload];
}
