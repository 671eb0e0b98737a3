/**
 * What the prefetch keeps for offline work: the task open and the next `size` tasks of its stream
 * (the order "Label all tasks" follows, finished tasks passed over), each with the S3 objects its
 * data references inside the project's scope. Reading a task file here also keeps it offline
 * (TaskFiles persists what it reads).
 */
import { createLogger } from '../log.ts';
import type { MediaTarget } from '../media/media-ids.ts';
import type { PrefetchTask } from '../media/prefetch.ts';
import { assertAccess } from '../storage/scope.ts';
import { findS3Uris, parseS3Uri } from '../tasks/index.ts';
import type { ProjectServices } from './project-services.ts';
import type { TaskFiles } from './task-files.ts';

const log = createLogger('projects');
/** Rows looked at from the open task on before the plan is cut short (each unknown file costs one read). */
export const MAX_ROWS = 500;

export async function prefetchPlan(
  deps: { services: ProjectServices; files: TaskFiles },
  from: { key: string; index: number },
  size: number,
  signal: AbortSignal,
): Promise<PrefetchTask[]> {
  const { services, files } = deps;
  const catalog = files.catalog(services.project.id);
  const atOrAfter = (key: string, index: number) =>
    key > from.key || (key === from.key && index >= from.index);
  // The open task's row first (a memory scan, no read), so rows before it never count toward MAX_ROWS.
  const rows = catalog.rows(services.index);
  let start = rows.findIndex((r) => r.key === from.key && r.index === from.index);
  if (start < 0) {
    const after = rows.findIndex((r) => atOrAfter(r.key, r.index));
    start = after < 0 ? rows.length : after;
  }
  const plan: PrefetchTask[] = [];
  for (
    let i = start, looked = 0;
    looked < MAX_ROWS && plan.length <= size && !signal.aborted;
    i++, looked++
  ) {
    const row = catalog.rows(services.index)[i];
    if (!row) break;
    if (!atOrAfter(row.key, row.index)) continue;
    const listed = services.index.get(row.key);
    if (!listed) continue;
    const file = await files.read(services, row.key, listed.etag).catch((error: unknown) => {
      log.warn(`prefetch passed over ${row.key}:`, error);
      return null;
    });
    if (!file) continue;
    // The file's tasks now stand where its single row stood: look at this position again.
    if (!row.known && catalog.rows(services.index)[i]?.known) {
      i--;
      looked--;
      continue;
    }
    const isOpen = row.key === from.key && row.index === from.index;
    const state = services.target.state(row.taskId);
    if (!isOpen && (state === 'done' || state === 'done-by-me' || state === 'skipped-by-me')) continue;
    const task = file.tasks[row.index];
    if (!task) continue;
    plan.push({ objects: objectsOf(services, task.data) });
  }
  return plan;
}

function objectsOf(services: ProjectServices, data: unknown) {
  const objects: MediaTarget[] = [];
  for (const uri of findS3Uris(data)) {
    try {
      const ref = parseS3Uri(uri);
      assertAccess([services.project], ref, 'read');
      objects.push({ projectId: services.project.id, bucket: ref.bucket, key: ref.key });
    } catch {
      // Outside the scope: the open shows it as missing; nothing to keep.
    }
  }
  return objects;
}
