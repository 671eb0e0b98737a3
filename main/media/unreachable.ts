/** Whether an error means S3 could not be reached (offline, stalled), not that it said no. */
import { StorageError } from '../storage/storage-errors.ts';

export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof StorageError && (error.code === 'STORAGE_OFFLINE' || error.code === 'STORAGE_TIMEOUT')
  );
}
