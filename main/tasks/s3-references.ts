/**
 * `s3://bucket/key` references inside task data. Like Label Studio, a reference is a string value that
 * starts with `s3://`, at any depth of nested objects and arrays, and the key is everything after the
 * bucket's '/', taken literally (no percent-decoding: `%20` is three characters of the key).
 * Strings that merely contain an s3:// URI (HTML, prose) are not references.
 */
import { assertBucketName, assertObjectKey } from './s3-names.ts';
import { quote, TaskError } from './task-error.ts';

export interface S3Ref {
  bucket: string;
  key: string;
  /** The string exactly as it appeared in the data. */
  uri: string;
}

const SCHEME = 's3://';

export function looksLikeS3Uri(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SCHEME);
}

/** Parses `s3://bucket/key` strictly: valid bucket name, a non-empty safe key, nothing else. */
export function parseS3Uri(uri: string): S3Ref {
  if (!uri.startsWith(SCHEME)) {
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1];
    throw new TaskError(
      scheme ? 'SCHEME_NOT_ALLOWED' : 'S3_URI_INVALID',
      scheme
        ? `Only s3:// references can be opened, not ${quote(`${scheme}:`)}.`
        : `${quote(uri)} is not an s3://bucket/key reference.`,
    );
  }
  const rest = uri.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  if (slash <= 0)
    throw new TaskError('S3_URI_INVALID', `${quote(uri)} names no object: expected s3://bucket/key.`);
  const bucket = rest.slice(0, slash);
  const key = rest.slice(slash + 1);
  assertBucketName(bucket);
  assertObjectKey(key);
  return { bucket, key, uri };
}

/** Every distinct s3:// string in `data`, in order of first appearance. Malformed ones are included. */
export function findS3Uris(data: unknown): string[] {
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (looksLikeS3Uri(value)) seen.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isPlainObject(value)) Object.values(value).forEach(visit);
  };
  visit(data);
  return [...seen];
}

/**
 * A copy of `data` with every s3:// string replaced by what `presign` returns for it; `data` itself is
 * untouched (what is stored keeps its s3:// URIs, never signed URLs). Each distinct URI is presigned
 * once. A malformed reference rejects the whole call with its TaskError, so nothing half-resolved leaks.
 */
export async function resolveReferences<T>(data: T, presign: (ref: S3Ref) => Promise<string>): Promise<T> {
  const uris = findS3Uris(data);
  const refs = uris.map(parseS3Uri);
  const urls = await Promise.all(refs.map((ref) => presign(ref)));
  const byUri = new Map(uris.map((uri, i) => [uri, urls[i] as string]));
  const replace = (value: unknown): unknown => {
    if (looksLikeS3Uri(value)) return byUri.get(value);
    if (Array.isArray(value)) return value.map(replace);
    if (isPlainObject(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return replace(data) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
