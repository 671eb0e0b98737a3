import { useCallback, useEffect, useState } from 'react';
import type { AnnotatorApi } from '../../../preload/api.ts';
import type { IpcError, IpcResult } from '../ipc.ts';
import { useApi } from './app-services.tsx';

export type Loadable<T> =
  { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: IpcError };

/** Calls an IPC function on mount and on `reload()`; errors arrive as values, never thrown. */
export function useIpc<T>(call: (api: AnnotatorApi) => Promise<IpcResult<T>>): [Loadable<T>, () => void] {
  const api = useApi();
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    call(api).then(
      (r) =>
        current && setResult(r.ok ? { state: 'ready', value: r.value } : { state: 'failed', error: r.error }),
      () =>
        current &&
        setResult({
          state: 'failed',
          error: { code: 'INTERNAL', message: 'The app did not answer. Reload the window and try again.' },
        }),
    );
    return () => {
      current = false;
    };
    // `call` is expected to be stable (a module-level function); re-run only on reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt, api]);
  const reload = useCallback(() => {
    setResult({ state: 'loading' });
    setAttempt((a) => a + 1);
  }, []);
  return [result, reload];
}
