import { assertStorable, keychainStatus } from './secret-store.ts';
import type { KeychainStatus, SecretStore } from './secret-store.ts';

/**
 * The fallback when the OS keychain cannot be used: the session lives in this process only and is gone
 * when the app quits. Deliberately no file behind it.
 */
export class MemorySecretStore implements SecretStore {
  readonly #items = new Map<string, string>();

  async probe(): Promise<KeychainStatus> {
    return keychainStatus('KEYCHAIN_MEMORY_ONLY');
  }

  async get(account: string): Promise<string | null> {
    assertStorable('account', account);
    return this.#items.get(account) ?? null;
  }

  async set(account: string, value: string): Promise<void> {
    assertStorable('account', account);
    assertStorable('value', value);
    this.#items.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    assertStorable('account', account);
    return this.#items.delete(account);
  }

  async list(): Promise<string[]> {
    return [...this.#items.keys()].sort();
  }

  async clear(): Promise<number> {
    const count = this.#items.size;
    this.#items.clear();
    return count;
  }
}
