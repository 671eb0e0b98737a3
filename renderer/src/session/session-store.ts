/**
 * The sign-in state, kept outside React: one subscription to main's `session.changed` event, read
 * by components through useSyncExternalStore. Main is the source of truth; this only mirrors it.
 */
import { useSyncExternalStore } from 'react';
import type { SessionView } from '../../../preload/contract.ts';
import { getApi } from '../ipc.ts';

type Listener = () => void;
let view: SessionView | null = null;
const listeners = new Set<Listener>();
let started = false;

function set(next: SessionView): void {
  view = next;
  for (const listener of listeners) listener();
}

function start(): void {
  if (started) return;
  started = true;
  const api = getApi();
  api.session.onChanged(set);
  void api.session.get().then((r) => r.ok && set(r.value));
}

export const sessionStore = {
  /** Applies a view a call returned (it may arrive before the event). */
  set,
  subscribe(listener: Listener): () => void {
    start();
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: (): SessionView | null => view,
};

export function useSessionView(): SessionView | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}
