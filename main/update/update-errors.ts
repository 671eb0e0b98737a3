/**
 * Why an update was not installed, as a code and a message for people. Update checks run in the
 * background: these reach the log (and IT's troubleshooting table), never a dialog that blocks labeling.
 * electron-updater's own errors carry codes (ERR_CHECKSUM_MISMATCH, ERR_UPDATER_CHANNEL_FILE_NOT_FOUND)
 * or Node's socket codes; each is mapped once, here.
 */
import { AppError } from '../errors.ts';

export const updateErrorCodes = [
  'UPDATE_FEED_UNSIGNED',
  'UPDATE_FEED_SIGNATURE_INVALID',
  'UPDATE_CHECKSUM_MISMATCH',
  'UPDATE_FEED_NOT_FOUND',
  'UPDATE_SERVER_UNREACHABLE',
  'UPDATE_FAILED',
] as const;
export type UpdateErrorCode = (typeof updateErrorCodes)[number];

export class UpdateError extends AppError<UpdateErrorCode> {
  constructor(
    code: UpdateErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.name = 'UpdateError';
  }
}

export const updateErrors = {
  unsigned: (server: string, file: string) =>
    new UpdateError(
      'UPDATE_FEED_UNSIGNED',
      `The update server ${server} offers an update without the publisher's signature (${file}.sig), so the app did not download it. Ask your IT team to copy the release's .sig files to the update server.`,
    ),
  signatureInvalid: (server: string, file: string) =>
    new UpdateError(
      'UPDATE_FEED_SIGNATURE_INVALID',
      `The update offered by ${server} (${file}) is not signed by the app's publisher, so the app did not download it. It may have been altered: tell your IT security team.`,
    ),
  checksumMismatch: (server: string) =>
    new UpdateError(
      'UPDATE_CHECKSUM_MISMATCH',
      `The update downloaded from ${server} does not match the SHA-512 fingerprint in its signed description, so it was deleted and not installed. Tell your IT team: the file on the update server is damaged or was replaced.`,
    ),
  notFound: (server: string, file: string) =>
    new UpdateError(
      'UPDATE_FEED_NOT_FOUND',
      `The update server ${server} has no ${file} for this system. Ask your IT team to publish the release there (the .yml and .sig files with the installers).`,
    ),
  unreachable: (server: string) =>
    new UpdateError(
      'UPDATE_SERVER_UNREACHABLE',
      `The update server ${server} cannot be reached. The app keeps working and checks again later.`,
      { retryable: true },
    ),
  failed: (server: string) =>
    new UpdateError(
      'UPDATE_FAILED',
      `Checking ${server} for updates failed. The app keeps working and checks again later; details are in the log.`,
      { retryable: true },
    ),
} as const;

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** From whatever electron-updater (or the network under it) threw to an UpdateError. */
export function toUpdateError(error: unknown, server: string, feedFile: string): UpdateError {
  if (error instanceof UpdateError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_CHECKSUM_MISMATCH') return updateErrors.checksumMismatch(server);
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') return updateErrors.notFound(server, feedFile);
  if (typeof code === 'string' && unreachableCodes.has(code)) return updateErrors.unreachable(server);
  return updateErrors.failed(server);
}
