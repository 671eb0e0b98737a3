/**
 * The HTTP handler every AWS client of the app uses. Corporate networks inspect TLS with their own CA
 * and route traffic through a proxy. NODE_EXTRA_CA_CERTS and HTTPS_PROXY are not read from the
 * environment (the NODE_OPTIONS fuse is off, and an app should not depend on how it was started), so
 * the CAs and the proxy IT configures are set here explicitly: the CAs on top of Node's bundled roots
 * (never "skip verification"), the proxy through Node 24's built-in CONNECT tunnelling.
 */
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface NetworkOptions {
  caCertificatesPem?: readonly string[];
  /** An https traffic proxy (CONNECT), e.g. http://proxy.corp.example:8080, and hosts that bypass it. */
  proxy?: { url: string; noProxy?: string | undefined } | undefined;
  /** Per-request timeout: a proxy that swallows requests must not hang sign-in forever. */
  requestTimeoutMs?: number;
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

export function createHttpHandler(options: NetworkOptions = {}) {
  return new NodeHttpHandler({
    httpsAgent: createHttpsAgent(options),
    requestTimeout: options.requestTimeoutMs ?? 20_000,
    connectionTimeout: 10_000,
  });
}
