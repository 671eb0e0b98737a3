/**
 * What S3 (or the network on the way to it) said, as a code the renderer branches on and a message an
 * annotator or IT can act on, naming the bucket and prefix at fault. AWS's own text goes to `detail`
 * for the log only; messages never carry credentials or presigned URLs.
 */
import { AppError } from '../errors.ts';
import { isTimeout, networkFailure } from '../net/network-failure.ts';

export const storageErrorCodes = [
  'STORAGE_ACCESS_DENIED',
  'STORAGE_NO_SUCH_BUCKET',
  'STORAGE_NO_SUCH_KEY',
  'STORAGE_PRECONDITION_FAILED',
  'STORAGE_WRITE_CONFLICT',
  'STORAGE_SESSION_EXPIRED',
  'STORAGE_BAD_CREDENTIALS',
  'STORAGE_CLOCK_SKEW',
  'STORAGE_THROTTLED',
  'STORAGE_TIMEOUT',
  'STORAGE_OFFLINE',
  'STORAGE_TLS_UNTRUSTED',
  'STORAGE_PROXY_AUTH_REQUIRED',
  'STORAGE_CA_BUNDLE_INVALID',
  'STORAGE_TOO_LARGE',
  'STORAGE_CONTENDED',
  'STORAGE_ABORTED',
  'STORAGE_FAILED',
] as const;
export type StorageErrorCode = (typeof storageErrorCodes)[number];

export class StorageError extends AppError<StorageErrorCode> {
  /** AWS's or Node's own words, for the log. */
  readonly detail: string | undefined;
  /** HTTP status S3 answered with, when it answered. */
  readonly status: number | undefined;

  constructor(
    code: StorageErrorCode,
    message: string,
    options: { retryable?: boolean; detail?: string; status?: number; cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.name = 'StorageError';
    this.detail = options.detail;
    this.status = options.status;
  }
}

/** What the failed call was about, so the message can name it. */
export interface StorageErrorContext {
  operation: 'list' | 'read' | 'write' | 'presign' | 'other';
  bucket?: string;
  key?: string;
  prefix?: string;
}

const throttleNames = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequests',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
]);
export const expiredCredentialNames = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'TokenRefreshRequired',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** The folder a key lives in ("team-vision/project/tasks/"), which is what IAM policies grant. */
export function folderOf(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash === -1 ? '' : key.slice(0, slash + 1);
}

function where(context: StorageErrorContext): string {
  const bucket = context.bucket ? `bucket "${context.bucket}"` : 'the bucket';
  const prefix = context.prefix ?? (context.key !== undefined ? folderOf(context.key) : undefined);
  return prefix ? `"${prefix}" in ${bucket}` : bucket;
}

const verbs: Record<StorageErrorContext['operation'], string> = {
  list: 'list',
  read: 'read',
  write: 'write to',
  presign: 'open',
  other: 'use',
};

/** Node's error code, looked up through `cause` chains (the SDK wraps socket errors). */
function nodeCode(error: SdkLikeError): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as SdkLikeError).code;
    if (typeof code === 'string') return code;
    current = (current as SdkLikeError).cause;
  }
  return undefined;
}

/** A timeout the app's own deadline (not the SDK) ended, with the limit it had. */
export function deadlineError(context: StorageErrorContext, totalMs: number): StorageError {
  return new StorageError(
    'STORAGE_TIMEOUT',
    `S3 did not finish in ${Math.round(totalMs / 1000)} s (${where(context)}): the network or S3 is stalled or very slow. The app stopped waiting; try again when the connection is better.`,
    { retryable: true, detail: `deadline ${totalMs} ms` },
  );
}

export function isExpiredCredentialError(error: unknown): boolean {
  return expiredCredentialNames.has((error as SdkLikeError | null)?.name ?? '');
}

