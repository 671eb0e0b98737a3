/**
 * How big one cached object may be: never more than 512 MB nor a quarter of the cache, so one blob
 * cannot push everything else out. Checked from Content-Length before a download (prefetch.ts) and
 * while the bytes stream in (a body without one is refused as it passes the cap).
 */

/** An object bigger than the cache keeps. */
export class ObjectTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`the object is bigger than the ${limit} bytes the offline cache keeps of one object`);
    this.limit = limit;
  }
}

/** The largest object kept by default: 512 MB, and never more than a quarter of the cache. */
export const defaultMaxObjectBytes = (maxBytes: number): number =>
  Math.min(512_000_000, Math.floor(maxBytes / 4));

/** The source, refused with ObjectTooLarge the moment it passes `limit` bytes (no Content-Length needed). */
export async function* capped(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  limit: number,
): AsyncIterable<Uint8Array> {
  let seen = 0;
  for await (const piece of source) {
    seen += piece.byteLength;
    if (seen > limit) throw new ObjectTooLarge(limit);
    yield piece;
  }
}
