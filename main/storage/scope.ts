/**
 * The scope guard (main/tasks/scope-guard.ts) as the storage services use it: every object is checked
 * before a request is made or a URL is signed, and a refusal is thrown as the guard's TaskError.
 */
import type { Project } from '../tasks/index.ts';
import { checkObjectAccess, type AccessPurpose } from '../tasks/index.ts';

export function assertAccess(
  projects: readonly Project[],
  object: { bucket: string; key: string },
  purpose: AccessPurpose,
): Project {
  const decision = checkObjectAccess(projects, object, purpose);
  if (!decision.ok) throw decision.error;
  return decision.project;
}

/** Listing the task prefix: allowed when an object under it could be read. */
export function assertListAccess(projects: readonly Project[], project: Project): void {
  assertAccess(projects, { bucket: project.bucket, key: `${project.taskPrefix}_` }, 'read');
}
