/**
 * An error meant for the person using the app: a code the renderer can branch on and a message that
 * says what happened and what to do. Anything else thrown in main is a bug and is reported as INTERNAL.
 */
export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}
