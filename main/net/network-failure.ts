/**
 * What a failed AWS call says about the network, whichever service made it: the TLS chain is not
 * trusted (a corporate CA is missing), the service cannot be reached at all (offline, VPN, DNS, a
 * proxy that cannot reach it), the proxy wants a sign-in the app cannot give (407), or AWS_CA_BUNDLE
 * is unusable. One list for every client, so STS and S3 read the same failure the same way; for the
 * last two the error's own message (routing-handler.ts, ca-certificates.ts) is the one for people.
 */
const untrustedTls = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const unreachable = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  // The proxy answered CONNECT with an error of its own (502: it cannot reach the service).
  'ERR_PROXY_TUNNEL',
]);

export type NetworkFailure = 'untrusted-tls' | 'unreachable' | 'proxy-auth' | 'ca-bundle';

export function networkFailure(error: {
  code?: string | undefined;
  name?: string | undefined;
  message?: string | undefined;
}): NetworkFailure | null {
  if (error.code === 'FA_PROXY_AUTH_REQUIRED') return 'proxy-auth';
  if (error.code === 'FA_CA_BUNDLE_INVALID') return 'ca-bundle';
  if (error.code && untrustedTls.has(error.code)) return 'untrusted-tls';
  if (
    (error.code && unreachable.has(error.code)) ||
    error.name === 'TimeoutError' ||
    error.name === 'RequestTimeout' ||
    /socket hang up/i.test(error.message ?? '')
  ) {
    return 'unreachable';
  }
  return null;
}

/** The SDK's own timeouts (connect, first byte, socket silence) as they surface after its retries. */
export function isTimeout(error: { code?: string | undefined; name?: string | undefined }): boolean {
  return (
    error.name === 'TimeoutError' ||
    error.name === 'RequestTimeout' ||
    error.code === 'ETIMEDOUT' ||
    error.code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}
