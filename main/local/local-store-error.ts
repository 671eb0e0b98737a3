/**
 * Everything that can go wrong with the drafts kept on this computer, as one AppError (so the IPC
 * dispatcher presents it) with a code the renderer branches on and a message an annotator can act on.
 * SQLite's and Node's own words go to `detail`, for the log only.
 */
import { statfsSync } from 'node:fs';
import { AppError } from '../errors.ts';

export const localStoreErrorCodes = [
  'LOCAL_DISK_FULL',
  'LOCAL_STORE_LOCKED',
  'LOCAL_STORE_CORRUPT',
  'LOCAL_STORE_TOO_NEW',
  'LOCAL_STORE_IO',
  'LOCAL_KEY_UNAVAILABLE',
] as const;
export type LocalStoreErrorCode = (typeof localStoreErrorCodes)[number];

export class LocalStoreError extends AppError {
  declare readonly code: LocalStoreErrorCode;
  /** SQLite's or Node's own text, for the log. */
  readonly detail: string | undefined;

  constructor(
    code: LocalStoreErrorCode,
    message: string,
    options: { retryable?: boolean; detail?: string; cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.name = 'LocalStoreError';
    this.detail = options.detail;
  }
}

const earlierDraftsSafe = 'Drafts saved before are safe.';

export const localErrors = {
  diskFull: (folder: string, detail?: string) =>
    new LocalStoreError(
      'LOCAL_DISK_FULL',
      `Your draft could not be saved: the disk that holds ${folder} is full. Free some space on it and ` +
        `keep working; the app saves again with your next change. ${earlierDraftsSafe}`,
      { retryable: true, detail },
    ),
  /** A submit that could not be queued: nothing of it was written, its draft is still there. */
  submitDiskFull: (folder: string, detail?: string) =>
    new LocalStoreError(
      'LOCAL_DISK_FULL',
      `Your submit could not be kept on this computer: the disk that holds ${folder} is full. Free some ` +
        `space on it and submit again; your work is still open here. ${earlierDraftsSafe}`,
      { retryable: true, detail },
    ),
  locked: (file: string, detail?: string) =>
    new LocalStoreError(
      'LOCAL_STORE_LOCKED',
      `The drafts file ${file} is in use by another program (another copy of this app?). Close it and ` +
        'try again.',
      { retryable: true, detail },
    ),
  corrupt: (file: string, detail?: string) =>
    new LocalStoreError(
      'LOCAL_STORE_CORRUPT',
      `The drafts file ${file} is damaged or was changed outside the app, so it cannot be read. Your ` +
        'submitted work in S3 is not affected. Ask IT to look at the file (the detail is in the log).',
      { detail },
    ),
  /** `subject` starts the sentence, e.g. "The draft of task 42 saved on this computer". */
  corruptRecord: (subject: string, detail?: string) =>
    new LocalStoreError(
      'LOCAL_STORE_CORRUPT',
      `${subject} was changed outside the app or belongs to another role, so it was not opened. ` +
        'Your submitted work in S3 is not affected; discard the draft to go on.',
      { detail },
    ),
  tooNew: (file: string, found: number, known: number) =>
    new LocalStoreError(
      'LOCAL_STORE_TOO_NEW',
      `The drafts file ${file} was written by a newer version of Federated Annotator (format ${found}; ` +
        `this version knows up to ${known}). Update the app to open your drafts; the file was left as it is.`,
    ),
  io: (file: string, detail?: string) =>
    new LocalStoreError(
      'LOCAL_STORE_IO',
      `The app could not read or write the drafts file ${file} (a disk or permission problem). ` +
        `Check the disk and the folder's permissions. ${earlierDraftsSafe}`,
      { retryable: true, detail },
    ),
  keyUnavailable: (detail?: string) =>
    new LocalStoreError(
      'LOCAL_KEY_UNAVAILABLE',
      'Drafts on this computer are encrypted with a key kept in your system keychain, and the keychain ' +
        'could not be used just now. Unlock your keychain (log out and in, or open Passwords and Keys) ' +
        'and try again.',
      { retryable: true, detail },
    ),
};

// SQLite's primary result codes (the low byte of an extended code).
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

/**
 * Turns what node:sqlite or node:fs threw into a LocalStoreError, or returns the error unchanged when
 * it is not about the store (a bug: the dispatcher reports it as INTERNAL).
 */
export function toLocalStoreError(error: unknown, where: { file: string; folder: string }): unknown {
  if (error instanceof LocalStoreError) return error;
  if (!(error instanceof Error)) return error;
  const detail = error.message;
  const e = error as Error & { code?: unknown; errcode?: unknown };
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return localErrors.diskFull(where.folder, detail);
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS' || e.code === 'EIO')
    return localErrors.io(where.file, detail);
  if (e.code !== 'ERR_SQLITE_ERROR' || typeof e.errcode !== 'number') return error;
  switch (e.errcode & 0xff) {
    case SQLITE_FULL:
      return localErrors.diskFull(where.folder, detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return localErrors.locked(where.file, detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return localErrors.corrupt(where.file, detail);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      // SQLite reports some writes that hit a full disk (shared memory, fsync) as I/O errors.
      return noSpaceLeft(where.folder)
        ? localErrors.diskFull(where.folder, detail)
        : localErrors.io(where.file, detail);
    default:
      return error;
  }
}

function noSpaceLeft(folder: string): boolean {
  try {
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize < 64 * 1024;
  } catch {
    return false;
  }
}
