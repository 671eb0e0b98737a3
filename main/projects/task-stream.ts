/**
 * "Label all tasks": the next task after a position, across task files in key order (files not read
 * yet are read on the way), passing over finished tasks, unreadable files, and tasks someone else
 * holds (only opening knows that for sure: the list's "claimed" is a guess from lease objects).
 */
import type { OpenedTask } from '../../preload/contract.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import type { ProjectServices } from './project-services.ts';
import type { TaskFiles } from './task-files.ts';

const log = createLogger('projects');
/** How many tasks "next" looks at before saying there is nothing left (each costs a few small reads). */
const NEXT_CANDIDATES = 200;

export async function nextTask(
  deps: {
    services: ProjectServices;
    files: TaskFiles;
    open: (key: string, index: number) => Promise<OpenedTask>;
  },
  after?: { key: string; index: number },
): Promise<OpenedTask | null> {
  const { services, files } = deps;
  const catalog = files.catalog(services.project.id);
  const isAfter = (key: string, index: number) =>
    !after || key > after.key || (key === after.key && index > after.index);
  let looked = 0;
  for (let i = 0; looked < NEXT_CANDIDATES; i++) {
    const row = catalog.rows(services.index)[i];
    if (!row) return null;
    if (!row.known) {
      const listed = services.index.get(row.key);
      if (listed) {
        const read = await files.read(services, row.key, listed.etag).catch((error: unknown) => {
          // One unreadable file (empty, not JSON) must not end the stream.
          if (!(error instanceof AppError)) throw error;
          log.warn(`the stream passed over ${row.key}: ${error.code}`);
          return null;
        });
        if (!read) continue;
      }
      // The file's tasks now stand where its single row stood: look at this position again.
      if (catalog.rows(services.index)[i]?.known) {
        i--;
        continue;
      }
    }
    if (!isAfter(row.key, row.index)) continue;
    const state = services.target.state(row.taskId);
    if (state === 'done' || state === 'done-by-me' || state === 'skipped-by-me') continue;
    looked++;
    let opened: OpenedTask;
    try {
      opened = await deps.open(row.key, row.index);
    } catch (error) {
      // One unreadable task (a bad line) must not end the stream.
      if (!(error instanceof AppError)) throw error;
      log.warn(`the stream passed over ${row.key} #${row.index}: ${error.code}`);
      continue;
    }
    if (opened.access.mode === 'edit') return opened;
    // Taken meanwhile, done, or view only: nothing of it is held; look further.
  }
  return null;
}
