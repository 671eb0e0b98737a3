/**
 * The main process's last check before an S3 call or a presign: the object must belong to a project the
 * current role may open, under a prefix that project declares, and writes only under its target prefix.
 * The renderer never chooses a bucket or key this does not approve, whatever task data says.
 */
import type { Project } from './project-config.ts';
import { bucketNameProblem, keyProblem } from './s3-names.ts';
import { parseS3Uri } from './s3-references.ts';
import type { TaskErrorCode } from './task-error.ts';
import { quote, TaskError } from './task-error.ts';

export type AccessPurpose = 'read' | 'write';

export type AccessDecision = { ok: true; project: Project } | { ok: false; error: TaskError };

/**
 * Read: the task prefix, the target prefix (annotations, leases), the declared media prefixes and the
 * labeling config's own key. Write: the target prefix only. `projects` are those of the current role.
 */
export function checkObjectAccess(
  projects: readonly Project[],
  object: { bucket: string; key: string },
  purpose: AccessPurpose,
): AccessDecision {
  const { bucket, key } = object;
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) return deny('BUCKET_NAME_INVALID', `Bucket name ${quote(bucket)} ${bucketProblem}.`);
  const problem = keyProblem(key);
  if (problem) return deny(problem.code, `S3 key ${quote(key)} ${problem.reason}.`);
  if (projects.length === 0)
    return deny(
      'NO_PROJECT_FOR_ROLE',
      'The role you signed in with may not open any project; ask IT which role to choose.',
    );
  const inBucket = projects.filter((p) => p.bucket === bucket);
  if (inBucket.length === 0)
    return deny(
      'BUCKET_NOT_IN_PROJECT',
      `Bucket ${quote(bucket)} does not belong to any project open to your role.`,
    );
  for (const project of inBucket) {
    if (allowedPrefixes(project, purpose).some((prefix) => key.startsWith(prefix)))
      return { ok: true, project };
    if (purpose === 'read' && 's3Key' in project.labelingConfig && project.labelingConfig.s3Key === key)
      return { ok: true, project };
  }
  if (purpose === 'write')
    return deny(
      'WRITE_OUTSIDE_TARGET',
      `The app writes only under a project's annotation prefix; ${quote(key)} in ${quote(bucket)} is outside it.`,
    );
  return deny(
    'KEY_OUTSIDE_PROJECT',
    `${quote(key)} in ${quote(bucket)} is outside the prefixes of your projects; IT can add its prefix to the project's mediaPrefixes.`,
  );
}

/** The same check for a reference found in task data; other schemes and malformed URIs are refused. */
export function checkUriAccess(
  projects: readonly Project[],
  uri: string,
  purpose: AccessPurpose,
): AccessDecision {
  try {
    return checkObjectAccess(projects, parseS3Uri(uri), purpose);
  } catch (error) {
    if (error instanceof TaskError) return { ok: false, error };
    throw error;
  }
}

function allowedPrefixes(project: Project, purpose: AccessPurpose): string[] {
  if (purpose === 'write') return [project.targetPrefix];
  // An empty task prefix means the whole bucket is the project's.
  return [project.taskPrefix, project.targetPrefix, ...project.mediaPrefixes];
}

function deny(code: TaskErrorCode, message: string): AccessDecision {
  return { ok: false, error: new TaskError(code, message) };
}
