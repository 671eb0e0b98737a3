/**
 * "Not there yet" when S3 will not say so. AWS answers a GET of a missing key with 403 AccessDenied
 * unless the caller may s3:ListBucket without a prefix condition, and IT grants ListBucket only under
 * the project's prefix. A 403 on a key the role may read is then confirmed with a one-key listing
 * (Prefix = the exact key, MaxKeys 1), which the prefix-conditioned grant does cover: the key is
 * absent when the listing does not return it. Keys sorting after it ("x.json.bak") do not count.
 */
import type { StorageS3 } from './s3-client.ts';
import { StorageError } from './storage-errors.ts';

/** Runs a read; null when the key is missing, whether S3 said 404 or a 403 the listing disproves. */
export async function readUnlessAbsent<T>(
  s3: StorageS3,
  bucket: string,
  key: string,
  read: () => Promise<T>,
): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    if (error.code === 'STORAGE_NO_SUCH_KEY') return null;
    if (error.code !== 'STORAGE_ACCESS_DENIED') throw error;
    let listed;
    try {
      listed = await s3.listObjectsV2({ Bucket: bucket, Prefix: key, MaxKeys: 1 });
    } catch {
      throw error; // the listing is refused too: the 403 stands as it was
    }
    if (listed.Contents?.some((object) => object.Key === key)) throw error;
    return null;
  }
}

/** A conditional write lost to another writer: 412 (other ETag) or 409 (written at the same moment). */
export function isWriteRace(error: unknown): boolean {
  return (
    error instanceof StorageError &&
    (error.code === 'STORAGE_PRECONDITION_FAILED' || error.code === 'STORAGE_WRITE_CONFLICT')
  );
}
