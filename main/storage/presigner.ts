/**
 * Presigned GET URLs for the renderer (images, audio, video referenced by tasks). Each (bucket, key) is
 * signed once and reused until less than 20% of its lifetime (at least 60 s, at most half) is left, so
 * a list of 1,000 thumbnails costs nothing on a second pass. URLs live in memory only: never logged,
 * never written to disk, dropped with the session.
 */
import { checkUriAccess, parseS3Uri, type Project } from '../tasks/index.ts';
import type { StorageS3 } from './s3-client.ts';
import { assertAccess } from './scope.ts';

export interface PresignerOptions {
  s3: StorageS3;
  /** The current role's projects: the scope guard runs before every signature. */
  projects: readonly Project[];
  now?: () => number;
  /** IT's policy (PresignTtlSeconds): replaces every project's own lifetime when set. */
  ttlSeconds?: number;
}

export interface Presigner {
  /** A URL for the object, re-signed when the cached one is near expiry. */
  presign(object: { bucket: string; key: string }): Promise<PresignedUrl>;
  /** The same for an `s3://bucket/key` URI from task data (malformed URIs and other schemes refused). */
  presignUri(uri: string): Promise<PresignedUrl>;
  /** After a 403 on a URL: forget it, so the next presign signs anew. */
  invalidate(bucket: string, key: string): void;
  /**
   * After a 403: a HEAD through the SDK tells an expired URL (answers 200, and corrects the clock skew
   * the URL may have suffered from) from a revoked permission (STORAGE_ACCESS_DENIED), then re-signs.
   */
  recover(object: { bucket: string; key: string }): Promise<PresignedUrl>;
  clear(): void;
  readonly size: number;
}

export interface PresignedUrl {
  url: string;
  expiresAt: Date;
}

interface Entry extends PresignedUrl {
  renewAt: number;
}

export function createPresigner(options: PresignerOptions): Presigner {
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();
  const inflight = new Map<string, Promise<PresignedUrl>>();
  const id = (bucket: string, key: string) => `${bucket}\u0000${key}`;

  async function sign(bucket: string, key: string, ttlSeconds: number): Promise<PresignedUrl> {
    const signed = await options.s3.presignGet(bucket, key, ttlSeconds);
    const lifetime = signed.expiresAt.getTime() - now();
    const margin = Math.min(Math.max(0.2 * lifetime, 60_000), 0.5 * lifetime);
    cache.set(id(bucket, key), { ...signed, renewAt: signed.expiresAt.getTime() - margin });
    return signed;
  }

  async function presign(object: { bucket: string; key: string }): Promise<PresignedUrl> {
    const project = assertAccess(options.projects, object, 'read');
    const k = id(object.bucket, object.key);
    const hit = cache.get(k);
    if (hit && now() < hit.renewAt) return { url: hit.url, expiresAt: hit.expiresAt };
    // Concurrent asks for one object (a grid of thumbnails) share one signature.
    const pending = inflight.get(k);
    if (pending) return pending;
    const promise = sign(object.bucket, object.key, options.ttlSeconds ?? project.presignTtlSeconds).finally(
      () => inflight.delete(k),
    );
    inflight.set(k, promise);
    return promise;
  }

  return {
    presign,
    async presignUri(uri) {
      const decision = checkUriAccess(options.projects, uri, 'read');
      if (!decision.ok) throw decision.error;
      return presign(parseS3Uri(uri));
    },
    invalidate: (bucket, key) => void cache.delete(id(bucket, key)),
    async recover(object) {
      assertAccess(options.projects, object, 'read');
      cache.delete(id(object.bucket, object.key));
      await options.s3.headObject({ Bucket: object.bucket, Key: object.key });
      return presign(object);
    },
    clear: () => cache.clear(),
    get size() {
      return cache.size;
    },
  };
}
