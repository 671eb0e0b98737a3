// The local store's public surface: the database, the per-role sealing, drafts (electron-free).
export { localMigrations, openLocalDatabase } from './database.ts';
export type { LocalDatabase, Migration, OpenLocalDatabaseOptions } from './database.ts';
export { createDraftStore } from './drafts.ts';
export type {
  Draft,
  DraftScope,
  DraftStore,
  DraftStoreOptions,
  DraftSummary,
  LastOpen,
  SaveOutcome,
  StoredDraft,
} from './drafts.ts';
export { LocalStoreError, localStoreErrorCodes } from './local-store-error.ts';
export type { LocalStoreErrorCode } from './local-store-error.ts';
export { createSealer, localKeyAccount, roleDigest } from './sealed.ts';
export type { RoleSeal, SealedKind, Sealer, SealerOptions } from './sealed.ts';
