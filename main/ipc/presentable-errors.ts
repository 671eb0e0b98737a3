/**
 * Which thrown errors may reach the renderer as code + message: an AppError (every module's error
 * class extends it) is written for people (its message says what happened and what to do, and never
 * holds a secret); anything else is a bug and crosses IPC only as a generic code with a safe message.
 * Replies (the dispatcher) and event payloads (presentError) take the same road.
 */
import type { IpcError } from '../../preload/contract.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';

const log = createLogger('errors');

export const internalError: IpcError = {
  code: 'INTERNAL',
  message: 'Something went wrong inside the app. Details are in the log.',
};

export function toPresentableError(error: unknown): IpcError | null {
  if (!(error instanceof AppError)) return null;
  const { code, message, retryable } = error;
  return retryable ? { code, message, retryable: true } : { code, message };
}

/**
 * The error a person sees, for an event payload (or anything else that is not a reply): an AppError
 * as its code and message; anything else as `fallback` (a generic code and a message that names no
 * detail), the detail going to the redacted log under `what`.
 */
export function presentError(error: unknown, fallback: IpcError = internalError, what = 'failed'): IpcError {
  const presentable = toPresentableError(error);
  if (presentable) return presentable;
  log.error(`${what}:`, error);
  return { ...fallback };
}
