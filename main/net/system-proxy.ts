/**
 * The OS proxy settings / PAC file of this machine, as the Electron shell resolves them (session
 * .resolveProxy): one per process, like the environment variables, so every AWS client follows the
 * same proxy as the sign-in window without each service passing it along. composeApp sets it from its
 * port; the browser harness sets none (then only the explicit setting and the environment apply).
 */
import { cachedSystemResolver, type SystemProxyResolver } from './proxy-resolution.ts';

let current: SystemProxyResolver | null = null;

export function useSystemProxy(resolve: SystemProxyResolver | null | undefined): void {
  current = resolve ? cachedSystemResolver(resolve) : null;
}

export function systemProxy(): SystemProxyResolver | null {
  return current;
}
