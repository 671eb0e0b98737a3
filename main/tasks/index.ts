// The tasks module's pure core (no S3 calls, no electron): configuration, formats, scope, merge, leases.
export { TaskError } from './task-error.ts';
export type { TaskErrorCode } from './task-error.ts';
export {
  compileKeyFilter,
  isTaskSourceKey,
  parseProjectsConfig,
  PRESIGN_TTL_DEFAULT_SECONDS,
  PRESIGN_TTL_MAX_SECONDS,
  PRESIGN_TTL_MIN_SECONDS,
  projectsForRole,
  ProjectsConfigSchema,
  roleMatches,
} from './project-config.ts';
export type {
  LabelingConfigSource,
  ParseResult,
  Project,
  ProjectsConfig,
  Workspace,
} from './project-config.ts';
export { fileModeField, OBJECT_TAGS, parseDataPath, parseLabelingConfig } from './labeling-config.ts';
export type { ControlTag, DataPath, LabelingConfigSummary, ObjectTag } from './labeling-config.ts';
export { isTaskId, targetTaskId, taskIdFor } from './task-id.ts';
export { parseTaskFile, taskFromObjectKey } from './task-format.ts';
export type { ParsedTask, TaskEntryError, TaskFileResult } from './task-format.ts';
export { bucketNameProblem, keyProblem, MAX_KEY_BYTES } from './s3-names.ts';
export { findS3Uris, looksLikeS3Uri, parseS3Uri, resolveReferences } from './s3-references.ts';
export type { S3Ref } from './s3-references.ts';
export { checkObjectAccess, checkUriAccess } from './scope-guard.ts';
export type { AccessDecision, AccessPurpose } from './scope-guard.ts';
export {
  annotationKey,
  annotationOwner,
  isOwnedBy,
  newAnnotation,
  newAnnotationId,
  newTaskExport,
  parseTaskExport,
  serializeTaskExport,
  TaskExportSchema,
  validateTaskExport,
} from './annotation-export.ts';
export type { Annotation, ResultItem, TaskExport } from './annotation-export.ts';
export { mergeTaskExport } from './annotation-merge.ts';
export type { AnnotationConflict, MergeResult } from './annotation-merge.ts';
export { taskState } from './task-state.ts';
export type { TaskState, TaskStateName } from './task-state.ts';
export { claimKey, CLOCK_SKEW_MS, decideClaim, LEASE_DEFAULT_MS, newLease } from './claims.ts';
export type { ClaimDecision, ExistingLease, Lease } from './claims.ts';
