/**
 * Which thrown errors may reach the renderer as code + message. Each module's own error class is
 * written for people (its message says what happened and what to do, and never holds a secret);
 * anything else is a bug and crosses IPC only as INTERNAL.
 */
import type { IpcError } from '../../preload/contract.ts';
import { SamlError } from '../auth/saml-errors.ts';
import { StsError } from '../auth/sts-errors.ts';
import { ConfigError } from '../config/organization.ts';
import { AppError } from '../errors.ts';
import { KeychainError } from '../secrets/secret-store.ts';
import { StorageError } from '../storage/storage-errors.ts';
import { TaskError } from '../tasks/task-error.ts';

const presentable = [
  AppError,
  SamlError,
  StsError,
  ConfigError,
  KeychainError,
  StorageError,
  TaskError,
] as const;

export function toPresentableError(error: unknown): IpcError | null {
  if (!presentable.some((kind) => error instanceof kind)) return null;
  const { code, message, retryable } = error as { code: string; message: string; retryable?: boolean };
  return retryable ? { code, message, retryable: true } : { code, message };
}