export function storageErrorFrom(error: unknown, context: StorageErrorContext): StorageError {
  if (error instanceof StorageError) return error;
  const e = (error ?? {}) as SdkLikeError;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const detail = `${name}${e.message ? `: ${e.message.slice(0, 300)}` : ''}`;
  const opts = { detail, status, cause: error };
  const at = where(context);

  if (name === 'AbortError') return new StorageError('STORAGE_ABORTED', 'The operation was cancelled.', opts);
  if (expiredCredentialNames.has(name))
    return new StorageError(
      'STORAGE_SESSION_EXPIRED',
      'Your AWS session has expired and could not be extended. Sign in again.',
      opts,
    );
  if (name === 'NoSuchBucket')
    return new StorageError(
      'STORAGE_NO_SUCH_BUCKET',
      `Bucket "${context.bucket ?? '?'}" does not exist (or not at this endpoint/region). Ask IT to check the project's bucket, region and endpoint.`,
      opts,
    );
  if (name === 'NoSuchKey' || (status === 404 && name === 'NotFound'))
    return new StorageError(
      'STORAGE_NO_SUCH_KEY',
      `"${context.key ?? context.prefix ?? '?'}" does not exist in bucket "${context.bucket ?? '?'}"; it may have been moved or deleted. Re-sync the project.`,
      opts,
    );
  if (name === 'PreconditionFailed' || status === 412)
    return new StorageError(
      'STORAGE_PRECONDITION_FAILED',
      `"${context.key ?? '?'}" was changed by someone else meanwhile.`,
      opts,
    );
  // S3 answers concurrent conditional writes to one key with 409: the same "re-read and decide" as 412.
  if (name === 'ConditionalRequestConflict' || (status === 409 && context.operation === 'write'))
    return new StorageError(
      'STORAGE_WRITE_CONFLICT',
      `"${context.key ?? '?'}" was being written by someone else at the same moment.`,
      { ...opts, retryable: true },
    );
  // 403s that are not about the role's policy: say what is really wrong.
  if (name === 'RequestTimeTooSkewed')
    return new StorageError(
      'STORAGE_CLOCK_SKEW',
      "This computer's clock differs from S3's by more than 15 minutes, so S3 refuses its requests. Set the clock to automatic (network) time and try again.",
      opts,
    );
  if (name === 'SignatureDoesNotMatch' || name === 'InvalidAccessKeyId')
    return new StorageError(
      'STORAGE_BAD_CREDENTIALS',
      name === 'InvalidAccessKeyId'
        ? "S3 does not know the access key of this session (wrong endpoint or account, or the session was revoked). Sign out and sign in again; if it persists, ask IT to check the project's endpoint."
        : "S3 did not accept the signature of the request. Sign out and sign in again; if it persists, ask IT whether a proxy rewrites requests to S3, and to check the project's region and endpoint.",
      opts,
    );
  if (name === 'AccessDenied' || name === 'Forbidden' || name === 'AllAccessDisabled' || status === 403)
    return new StorageError(
      'STORAGE_ACCESS_DENIED',
      `Your role may not ${verbs[context.operation]} ${at}. Ask IT to grant your role access to this prefix, or to fix the project's prefixes.`,
      opts,
    );
  if (throttleNames.has(name) || status === 429 || status === 503)
    return new StorageError(
      'STORAGE_THROTTLED',
      `S3 is busy and asked the app to slow down (${at}). Try again in a minute.`,
      { ...opts, retryable: true },
    );
  const code = nodeCode(e);
  if (isTimeout({ code, name }))
    return new StorageError(
      'STORAGE_TIMEOUT',
      `S3 did not answer in time (${at}): the network or S3 is stalled. The app stopped waiting; try again when the connection is better.`,
      { ...opts, retryable: true, detail: code ?? name },
    );
  const network = networkFailure({ code, name, message: e.message });
  // The net layer's own errors say what to do (the proxy, the AWS_CA_BUNDLE file).
  if (network === 'proxy-auth' || network === 'ca-bundle')
    return new StorageError(
      network === 'proxy-auth' ? 'STORAGE_PROXY_AUTH_REQUIRED' : 'STORAGE_CA_BUNDLE_INVALID',
      e.message ?? '',
      { ...opts, detail: code },
    );
  if (network === 'untrusted-tls')
    return new StorageError(
      'STORAGE_TLS_UNTRUSTED',
      "The connection to S3 is not trusted: your network presents a certificate this app does not know. Ask your IT team to add your organization's CA to the app's settings.",
      { ...opts, detail: code },
    );
  if (network === 'unreachable' || /network/i.test(e.message ?? ''))
    return new StorageError(
      'STORAGE_OFFLINE',
      'S3 cannot be reached from this network. Working offline; the app will retry when the connection is back.',
      { ...opts, retryable: true, detail: code ?? name },
    );
  return new StorageError(
    'STORAGE_FAILED',
    `S3 refused or failed the request for ${at}. Try again; if it persists, tell IT.`,
    { ...opts, retryable: (status ?? 0) >= 500 },
  );
}
