// The storage services (no electron): S3 client, errors, task index and listing, task reading and
// presigning, annotations with conditional writes, leases.
export { createS3Client } from './s3-client.ts';
export type {
  AwsCredentialIdentity,
  CallOptions,
  CredentialSource,
  S3ClientOptions,
  StorageS3,
  TextObject,
} from './s3-client.ts';
export { StorageError, storageErrorCodes, storageErrorFrom } from './storage-errors.ts';
export type { StorageErrorCode, StorageErrorContext } from './storage-errors.ts';
export { assertAccess, assertListAccess } from './scope.ts';
export { createPresigner } from './presigner.ts';
export type { PresignedUrl, Presigner, PresignerOptions } from './presigner.ts';
export { createTaskReader, MAX_TASK_FILE_BYTES } from './task-reader.ts';
export type { LabelingConfig, TaskReader, TaskReaderOptions } from './task-reader.ts';
export { MAX_PAGE_ROWS, openTaskIndex, utf8Compare } from './task-index.ts';
export type { IndexRow, TaskIndex, UpsertOutcome } from './task-index.ts';
export { syncProjectIndex } from './index-sync.ts';
export type { SyncOptions, SyncProgress, SyncResult } from './index-sync.ts';
export { createAnnotationStore } from './annotation-store.ts';
export type {
  AnnotationStore,
  AnnotationStoreOptions,
  SaveResult,
  StoredExport,
} from './annotation-store.ts';
export { createClaimsStore } from './claims-store.ts';
export type { ClaimResult, ClaimsStore, ClaimsStoreOptions, ReadLease } from './claims-store.ts';
export { loadTaskStatus } from './task-status.ts';
export type { TaskStatus } from './task-status.ts';
