/**
 * The HTTP handler every AWS client of the app uses. Corporate networks inspect TLS with their own CA
 * and route traffic through a proxy. NODE_EXTRA_CA_CERTS and HTTPS_PROXY are not read from the
 * environment (the NODE_OPTIONS fuse is off, and an app should not depend on how it was started), so
 * the CAs and the proxy IT configures are set here explicitly: the CAs on top of Node's bundled roots
 * (never "skip verification"), the proxy through Node 24's built-in CONNECT tunnelling.
 *
 * Timeouts: a hung VPN or a proxy that swallows requests must end in an error, never a spinner. The
 * handler bounds the connect and the wait for the first byte of the answer (throwOnRequestTimeout: by
 * default the SDK only warns), and a socket that goes silent mid-body. A body that trickles forever
 * is bounded by the total deadline, which the clients apply per call (retries included).
 */
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { NodeHttpHandler } from '@smithy/node-http-handler';

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
  /** An https traffic proxy (CONNECT), e.g. http://proxy.corp.example:8080, and hosts that bypass it. */
  proxy?: { url: string; noProxy?: string | undefined } | undefined;
  timeouts?: Partial<NetworkTimeouts> | undefined;
}

export function resolveTimeouts(timeouts: Partial<NetworkTimeouts> = {}): NetworkTimeouts {
  return {
    connectMs: timeouts.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
    firstByteMs: timeouts.firstByteMs ?? DEFAULT_TIMEOUTS.firstByteMs,
    totalMs: timeouts.totalMs ?? DEFAULT_TIMEOUTS.totalMs,
  };
}

export function createHttpsAgent({ caCertificatesPem = [], proxy }: NetworkOptions = {}): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: 32,
    ...(caCertificatesPem.length ? { ca: [...rootCertificates, ...caCertificatesPem] } : {}),
    ...(proxy
      ? { proxyEnv: { HTTPS_PROXY: proxy.url, ...(proxy.noProxy ? { NO_PROXY: proxy.noProxy } : {}) } }
      : {}),
  });
}

export function createHttpHandler(options: NetworkOptions = {}): NodeHttpHandler {
  const timeouts = resolveTimeouts(options.timeouts);
  return new NodeHttpHandler({
    httpsAgent: createHttpsAgent(options),
    connectionTimeout: timeouts.connectMs,
    requestTimeout: timeouts.firstByteMs,
    throwOnRequestTimeout: true,
    socketTimeout: timeouts.firstByteMs,
  });
}
