/**
 * Where the app keeps its sign-in secrets (SAML assertion, temporary AWS credentials): the OS keychain
 * through keytar, or — when the keychain cannot be used — process memory only. Never a file on disk.
 * This module holds the contract and the statuses; it imports nothing native, so it is safe to load
 * anywhere in main.
 */
import { AppError } from '../errors.ts';

export type KeychainStatusCode =
  | 'KEYCHAIN_OK'
  | 'KEYCHAIN_NO_DBUS'
  | 'KEYCHAIN_NO_SECRET_SERVICE'
  | 'KEYCHAIN_NO_KEYRING'
  | 'KEYCHAIN_LOCKED'
  | 'KEYCHAIN_UNAVAILABLE'
  | 'KEYCHAIN_MEMORY_ONLY';

/** A failure code: every status except the two that mean "the store works". */
export type KeychainErrorCode = Exclude<KeychainStatusCode, 'KEYCHAIN_OK' | 'KEYCHAIN_MEMORY_ONLY'>;

export interface KeychainStatus {
  code: KeychainStatusCode;
  /** What happened and what to do, in words an annotator or IT can act on. */
  message: string;
  /** True only when secrets survive a restart of the app (the OS keychain works). */
  persistent: boolean;
  /** The library's own error text, for IT and logs (never contains a secret). */
  detail?: string;
}

const sessionOnly = 'Until then you will sign in each time you start the app.';

export const keychainMessages: Record<KeychainStatusCode, string> = {
  KEYCHAIN_OK: 'Your sign-in is kept in your system keychain.',
  KEYCHAIN_NO_DBUS:
    'Your desktop session has no D-Bus session bus, so the app cannot reach your system keychain ' +
    '(DBUS_SESSION_BUS_ADDRESS is not set or does not work). Start the app from a normal desktop ' +
    `session, or ask IT to provide a D-Bus session bus. ${sessionOnly}`,
  KEYCHAIN_NO_SECRET_SERVICE:
    'No keychain service (Secret Service, e.g. GNOME Keyring or KWallet) is running in your session. ' +
    `Ask IT to install and enable gnome-keyring (or another Secret Service provider). ${sessionOnly}`,
  KEYCHAIN_NO_KEYRING:
    'Your system keychain has no default ("login") keyring, usually because it was not unlocked when ' +
    'you signed in to your computer. Open Passwords and Keys and create or unlock the "Login" keyring ' +
    `(or log out and in again). ${sessionOnly}`,
  KEYCHAIN_LOCKED:
    'Your system keychain is locked. Unlock it (log out and in, or open Passwords and Keys) so the app ' +
    'can remember your sign-in; until then you will sign in each time you start the app.',
  KEYCHAIN_UNAVAILABLE:
    'The app could not use your system keychain. Ask IT to check the keychain (the technical detail ' +
    `is in the app's log). ${sessionOnly}`,
  KEYCHAIN_MEMORY_ONLY:
    'Your sign-in is kept in memory only: you will sign in again the next time you start the app.',
};

export function keychainStatus(code: KeychainStatusCode, detail?: string): KeychainStatus {
  const status: KeychainStatus = {
    code,
    message: keychainMessages[code],
    persistent: code === 'KEYCHAIN_OK',
  };
  if (detail !== undefined) status.detail = detail;
  return status;
}

/**
 * A keychain operation failed (e.g. the keyring was locked after the probe). The caller decides whether
 * to continue with the session in memory. `message` is the user-facing text for `code`.
 */
export class KeychainError extends AppError<KeychainErrorCode> {
  readonly detail: string;

  constructor(code: KeychainErrorCode, detail: string, options: { cause?: unknown } = {}) {
    super(code, keychainMessages[code], options);
    this.name = 'KeychainError';
    this.detail = detail;
  }

  get status(): KeychainStatus {
    return keychainStatus(this.code, this.detail);
  }
}

export interface SecretStore {
  /** Checks the store can really write and read back, and says why not. Never throws. */
  probe(): Promise<KeychainStatus>;
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** True when an item was removed. */
  delete(account: string): Promise<boolean>;
  /** The accounts of this app's service, sorted. */
  list(): Promise<string[]>;
  /** Removes every item of this app's service; returns how many. */
  clear(): Promise<number>;
}

/**
 * The same rules for both stores, so the memory store cannot accept what the keychain would silently
 * change: keytar refuses empty strings and passes C strings (a NUL would cut the value short, a lone
 * surrogate would come back as U+FFFD).
 */
export function assertStorable(what: 'account' | 'value', text: string): void {
  if (typeof text !== 'string' || text.length === 0)
    throw new TypeError(`A secret ${what} must be a non-empty string.`);
  if (text.includes('\0')) throw new TypeError(`A secret ${what} must not contain a NUL character.`);
  if (!text.isWellFormed()) throw new TypeError(`A secret ${what} must be well-formed Unicode.`);
}
