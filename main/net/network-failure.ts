/**
 * What a failed AWS call says about the network, whichever service made it: the TLS chain is not
 * trusted (a corporate CA is missing), or the service cannot be reached at all (offline, VPN, DNS).
 * One list for every client, so STS and S3 read the same failure the same way.
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
]);

export type NetworkFailure = 'untrusted-tls' | 'unreachable';

export function networkFailure(error: {
  code?: string | undefined;
  name?: string | undefined;
  message?: string | undefined;
}): NetworkFailure | null {
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
