/**
 * An error meant for the person using the app: a code the renderer can branch on and a message that
 * says what happened and what to do. Every module's error class (SamlError, StsError, ConfigError,
 * KeychainError, StorageError, TaskError) extends it, so "may this reach a person?" is one
 * `instanceof AppError`. Anything else thrown in main is a bug and is reported as INTERNAL.
 */
export interface AppErrorOptions {
  /** True when trying the same thing again later may succeed (network, throttling). */
  retryable?: boolean;
  cause?: unknown;
}

export class AppError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly retryable: boolean;

  constructor(code: Code, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}
