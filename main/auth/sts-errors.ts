import { AppError } from '../errors.ts';
import { networkFailure } from '../net/network-failure.ts';

/**
 * What STS (or the network on the way to it) said, as a code and a message an annotator or IT can
 * act on. AWS's own message is kept for the log only: it may quote ARNs but never the assertion.
 */
export const stsErrorCodes = [
  'STS_EXPIRED_ASSERTION',
  'STS_INVALID_ASSERTION',
  'STS_IDP_REJECTED',
  'STS_ACCESS_DENIED',
  'STS_DURATION_REFUSED',
  'STS_INVALID_REQUEST',
  'STS_POLICY_TOO_LARGE',
  'STS_REGION_DISABLED',
  'STS_PARTITION_MISMATCH',
  'STS_THROTTLED',
  'STS_UNREACHABLE',
  'STS_TLS_UNTRUSTED',
  'STS_PROXY_AUTH_REQUIRED',
  'STS_CA_BUNDLE_INVALID',
  'STS_BAD_RESPONSE',
  'STS_FAILED',
] as const;
export type StsErrorCode = (typeof stsErrorCodes)[number];

export class StsError extends AppError<StsErrorCode> {
  /** AWS's own words, for the log. */
  readonly detail: string | undefined;
  constructor(code: StsErrorCode, message: string, options: { retryable?: boolean; detail?: string } = {}) {
    super(code, message, { retryable: options.retryable });
    this.name = 'StsError';
    this.detail = options.detail;
  }
}

const askIt = 'Ask your IT team to check the AWS set-up for this role';

const byAwsCode: Record<string, [StsErrorCode, string, boolean?]> = {
  ExpiredTokenException: [
    'STS_EXPIRED_ASSERTION',
    "Your sign-in expired before AWS accepted it. Check that your computer's clock is right, then sign in again.",
  ],
  InvalidIdentityToken: [
    'STS_INVALID_ASSERTION',
    `AWS did not accept the sign-in from your organization (the IdP's signature or settings do not match what AWS knows). ${askIt} (the SAML provider's metadata).`,
  ],
  IDPRejectedClaim: [
    'STS_IDP_REJECTED',
    `AWS refused the sign-in your organization sent. ${askIt} (the SAML provider and its trust).`,
  ],
  AccessDenied: [
    'STS_ACCESS_DENIED',
    `AWS did not let you use this role. ${askIt} (its trust policy must allow sts:AssumeRoleWithSAML from your IdP).`,
  ],
  MalformedPolicyDocument: ['STS_POLICY_TOO_LARGE', `AWS refused the session's policy or tags. ${askIt}.`],
  PackedPolicyTooLarge: [
    'STS_POLICY_TOO_LARGE',
    `Your session's tags are too large for AWS. ${askIt} (fewer PrincipalTag attributes).`,
  ],
  RegionDisabledException: [
    'STS_REGION_DISABLED',
    'AWS sign-in (STS) is not enabled in the configured region. Ask your IT team to enable it or set another region.',
  ],
  Throttling: ['STS_THROTTLED', 'AWS is busy and asked the app to slow down. Try again in a minute.', true],
  ThrottlingException: [
    'STS_THROTTLED',
    'AWS is busy and asked the app to slow down. Try again in a minute.',
    true,
  ],
};

/** STS refused DurationSeconds: above the role's MaxSessionDuration (or outside 900-43200). */
export function isDurationRefusal(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | null;
  return (
    (e?.name === 'ValidationError' || e?.name === 'ValidationException') &&
    /DurationSeconds|MaxSessionDuration/i.test(e.message ?? '')
  );
}

export function stsErrorFrom(error: unknown): StsError {
  if (error instanceof StsError) return error;
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const detail = e.message?.slice(0, 500);
  // The SDK names modeled errors with an "Exception" suffix (InvalidIdentityTokenException); AWS's
  // XML code has none. Both spellings map to the same thing.
  const known = e.name ? (byAwsCode[e.name] ?? byAwsCode[e.name.replace(/Exception$/, '')]) : undefined;
  if (known) return new StsError(known[0], known[1], { retryable: known[2] ?? false, detail });
  if (e.name === 'ValidationError' || e.name === 'ValidationException') {
    return isDurationRefusal(error)
      ? new StsError(
          'STS_DURATION_REFUSED',
          `AWS refused even a 15-minute session for this role. ${askIt}.`,
          { detail },
        )
      : new StsError('STS_INVALID_REQUEST', `AWS refused the sign-in request as invalid. ${askIt}.`, {
          detail,
        });
  }
  const network = networkFailure(e);
  // The net layer's own errors say what to do (the proxy, the AWS_CA_BUNDLE file).
  if (network === 'proxy-auth' || network === 'ca-bundle')
    return new StsError(
      network === 'proxy-auth' ? 'STS_PROXY_AUTH_REQUIRED' : 'STS_CA_BUNDLE_INVALID',
      e.message ?? '',
      {
        detail: e.code,
      },
    );
  if (network === 'untrusted-tls') {
    return new StsError(
      'STS_TLS_UNTRUSTED',
      "The connection to AWS sign-in is not trusted: your network presents a certificate this app does not know. Ask your IT team to add your organization's CA to the app's settings.",
      { detail: e.code },
    );
  }
  if (network === 'unreachable') {
    return new StsError(
      'STS_UNREACHABLE',
      'AWS sign-in cannot be reached from this network. Check your connection or VPN, then try again.',
      { retryable: true, detail: e.code ?? e.name },
    );
  }
  return new StsError(
    'STS_FAILED',
    'AWS sign-in failed for a reason the app does not know. Try again; if it persists, tell IT.',
    {
      retryable: (e.$metadata?.httpStatusCode ?? 0) >= 500,
      detail,
    },
  );
}
