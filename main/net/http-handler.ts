/**
 * The HTTP handler every AWS client of the app uses. Corporate networks inspect TLS with their own CA;
 * NODE_EXTRA_CA_CERTS is ignored once the NODE_OPTIONS fuse is off, so the CAs IT configures are
 * added here explicitly, on top of Node's bundled roots (never "skip verification").
 */
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface NetworkOptions {
  caCertificatesPem?: readonly string[];
  /** Per-request timeout: a proxy that swallows requests must not hang sign-in forever. */
  requestTimeoutMs?: number;
}

export function createHttpHandler({
  caCertificatesPem = [],
  requestTimeoutMs = 20_000,
}: NetworkOptions = {}) {
  const httpsAgent = new Agent({
    keepAlive: true,
    maxSockets: 32,
    ...(caCertificatesPem.length ? { ca: [...rootCertificates, ...caCertificatesPem] } : {}),
  });
  return new NodeHttpHandler({ httpsAgent, requestTimeout: requestTimeoutMs, connectionTimeout: 10_000 });
}
