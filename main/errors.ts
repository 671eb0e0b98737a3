import type { ErrorCode, IpcError } from '../preload/contract.ts';

/**
 * An error meant for the person using the app: a code the renderer can branch on and a message that
 * says what happened and what to do. Anything else thrown in main is a bug and is reported as INTERNAL.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }

  toIpcError(): IpcError {
    return this.retryable
      ? { code: this.code, message: this.message, retryable: true }
      : { code: this.code, message: this.message };
  }
}
