import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { LabClock } from './clock.ts';
import type { CredentialStore, IssuedCredentials } from './sts/credential-store.ts';

/**
 * SigV4 verification for the lab's S3 and STS: the signature is recomputed with the AWS SDK's own
 * signer (@smithy/signature-v4), never with hand-rolled HMACs, so the lab agrees with what SDKs send.
 */
export interface ReceivedRequest {
  method: string;
  /** The path exactly as sent, still percent-encoded. */
  rawPath: string;
  /** Query parameters decoded, in the order received ('+' stays a plus, as S3 reads it). */
  query: [string, string][];
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type SigV4ErrorCode =
  | 'AccessDenied'
  | 'AuthorizationHeaderMalformed'
  | 'AuthorizationQueryParametersError'
  | 'ExpiredToken'
  | 'IncompleteSignature'
  | 'InvalidAccessKeyId'
  | 'InvalidRequest'
  | 'InvalidToken'
  | 'MissingSecurityHeader'
  | 'RequestTimeTooSkewed'
  | 'SignatureDoesNotMatch'
  | 'XAmzContentSHA256Mismatch';

export interface SigV4Error {
  code: SigV4ErrorCode;
  status: number;
  message: string;
}

export type SigV4Result =
  | { kind: 'verified'; credentials: IssuedCredentials; presigned: boolean }
  | { kind: 'anonymous' }
  | { kind: 'refused'; error: SigV4Error };

export interface SigV4Options {
  service: 's3' | 'sts';
  region: string;
  store: CredentialStore;
  clock: LabClock;
}

const AUTH_QUERY_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
];
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const MAX_SKEW_MS = 15 * 60 * 1000;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function parseQuery(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery.split('&').map((pair) => {
    const at = pair.indexOf('=');
    const key = at === -1 ? pair : pair.slice(0, at);
    const value = at === -1 ? '' : pair.slice(at + 1);
    return [decodeURIComponent(key), decodeURIComponent(value)];
  });
}

function queryValue(query: [string, string][], name: string): string | undefined {
  return query.find(([key]) => key === name)?.[1];
}

function header(headers: ReceivedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Query as the signer takes it: one value or a list per name. */
function toSignerQuery(query: [string, string][]): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of query) {
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

/** 20250101T000000Z → Date */
function parseAmzDate(value: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

function sameSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(code: SigV4ErrorCode, status: number, message: string): SigV4Result {
  return { kind: 'refused', error: { code, status, message } };
}

interface ParsedAuth {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string | undefined;
  sessionToken: string | undefined;
}

function parseCredentialScope(
  credential: string,
): Omit<ParsedAuth, 'signedHeaders' | 'signature' | 'amzDate' | 'sessionToken'> | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, shortDate, region, service] = parts as [string, string, string, string];
  return { accessKeyId, shortDate, region, service };
}

function parseAuthorizationHeader(value: string, request: ReceivedRequest): ParsedAuth | undefined {
  const match = /^AWS4-HMAC-SHA256 (.*)$/.exec(value);
  if (!match?.[1]) return undefined;
  const fields = new Map(
    match[1].split(/,\s*/).map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const scope = parseCredentialScope(fields.get('Credential') ?? '');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!scope || !signedHeaders || !signature) return undefined;
  return {
    ...scope,
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate: header(request.headers, 'x-amz-date'),
    sessionToken: header(request.headers, 'x-amz-security-token'),
  };
}

function parsePresignedQuery(query: [string, string][]): ParsedAuth | undefined {
  if (queryValue(query, 'X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return undefined;
  const scope = parseCredentialScope(queryValue(query, 'X-Amz-Credential') ?? '');
  const signedHeaders = queryValue(query, 'X-Amz-SignedHeaders');
  const signature = queryValue(query, 'X-Amz-Signature');
  if (!scope || !signedHeaders || !signature) return undefined;
  return {
    ...scope,
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate: queryValue(query, 'X-Amz-Date'),
    sessionToken: queryValue(query, 'X-Amz-Security-Token'),
  };
}

function signedHeaderValues(request: ReceivedRequest, names: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of names) {
    const value = header(request.headers, name);
    if (value !== undefined) result[name] = value;
  }
  return result;
}

function signerFor(credentials: IssuedCredentials, options: SigV4Options, region: string): SignatureV4 {
  return new SignatureV4({
    service: options.service,
    region,
    sha256: Hash.bind(null, 'sha256'),
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    },
    // S3 signs the path as sent; other services sign it normalised and encoded.
    uriEscapePath: options.service !== 's3',
  });
}

function pathForSigner(request: ReceivedRequest, service: string): string {
  return service === 's3' ? request.rawPath : decodeURIComponent(request.rawPath);
}

