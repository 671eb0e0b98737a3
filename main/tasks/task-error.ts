/**
 * Errors of the tasks feature. Each code names one situation an annotator or IT can act on; messages
 * name the key, line or field at fault and never carry credentials or presigned URLs.
 */
import { AppError } from '../errors.ts';
import type { KeyProblemCode } from './s3-names.ts';

export type TaskErrorCode =
  // Project configuration (IT's managed file or the user's).
  | 'CONFIG_INVALID'
  // Labeling config XML.
  | 'LABELING_CONFIG_INVALID'
  | 'LABELING_CONFIG_NO_DATA_FIELD'
  // Task files in S3.
  | 'TASK_FILE_INVALID'
  | 'TASK_ID_INVALID'
  // s3:// references and the scope guard.
  | 'S3_URI_INVALID'
  | 'SCHEME_NOT_ALLOWED'
  | 'BUCKET_NAME_INVALID'
  | KeyProblemCode
  | 'NO_PROJECT_FOR_ROLE'
  | 'BUCKET_NOT_IN_PROJECT'
  | 'KEY_OUTSIDE_PROJECT'
  | 'WRITE_OUTSIDE_TARGET'
  // Annotation documents.
  | 'EXPORT_INVALID';

export class TaskError extends AppError<TaskErrorCode> {
  constructor(code: TaskErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'TaskError';
  }
}

/** Quotes a user-supplied value for a message: bounded; JSON escaping makes control characters visible. */
export function quote(value: string, max = 120): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}
