/**
 * Cached media follow S3: each opening of a task asks S3 once (a HEAD) whether an object it shows
 * still has the ETag kept with its cached copy, before that copy is served. Same ETag, or S3 out of
 * reach: the copy is served. Another ETag: the copy is dropped and the new bytes come from S3 (the
 * prefetch keeps them again). Offline nothing waits: an unreachable S3 is remembered for a while.
 */
import { createLogger } from '../log.ts';
import type { StorageS3 } from '../storage/s3-client.ts';
import type { MediaCache } from './media-cache.ts';
import type { MediaTarget } from './media-ids.ts';
import { objectName } from './media-source.ts';
import { isUnreachable } from './unreachable.ts';

const log = createLogger('media');

export interface RevalidatorOptions {
  cache: MediaCache | null;
  s3For(projectId: string): StorageS3;
  probablyOffline(): boolean;
  markUnreachable(): void;
}

export class Revalidator {
  readonly #o: RevalidatorOptions;
  /** Objects an opening showed, not yet checked since (role and object name). */
  readonly #due = new Set<string>();
  readonly #running = new Map<string, Promise<boolean>>();

  constructor(options: RevalidatorOptions) {
    this.#o = options;
  }

  /** An opening shows this object: its cached copy is checked once, the next time it is served. */
  due(roleKey: string, target: MediaTarget): void {
    this.#due.add(JSON.stringify([roleKey, objectName(target)]));
  }

  /** Whether the cached copy (kept with `etag`) may be served; a stale copy is dropped. */
  fresh(roleKey: string, target: MediaTarget, etag: string | undefined): Promise<boolean> {
    const key = JSON.stringify([roleKey, objectName(target)]);
    const running = this.#running.get(key);
    if (running) return running;
    if (!this.#due.delete(key) || !etag || this.#o.probablyOffline()) return Promise.resolve(true);
    const check = this.#check(roleKey, target, etag).finally(() => this.#running.delete(key));
    this.#running.set(key, check);
    return check;
  }

  /** Every object of every role is due again (nothing is pending past a sign-out). */
  clear(): void {
    this.#due.clear();
  }

  async #check(roleKey: string, target: MediaTarget, etag: string): Promise<boolean> {
    try {
      const head = await this.#o
        .s3For(target.projectId)
        .headObject({ Bucket: target.bucket, Key: target.key });
      if (head.ETag === etag) return true;
      // Only the stale copy: one the prefetch stored meanwhile (S3's new ETag) stays.
      await this.#o.cache?.remove(roleKey, objectName(target), etag);
      return false;
    } catch (error) {
      if (isUnreachable(error)) this.#o.markUnreachable();
      else log.warn('could not check a cached object against S3; the kept copy is served:', error);
      return true;
    }
  }
}