/** Checks who signed a request, and whether the signature, the token and the dates hold. */
export async function verifySigV4(request: ReceivedRequest, options: SigV4Options): Promise<SigV4Result> {
  const authorization = header(request.headers, 'authorization');
  const presigned = queryValue(request.query, 'X-Amz-Algorithm') !== undefined;
  if (authorization === undefined && !presigned) return { kind: 'anonymous' };

  const auth = presigned
    ? parsePresignedQuery(request.query)
    : parseAuthorizationHeader(authorization ?? '', request);
  if (!auth) {
    return presigned
      ? refuse(
          'AuthorizationQueryParametersError',
          400,
          'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
        )
      : refuse('AuthorizationHeaderMalformed', 400, 'The authorization header is malformed.');
  }
  const signingDate = parseAmzDate(auth.amzDate);
  if (!signingDate) {
    return refuse('AccessDenied', 403, 'AWS authentication requires a valid Date or x-amz-date header');
  }
  if (auth.amzDate?.slice(0, 8) !== auth.shortDate) {
    return refuse(
      'AuthorizationHeaderMalformed',
      400,
      `Invalid credential date "${auth.shortDate}". This date is not the same as X-Amz-Date: "${auth.amzDate?.slice(0, 8)}".`,
    );
  }
  if (auth.region !== options.region) {
    return refuse(
      'AuthorizationHeaderMalformed',
      400,
      `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${options.region}'`,
    );
  }
  if (auth.service !== options.service) {
    return refuse(
      'AuthorizationHeaderMalformed',
      400,
      `The authorization header is malformed; incorrect service "${auth.service}". This endpoint belongs to "${options.service}".`,
    );
  }

  const now = options.clock.now();
  let expiresIn = 0;
  if (presigned) {
    expiresIn = Number(queryValue(request.query, 'X-Amz-Expires'));
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGNED_SECONDS) {
      return refuse(
        'AuthorizationQueryParametersError',
        400,
        'X-Amz-Expires must be less than a week (in seconds) that is 604800',
      );
    }
    if (signingDate.getTime() - now.getTime() > MAX_SKEW_MS)
      return refuse('AccessDenied', 403, 'Request is not valid yet');
    if (signingDate.getTime() + expiresIn * 1000 < now.getTime())
      return refuse('AccessDenied', 403, 'Request has expired');
  }

  const credentials = options.store.lookup(auth.accessKeyId);
  if (!credentials) {
    return options.service === 's3'
      ? refuse('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.')
      : refuse('InvalidAccessKeyId', 403, 'The security token included in the request is invalid.');
  }
  if (credentials.sessionToken !== undefined && auth.sessionToken === undefined) {
    return refuse(
      'InvalidAccessKeyId',
      403,
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  }
  if (auth.sessionToken !== undefined && auth.sessionToken !== credentials.sessionToken) {
    return refuse('InvalidToken', 400, 'The provided token is malformed or otherwise invalid.');
  }
  if (options.store.isExpired(credentials)) {
    return refuse('ExpiredToken', 400, 'The provided token has expired.');
  }
  // After the token checks: an expired session is the more useful answer when both apply.
  if (!presigned && Math.abs(signingDate.getTime() - now.getTime()) > MAX_SKEW_MS) {
    return refuse(
      'RequestTimeTooSkewed',
      403,
      'The difference between the request time and the current time is too large.',
    );
  }
  if (!auth.signedHeaders.includes('host')) {
    return refuse(
      'AccessDenied',
      403,
      'There were headers present in the request which were not signed: host',
    );
  }

  const signer = signerFor(credentials, options, auth.region);
  const signedHeaderSet = new Set(auth.signedHeaders);
  const headers = signedHeaderValues(request, auth.signedHeaders);
  const base = {
    method: request.method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    path: pathForSigner(request, options.service),
    headers,
  };

  if (presigned) {
    const query = toSignerQuery(request.query.filter(([key]) => key !== 'X-Amz-Signature'));
    // A presigned URL's payload is always UNSIGNED-PAYLOAD; hoisted x-amz-* values are already in the query.
    const presignedRequest = await signer.presign(
      { ...base, query, headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      {
        signingDate,
        expiresIn,
        signableHeaders: signedHeaderSet,
        unsignableHeaders: signedHeaderSet.has('x-amz-content-sha256')
          ? undefined
          : new Set(['x-amz-content-sha256']),
        unhoistableHeaders: new Set([...Object.keys(headers), 'x-amz-content-sha256']),
      },
    );
    const expected = presignedRequest.query?.['X-Amz-Signature'];
    if (typeof expected !== 'string' || !sameSignature(expected, auth.signature)) {
      return refuse(
        'SignatureDoesNotMatch',
        403,
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    }
    return { kind: 'verified', credentials, presigned: true };
  }

  const payloadHash = header(request.headers, 'x-amz-content-sha256');
  if (options.service === 's3') {
    if (payloadHash === undefined) {
      return refuse('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256');
    }
    if (/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== sha256Hex(request.body)) {
      return refuse(
        'XAmzContentSHA256Mismatch',
        400,
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
  }
  const signed = await signer.sign(
    {
      ...base,
      query: toSignerQuery(request.query),
      body: payloadHash === undefined ? request.body : undefined,
    },
    { signingDate, signableHeaders: signedHeaderSet },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers['authorization']))?.[1] ?? '';
  if (!sameSignature(expected, auth.signature)) {
    return refuse(
      'SignatureDoesNotMatch',
      403,
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  return { kind: 'verified', credentials, presigned: false };
}

function sha256Hex(body: Buffer): string {
  if (body.length === 0) return EMPTY_SHA256;
  return createHash('sha256').update(body).digest('hex');
}

/** Query parameters that carry a presigned URL's authentication, stripped before the backend sees them. */
export function isAuthQueryParam(name: string): boolean {
  return AUTH_QUERY_PARAMS.includes(name);
}
