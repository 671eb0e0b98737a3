/**
 * Where `/media/<id>` bytes come from: the offline cache when it holds the object (S3 asked at most
 * once per opening whether it changed, revalidate.ts),
 * else S3 with the role's credentials, streamed (a one-hour WAV is never held in memory), the byte
 * range passed through so a seek reads only what it needs.
 */
import type { StorageS3 } from '../storage/s3-client.ts';
import { parseContentRange, rangeHeader, resolveRange, type RangeSpec } from './byte-range.ts';
import type { MediaTarget } from './media-ids.ts';
import type { MediaCache } from './media-cache.ts';
import { RangeNotSatisfiable, type MediaBytes, type MediaSource } from './media-route.ts';

/** The cache's name of an S3 object (media are named by where they are, task files by ETag too). */
export const objectName = (target: { bucket: string; key: string }): string =>
  JSON.stringify(['s3', target.bucket, target.key]);

export function createMediaSource(deps: {
  cache: MediaCache | null;
  /** The project's S3 client of the signed-in role. */
  s3For(projectId: string): StorageS3;
  /** Whether a cached copy may be served (its ETag checked once per opening, revalidate.ts). */
  fresh?(target: MediaTarget, roleKey: string, etag: string | undefined): Promise<boolean>;
}): MediaSource {
  return {
    async open(target, roleKey, { range, head, signal }) {
      const cached = await deps.cache?.get(roleKey, objectName(target)).catch(() => null);
      if (cached && (!deps.fresh || (await deps.fresh(target, roleKey, cached.etag))))
        return fromCache(cached, range, head);
      return fromS3(deps.s3For(target.projectId), target, range, head, signal);
    },
  };
}

function fromCache(
  entry: NonNullable<Awaited<ReturnType<MediaCache['get']>>>,
  range: RangeSpec | null,
  head: boolean,
): MediaBytes {
  const span = range ? resolveRange(range, entry.size) : { start: 0, end: entry.size - 1 };
  if (!span) throw new RangeNotSatisfiable(entry.size);
  return {
    size: entry.size,
    contentType: entry.contentType,
    ...span,
    ranged: range !== null,
    body: head ? null : entry.read(span.start, span.end),
  };
}

async function fromS3(
  s3: StorageS3,
  target: MediaTarget,
  range: RangeSpec | null,
  head: boolean,
  signal: AbortSignal | undefined,
): Promise<MediaBytes> {
  const options = signal ? { signal } : {};
  if (head) {
    const out = await s3.headObject({ Bucket: target.bucket, Key: target.key }, options);
    const size = out.ContentLength ?? 0;
    const span = range ? resolveRange(range, size) : { start: 0, end: size - 1 };
    if (!span) throw new RangeNotSatisfiable(size);
    return { size, contentType: out.ContentType, ...span, ranged: range !== null, body: null };
  }
  try {
    const out = await s3.getStream(
      { Bucket: target.bucket, Key: target.key, ...(range ? { Range: rangeHeader(range) } : {}) },
      options,
    );
    const spanned = parseContentRange(out.contentRange);
    if (spanned) return { ...spanned, contentType: out.contentType, ranged: true, body: out.body };
    const size = out.contentLength ?? 0;
    return { size, start: 0, end: size - 1, contentType: out.contentType, ranged: false, body: out.body };
  } catch (error) {
    // S3 says InvalidRange (416) for a range past the end: the size is one HEAD away.
    if (range && isInvalidRange(error)) {
      const out = await s3.headObject({ Bucket: target.bucket, Key: target.key }, options);
      throw new RangeNotSatisfiable(out.ContentLength ?? 0);
    }
    throw error;
  }
}

function isInvalidRange(error: unknown): boolean {
  const detail = (
    error as { detail?: unknown; cause?: { name?: unknown; $metadata?: { httpStatusCode?: number } } }
  )?.cause;
  return detail?.name === 'InvalidRange' || detail?.$metadata?.httpStatusCode === 416;
}
