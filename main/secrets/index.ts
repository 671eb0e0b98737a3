// The keychain module's public surface (electron-free; wired in the shell's composition root).
export type { KeychainErrorCode, KeychainStatus, KeychainStatusCode, SecretStore } from './secret-store.ts';
export { KeychainError, keychainMessages, keychainStatus } from './secret-store.ts';
export { classifyKeychainError } from './keychain-probe.ts';
export { KeytarSecretStore, loadKeytar } from './keytar-store.ts';
export type { KeytarApi, KeytarSecretStoreOptions } from './keytar-store.ts';
export { MemorySecretStore } from './memory-store.ts';
export { openSecretStore } from './open-secret-store.ts';
export type { OpenedSecretStore } from './open-secret-store.ts';
export { accountNames, MAX_ASSERTION_LENGTH, SessionVault } from './session-vault.ts';
export type {
  AwsCredentials,
  AwsCredentialsInput,
  SessionIdentity,
  SessionVaultOptions,
  StoredAssertion,
} from './session-vault.ts';
