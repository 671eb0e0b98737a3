import { afterEach, describe, expect, it } from 'vitest';
import { SamlError } from '../auth/saml-errors.ts';
import { StsError } from '../auth/sts-errors.ts';
import { ConfigError } from '../config/organization.ts';
import { AppError } from '../errors.ts';
import { setLogSinks, type LogSink } from '../log.ts';
import { KeychainError } from '../secrets/secret-store.ts';
import { StorageError } from '../storage/storage-errors.ts';
import { TaskError } from '../tasks/task-error.ts';
import { internalError, presentError, toPresentableError } from './presentable-errors.ts';

let restore: LogSink[] | undefined;
afterEach(() => {
  if (restore) setLogSinks(restore);
  restore = undefined;
});

function captureLog(): string[] {
  const lines: string[] = [];
  restore = setLogSinks([({ level, message }) => lines.push(`${level} ${message}`)]);
  return lines;
}

describe('presentable errors', () => {
  it('presents every module error as its code and message: one base class', () => {
    const errors = [
      new SamlError('SAML_EXPIRED', 'The sign-in expired.'),
      new StsError('STS_THROTTLED', 'AWS is busy.', { retryable: true, detail: 'Rate exceeded' }),
      new ConfigError('org.json', ['idp: required']),
      new KeychainError('KEYCHAIN_LOCKED', 'locked'),
      new StorageError('STORAGE_OFFLINE', 'S3 cannot be reached.', { retryable: true }),
      new TaskError('TASK_FILE_INVALID', 'Line 3 is not JSON.'),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(AppError);
      expect(error.name).not.toBe('AppError');
      expect(typeof error.retryable).toBe('boolean');
    }
    expect(errors.map(toPresentableError)).toEqual([
      { code: 'SAML_EXPIRED', message: 'The sign-in expired.' },
      { code: 'STS_THROTTLED', message: 'AWS is busy.', retryable: true },
      { code: 'CONFIG_INVALID', message: expect.stringContaining('org.json cannot be used: idp: required') },
      { code: 'KEYCHAIN_LOCKED', message: expect.any(String) },
      { code: 'STORAGE_OFFLINE', message: 'S3 cannot be reached.', retryable: true },
      { code: 'TASK_FILE_INVALID', message: 'Line 3 is not JSON.' },
    ]);
  });

  it('keeps what a subclass adds for the log out of what a person sees', () => {
    const presented = toPresentableError(
      new StsError('STS_FAILED', 'AWS sign-in failed.', { detail: 'arn:aws:iam::1:role/x said no' }),
    );
    expect(JSON.stringify(presented)).not.toContain('arn:aws');
  });

  it('does not present anything that is not an AppError, however it looks', () => {
    expect(toPresentableError(new Error('ECONNRESET at 10.0.0.1'))).toBeNull();
    expect(toPresentableError({ code: 'SAML_EXPIRED', message: 'looks right' })).toBeNull();
    expect(toPresentableError('text')).toBeNull();
  });
});

describe('presentError (event payloads)', () => {
  it('passes an AppError through as its code and message, logging nothing', () => {
    const lines = captureLog();
    expect(presentError(new StorageError('STORAGE_THROTTLED', 'S3 is busy.', { retryable: true }))).toEqual({
      code: 'STORAGE_THROTTLED',
      message: 'S3 is busy.',
      retryable: true,
    });
    expect(lines).toEqual([]);
  });

  it('turns anything else into the fallback, the detail (redacted) only in the log', () => {
    const lines = captureLog();
    const raw = new Error('socket hang up, sessionToken=IQoJb3JpZ2luSECRET');
    const fallback = { code: 'STORAGE_FAILED', message: 'Listing the tasks failed. Details are in the log.' };
    const shown = presentError(raw, fallback, 'listing failed');
    expect(shown).toEqual(fallback);
    expect(shown).not.toBe(fallback);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error listing failed: Error: socket hang up/);
    expect(lines[0]).not.toContain('IQoJb3JpZ2luSECRET');
    expect(presentError('boom')).toEqual(internalError);
  });
});
