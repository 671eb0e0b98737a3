import { randomUUID } from 'node:crypto';
import { createLogger } from '../log.ts';
import { classifyKeychainError, errorText } from './keychain-probe.ts';
import { assertStorable, KeychainError, keychainStatus } from './secret-store.ts';
import type { KeychainStatus, SecretStore } from './secret-store.ts';

const log = createLogger('secrets');

/** The part of keytar this store uses (keytar 7.x). */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

/**
 * keytar is CommonJS with a native addon: loaded lazily so that a missing or broken binary becomes
 * KEYCHAIN_UNAVAILABLE instead of main failing to start.
 */
export async function loadKeytar(): Promise<KeytarApi> {
  const mod = (await import('keytar')) as unknown as { default?: KeytarApi } & KeytarApi;
  return mod.default ?? mod;
}

/** The item the probe writes and reads back; never returned by list(). */
export const PROBE_ACCOUNT = 'probe/keychain-check';

export interface KeytarSecretStoreOptions {
  /** The keychain service the items are filed under, e.g. "Federated Annotator". */
  service: string;
  /** Replaces the keytar import (tests: a module that fails to load, a keychain that never answers). */
  loadKeytar?: () => Promise<KeytarApi>;
  /** How long one keychain call may take before it counts as unavailable. */
  timeoutMs?: number;
}

export class KeytarSecretStore implements SecretStore {
  readonly service: string;
  readonly #load: () => Promise<KeytarApi>;
  readonly #timeoutMs: number;
  #keytar: Promise<KeytarApi> | undefined;

  constructor(options: KeytarSecretStoreOptions) {
    if (!options.service) throw new TypeError('A keychain service name is required.');
    this.service = options.service;
    this.#load = options.loadKeytar ?? loadKeytar;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  /**
   * Writes a random value, reads it back and removes it. A locked keyring answers a read with null and no
   * error, so only a round trip tells "works" from "locked".
   */
  async probe(): Promise<KeychainStatus> {
    try {
      await this.#assertWritable();
      await this.#call('delete the probe item', (k) => k.deletePassword(this.service, PROBE_ACCOUNT));
      return keychainStatus('KEYCHAIN_OK');
    } catch (error) {
      const status =
        error instanceof KeychainError
          ? error.status
          : keychainStatus('KEYCHAIN_UNAVAILABLE', errorText(error));
      log.warn(`Keychain probe: ${status.code}${status.detail ? ` (${status.detail})` : ''}`);
      return status;
    }
  }

  async get(account: string): Promise<string | null> {
    assertStorable('account', account);
    return this.#call('read an item', (k) => k.getPassword(this.service, account));
  }

  async set(account: string, value: string): Promise<void> {
    assertStorable('account', account);
    assertStorable('value', value);
    await this.#call('store an item', (k) => k.setPassword(this.service, account, value));
  }

  /**
   * Note: on a locked keyring keytar reports false (nothing deleted) without an error; clear() checks
   * the keyring first for that reason.
   */
  async delete(account: string): Promise<boolean> {
    assertStorable('account', account);
    return this.#call('delete an item', (k) => k.deletePassword(this.service, account));
  }

  async list(): Promise<string[]> {
    // keytar's findCredentials crashes the whole process (SIGSEGV in secret_value_get_text) when an item
    // of the service sits in a LOCKED collection, so it runs only after a write proved the keyring is
    // unlocked. A lock in the few milliseconds between the two is not covered.
    await this.#assertWritable();
    await this.#call('delete the probe item', (k) => k.deletePassword(this.service, PROBE_ACCOUNT));
    const found = await this.#call('list items', (k) => k.findCredentials(this.service));
    return [...new Set(found.map((c) => c.account))].filter((a) => a !== PROBE_ACCOUNT).sort();
  }

  async clear(): Promise<number> {
    let removed = 0;
    for (const account of await this.list()) if (await this.delete(account)) removed += 1;
    return removed;
  }

  /** Throws a KeychainError unless a value written now can be read back. */
  async #assertWritable(): Promise<void> {
    const nonce = randomUUID();
    await this.#call('store the probe item', (k) => k.setPassword(this.service, PROBE_ACCOUNT, nonce));
    const back = await this.#call('read the probe item', (k) => k.getPassword(this.service, PROBE_ACCOUNT));
    if (back !== nonce) {
      throw new KeychainError(
        'KEYCHAIN_LOCKED',
        back === null
          ? 'An item just written reads back as absent.'
          : 'An item just written reads back changed.',
      );
    }
  }

  async #call<T>(what: string, op: (keytar: KeytarApi) => Promise<T>): Promise<T> {
    let keytar: KeytarApi;
    try {
      this.#keytar ??= this.#load();
      keytar = await this.#keytar;
    } catch (error) {
      throw new KeychainError(
        'KEYCHAIN_UNAVAILABLE',
        `The keychain module (keytar) did not load: ${errorText(error)}`,
        {
          cause: error,
        },
      );
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new KeychainError(
              'KEYCHAIN_UNAVAILABLE',
              `The keychain did not answer within ${this.#timeoutMs} ms (${what}).`,
            ),
          ),
        this.#timeoutMs,
      );
    });
    try {
      return await Promise.race([op(keytar), timeout]);
    } catch (error) {
      if (error instanceof KeychainError) throw error;
      throw new KeychainError(classifyKeychainError(error), `Could not ${what}: ${errorText(error)}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
