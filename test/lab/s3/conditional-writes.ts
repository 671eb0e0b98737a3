import type { S3ErrorSpec } from './s3-errors.ts';

/**
 * Conditional requests as S3 does them (since 2024 for writes): PUT / CompleteMultipartUpload /
 * CopyObject with `If-None-Match: *` fail with 412 when the key exists; with `If-Match: <etag>` they
 * fail with 412 on another ETag and 404 when the key is missing. GET/HEAD honour If-Match too
 * (s3rver only knows If-None-Match). Writes to one key are serialised so that check-then-write is
 * atomic, as S3 guarantees: of concurrent If-None-Match writers exactly one wins.
 */
export interface ObjectLookup {
  etagOf(bucket: string, key: string): Promise<string | undefined>;
}

const normalizeEtag = (etag: string): string => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

const preconditionFailed = (condition: string): S3ErrorSpec => ({
  code: 'PreconditionFailed',
  status: 412,
  message: 'At least one of the pre-conditions you specified did not hold',
  detail: { Condition: condition },
});

export async function checkWritePreconditions(
  lookup: ObjectLookup,
  bucket: string,
  key: string,
  ifMatch: string | undefined,
  ifNoneMatch: string | undefined,
): Promise<S3ErrorSpec | undefined> {
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    return {
      code: 'NotImplemented',
      status: 501,
      message: 'A header you provided implies functionality that is not implemented',
      detail: { Header: 'If-None-Match' },
    };
  }
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined;
  const etag = await lookup.etagOf(bucket, key);
  if (ifNoneMatch !== undefined && etag !== undefined) return preconditionFailed('If-None-Match');
  if (ifMatch !== undefined) {
    if (etag === undefined)
      return {
        code: 'NoSuchKey',
        status: 404,
        message: 'The specified key does not exist.',
        detail: { Key: key },
      };
    const wanted = ifMatch.split(',').map(normalizeEtag);
    if (!wanted.includes('*') && !wanted.includes(normalizeEtag(etag))) return preconditionFailed('If-Match');
  }
  return undefined;
}

export async function checkReadPreconditions(
  lookup: ObjectLookup,
  bucket: string,
  key: string,
  ifMatch: string | undefined,
): Promise<S3ErrorSpec | undefined> {
  if (ifMatch === undefined) return undefined;
  const etag = await lookup.etagOf(bucket, key);
  if (etag === undefined) return undefined; // s3rver answers NoSuchKey itself
  const wanted = ifMatch.split(',').map(normalizeEtag);
  return wanted.includes('*') || wanted.includes(normalizeEtag(etag))
    ? undefined
    : preconditionFailed('If-Match');
}

/** Runs writes to the same key one after another. */
export class KeyLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(lockKey: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(lockKey) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    this.#tails.set(lockKey, current);
    try {
      return await current;
    } finally {
      if (this.#tails.get(lockKey) === current) this.#tails.delete(lockKey);
    }
  }
}
