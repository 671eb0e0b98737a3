/**
 * A task's state for the list (done / done by me / claimed / open), from what every annotator can read
 * in the target prefix: the annotation document and the leases of its overlap slots. Asked for the
 * rows on screen only (the list is virtualized), never for all 100k objects at once.
 */
import { taskState, type Lease, type Project, type TaskState } from '../tasks/index.ts';
import type { AnnotationStore, StoredExport } from './annotation-store.ts';
import type { ClaimsStore } from './claims-store.ts';

export interface TaskStatus extends TaskState {
  /** The document read, so opening the task does not read it again. */
  stored: StoredExport | null;
}

export async function loadTaskStatus(
  deps: { annotations: AnnotationStore; claims: ClaimsStore; me: string; now?: () => Date },
  project: Project,
  taskId: string,
): Promise<TaskStatus> {
  const slots = Array.from({ length: project.overlap }, (_, slot) => slot);
  const [stored, ...leases] = await Promise.all([
    deps.annotations.load(project, taskId),
    ...slots.map((slot) => deps.claims.read(project, taskId, slot)),
  ]);
  const valid = leases.map((l) => l?.lease).filter((l): l is Lease => l !== null && l !== undefined);
  const now = deps.now?.() ?? new Date();
  return { ...taskState(stored?.doc ?? null, valid, deps.me, now, project.overlap), stored };
}
