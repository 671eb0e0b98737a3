/**
 * What the window's components and stores are given rather than reach for: the API to main (the
 * preload's `window.annotator`, or the harness bridge) and the stores built on it. main.tsx builds them
 * once; tests build them with a fake API. Nothing calls `window.annotator` at import time.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { AnnotatorApi } from '../../../preload/api.ts';
import type { SessionStore } from '../session/session-store.ts';

export interface AppServices {
  api: AnnotatorApi;
  session: SessionStore;
  /** Work to save before the session ends (the open task's draft): sign-out awaits each of them. */
  beforeSignOut: Set<() => Promise<void>>;
}

const AppServicesContext = createContext<AppServices | null>(null);

export function AppServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <AppServicesContext.Provider value={services}>{children}</AppServicesContext.Provider>;
}

export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('AppServicesProvider is missing above this component.');
  return services;
}

export function useApi(): AnnotatorApi {
  return useAppServices().api;
}
