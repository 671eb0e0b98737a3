import { useCallback, useEffect, useRef, useState } from 'react';
import type { PrefetchStatus, SyncStatus as SyncState } from '../../../preload/contract.ts';
import { useApi } from '../app/app-services.tsx';
import { syncMessage } from './sync-message.ts';

/**
 * The offline/sync banner: how many submits wait on this computer, whether the app is offline or
 * waiting for a sign-in, the last sync, and "Sync now". `onSynced` runs when some went out (the
 * task list re-reads its "waiting to sync" chips).
 */
export function SyncStatus({ onSynced }: { onSynced?: () => void }) {
  const api = useApi();
  const [state, setState] = useState<SyncState | null>(null);
  const [prefetch, setPrefetch] = useState<PrefetchStatus | null>(null);
  const last = useRef<number | null>(null);
  const synced = useRef(onSynced);
  useEffect(() => {
    synced.current = onSynced;
  }, [onSynced]);
  const apply = useCallback((next: SyncState) => {
    if (last.current !== null && next.pending < last.current) synced.current?.();
    last.current = next.pending;
    setState(next);
  }, []);

  useEffect(() => {
    let current = true;
    const off = api.sync.onChanged((next) => current && apply(next));
    void api.sync.status().then((r) => current && r.ok && apply(r.value));
    return () => {
      current = false;
      off();
    };
  }, [api, apply]);

  // How much of the stream is kept for offline work (main's prefetch).
  useEffect(() => api.sync.onPrefetch(setPrefetch), [api]);
  const offline =
    prefetch && prefetch.total > 0 ? (
      <span className="muted" data-testid="prefetch-status">
        {' '}
        {prefetch.ready} of {prefetch.total} {prefetch.total === 1 ? 'task' : 'tasks'} ready offline.
      </span>
    ) : null;

  const message = state ? syncMessage(state) : null;
  if (!state || !message)
    return offline ? (
      <div className="sync-status" role="status" data-testid="sync-status">
        {offline}
      </div>
    ) : null;
  return (
    <div className={`sync-status ${message.tone}`} role="status" data-testid="sync-status">
      <span>{message.text}</span>
      {state.lastSyncAt && (
        <span className="muted"> Last synced {new Date(state.lastSyncAt).toLocaleTimeString()}.</span>
      )}
      {offline}{' '}
      {!state.syncing && (
        <button
          type="button"
          onClick={() => void api.sync.now().then((r) => r.ok && apply(r.value))}
          data-testid="sync-now"
        >
          Sync now
        </button>
      )}
    </div>
  );
}
