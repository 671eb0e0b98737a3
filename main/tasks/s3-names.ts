/**
 * S3 bucket-name and object-key rules, checked before any key reaches the SDK. Keys are taken literally
 * (as Label Studio does: no percent-decoding), so anything that some layer could later decode or
 * normalise into a different path is refused rather than interpreted.
 */
import { quote, TaskError } from './task-error.ts';

/** S3's own limit on a key: 1024 bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;

/** General-purpose bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function bucketNameProblem(bucket: string): string | null {
  if (bucket.length < 3 || bucket.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket))
    return 'may hold only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit';
  if (bucket.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket)) return 'must not look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(bucket)) return 'uses a prefix S3 reserves';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(bucket)) return 'uses a suffix S3 reserves';
  return null;
}

export function assertBucketName(bucket: string): void {
  const problem = bucketNameProblem(bucket);
  if (problem) throw new TaskError('BUCKET_NAME_INVALID', `Bucket name ${quote(bucket)} ${problem}.`);
}

// Percent-escapes of '.', '/', '\', '%' and control characters: a decoding layer would turn them into
// separators, traversal or a second round of escapes.
const ENCODED_DANGER = /%(2e|2f|5c|25|[01][0-9a-f]|7f)/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export type KeyProblemCode =
  | 'KEY_EMPTY'
  | 'KEY_TOO_LONG'
  | 'KEY_TRAVERSAL'
  | 'KEY_EMPTY_SEGMENT'
  | 'KEY_BACKSLASH'
  | 'KEY_CONTROL_CHAR'
  | 'KEY_ENCODED_SEPARATOR';

/** The first rule `key` breaks, or null. A trailing '/' (folder marker or prefix) is allowed when `prefix`. */
export function keyProblem(
  key: string,
  options: { prefix?: boolean } = {},
): { code: KeyProblemCode; reason: string } | null {
  if (key === '') return { code: 'KEY_EMPTY', reason: 'is empty' };
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES)
    return { code: 'KEY_TOO_LONG', reason: `is longer than S3's limit of ${MAX_KEY_BYTES} bytes` };
  if (CONTROL.test(key)) return { code: 'KEY_CONTROL_CHAR', reason: 'contains a control character' };
  if (key.includes('\\')) return { code: 'KEY_BACKSLASH', reason: 'contains a backslash' };
  if (ENCODED_DANGER.test(key))
    return {
      code: 'KEY_ENCODED_SEPARATOR',
      reason: 'contains a percent-encoded dot, slash, backslash, percent or control character',
    };
  const segments = key.split('/');
  if (options.prefix && segments.at(-1) === '') segments.pop();
  if (segments.some((s) => s === '.' || s === '..'))
    return { code: 'KEY_TRAVERSAL', reason: "contains a '.' or '..' path segment" };
  // Compatibility forms (fullwidth dots and slashes) that normalise into traversal.
  const normalised = key.normalize('NFKC');
  if (normalised !== key && normalised.split(/[/\\]/).some((s) => s === '.' || s === '..'))
    return { code: 'KEY_TRAVERSAL', reason: "contains characters that normalise into a '..' path segment" };
  if (segments.some((s) => s === ''))
    return { code: 'KEY_EMPTY_SEGMENT', reason: "starts with '/' or contains '//'" };
  return null;
}

export function assertObjectKey(key: string, options: { prefix?: boolean } = {}): void {
  const problem = keyProblem(key, options);
  if (problem) throw new TaskError(problem.code, `S3 key ${quote(key)} ${problem.reason}.`);
}
