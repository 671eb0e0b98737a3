/**
 * The sign-in state, kept outside React: one subscription to main's `session.changed` event, read
 * by components through useSyncExternalStore. Main is the source of truth; this only mirrors it.
 */
import { useSyncExternalStore } from 'react';
import type { AnnotatorApi } from '../../../preload/api.ts';
import type { SessionView } from '../../../preload/contract.ts';
import { useAppServices } from '../app/app-services.tsx';

export interface SessionStore {
  /** Applies a view a call returned (it may arrive before the event). */
  set(view: SessionView): void;
  subscribe(listener: () => void): () => void;
  get(): SessionView | null;
}

export function createSessionStore(api: AnnotatorApi): SessionStore {
  let view: SessionView | null = null;
  const listeners = new Set<() => void>();
  let started = false;
  const set = (next: SessionView) => {
    view = next;
    for (const listener of listeners) listener();
  };
  const start = () => {
    if (started) return;
    started = true;
    api.session.onChanged(set);
    void api.session.get().then((r) => r.ok && set(r.value));
  };
  return {
    set,
    subscribe(listener) {
      start();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => view,
  };
}

export function useSessionView(): SessionView | null {
  const { session } = useAppServices();
  return useSyncExternalStore(session.subscribe, session.get);
}
