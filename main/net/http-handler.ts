/**
 * The HTTP handler every AWS client of the app uses. Corporate networks inspect TLS with their own CA
 * and route traffic through proxies. NODE_EXTRA_CA_CERTS and NODE_USE_ENV_PROXY are not read (the
 * NODE_OPTIONS fuse is off, and an app should not depend on how it was started), so both are set here:
 * the CAs (ca-certificates.ts: bundled roots, the OS store, AWS_CA_BUNDLE, IT's PEMs; never "skip
 * verification") and the route per origin (proxy-resolution.ts: IT's proxy, the OS settings / PAC,
 * HTTPS_PROXY / NO_PROXY), through Node 24's built-in CONNECT tunnelling (routing-handler.ts).
 *
 * Timeouts: a hung VPN or a proxy that swallows requests must end in an error, never a spinner. The
 * handler bounds the connect and the wait for the first byte of the answer (throwOnRequestTimeout: by
 * default the SDK only warns), and a socket that goes silent mid-body. A body that trickles forever
 * is bounded by the total deadline, which the clients apply per call (retries included).
 */
import { Agent } from 'node:https';
import { CaBundleError, trustContext } from './ca-certificates.ts';
import { createProxyRouter, type SystemProxyResolver } from './proxy-resolution.ts';
import { RoutingHttpHandler } from './routing-handler.ts';
import { systemProxy } from './system-proxy.ts';

export interface NetworkTimeouts {
  /** TCP (and proxy) connect. */
  connectMs: number;
  /** From sending the request to the answer's headers; also the longest silence inside a body. */
  firstByteMs: number;
  /** The whole call, retries and body included. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<NetworkTimeouts> = {
  connectMs: 10_000,
  firstByteMs: 30_000,
  totalMs: 120_000,
};

export interface NetworkOptions {
  caCertificatesPem?: readonly string[];
  /** IT's https traffic proxy (CONNECT), e.g. http://proxy.corp.example:8080, and hosts that bypass it. */
  proxy?: { url: string; noProxy?: string | undefined } | undefined;
  timeouts?: Partial<NetworkTimeouts> | undefined;
  /** The OS proxy settings / PAC; default: the process's (system-proxy.ts), null for none. */
  systemProxy?: SystemProxyResolver | null | undefined;
  /** HTTPS_PROXY, NO_PROXY, AWS_CA_BUNDLE; default: process.env. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

export function resolveTimeouts(timeouts: Partial<NetworkTimeouts> = {}): NetworkTimeouts {
  return {
    connectMs: timeouts.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
    firstByteMs: timeouts.firstByteMs ?? DEFAULT_TIMEOUTS.firstByteMs,
    totalMs: timeouts.totalMs ?? DEFAULT_TIMEOUTS.totalMs,
  };
}

/** The way to a URL's origin, from IT's proxy, the OS settings / PAC and the environment. */
function routerFor(options: NetworkOptions, env: Readonly<Record<string, string | undefined>>) {
  return createProxyRouter({
    explicit: options.proxy,
    system: options.systemProxy === undefined ? systemProxy() : options.systemProxy,
    env,
  });
}

/**
 * An agent for a one-off https fetch of `url` (the IdP metadata): the same CAs, and the first way the
 * AWS calls would take to that origin. Throws CaBundleError when AWS_CA_BUNDLE cannot be used.
 */
export async function createHttpsAgent(url: string, options: NetworkOptions = {}): Promise<Agent> {
  const env = options.env ?? process.env;
  const secureContext = trustContext({ caCertificatesPem: options.caCertificatesPem, env });
  const [first] = (await routerFor(options, env)(url)).routes;
  return new Agent({
    secureContext,
    ...(first?.kind === 'proxy' ? { proxyEnv: { HTTPS_PROXY: first.url } } : {}),
  });
}

export function createHttpHandler(options: NetworkOptions = {}): RoutingHttpHandler {
  const timeouts = resolveTimeouts(options.timeouts);
  const env = options.env ?? process.env;
  let secureContext = null;
  let failure: CaBundleError | undefined;
  try {
    secureContext = trustContext({ caCertificatesPem: options.caCertificatesPem, env });
  } catch (error) {
    // Every request then fails with the reason (a client is built before anyone can be told).
    if (!(error instanceof CaBundleError)) throw error;
    failure = error;
  }
  return new RoutingHttpHandler({
    route: routerFor(options, env),
    secureContext,
    failure,
    handler: {
      connectionTimeout: timeouts.connectMs,
      requestTimeout: timeouts.firstByteMs,
      throwOnRequestTimeout: true,
      socketTimeout: timeouts.firstByteMs,
    },
  });
}
