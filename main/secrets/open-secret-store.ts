import { createLogger } from '../log.ts';
import { KeytarSecretStore } from './keytar-store.ts';
import type { KeytarSecretStoreOptions } from './keytar-store.ts';
import { MemorySecretStore } from './memory-store.ts';
import type { KeychainStatus, SecretStore } from './secret-store.ts';

const log = createLogger('secrets');

export interface OpenedSecretStore {
  store: SecretStore;
  /** The keychain's status at start; when not KEYCHAIN_OK, `store` keeps the session in memory only. */
  status: KeychainStatus;
}

/**
 * Probes the OS keychain at start. If it works, secrets go there; otherwise the session lives in memory
 * only and `status.message` says why and what to do. There is no file fallback, by design.
 */
export async function openSecretStore(options: KeytarSecretStoreOptions): Promise<OpenedSecretStore> {
  const keychain = new KeytarSecretStore(options);
  const status = await keychain.probe();
  if (status.code === 'KEYCHAIN_OK') return { store: keychain, status };
  log.warn(`Keychain not usable (${status.code}); the session will be kept in memory only.`);
  return { store: new MemorySecretStore(), status };
}
