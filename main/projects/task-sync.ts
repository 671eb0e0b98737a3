/**
 * The task list: listing S3 into the project's local index (first page at once, the rest streamed as
 * progress events) and serving it back in pages, with each row's state.
 */
import type { SyncProgress } from '../../preload/contract.ts';
import { presentError } from '../ipc/presentable-errors.ts';
import { createLogger } from '../log.ts';
import { syncProjectIndex } from '../storage/index.ts';
import type { ProjectServices } from './project-services.ts';

const log = createLogger('projects');

export class TaskSync {
  readonly #running = new Map<ProjectServices, Promise<void>>();
  readonly #emit: (progress: SyncProgress) => void;

  readonly #listed: (services: ProjectServices) => void;

  /** `listed` runs after each completed listing (the catalog reads new task files then). */
  constructor(emit: (progress: SyncProgress) => void, listed: (services: ProjectServices) => void) {
    this.#emit = emit;
    this.#listed = listed;
  }

  isRunning(services: ProjectServices): boolean {
    return this.#running.has(services);
  }

  /** Lists into the index; resolves once the first page is in, the rest streams as progress events. */
  async sync(services: ProjectServices, allProjects: ProjectServices['project'][], full: boolean) {
    const { index, project } = services;
    const projectId = project.id;
    // A full re-list asked for while an incremental one runs starts when that one ends.
    if (full && this.#running.has(services)) await this.#running.get(services)!.catch(() => undefined);
    if (this.#running.has(services)) return { projectId, listed: index.count(), done: false };

    let firstPage!: () => void;
    const first = new Promise<void>((resolve) => (firstPage = resolve));
    let lastEmit = 0;
    const run = syncProjectIndex(project, services.s3, index, allProjects, {
      mode: full ? 'full' : 'incremental',
      onPage: (_rows, progress) => {
        firstPage();
        // A few events a second at most, however fast the pages come.
        if (!progress.done && Date.now() - lastEmit < 250) return;
        lastEmit = Date.now();
        this.#emit({ projectId, listed: index.count(), done: false });
      },
    });
    const running = run
      .then(async () => {
        await services.target
          .refresh()
          .catch((error: unknown) => log.warn('could not read task states:', error));
        this.#listed(services);
        this.#emit({ projectId, listed: index.count(), done: true });
      })
      .catch((error: unknown) => {
        // Events go through the same presentable-error mapping as replies: no raw message reaches a person.
        this.#emit({
          projectId,
          listed: index.count(),
          done: true,
          error: presentError(
            error,
            {
              code: 'STORAGE_FAILED',
              message: 'Listing the tasks failed. Details are in the log; try Refresh.',
            },
            'listing failed',
          ),
        });
        throw error;
      })
      .finally(() => this.#running.delete(services));
    this.#running.set(services, running);
    let finished = false;
    const settled = running.finally(() => (finished = true));
    // The first page, or the listing's own failure (then the error goes to the caller too).
    await Promise.race([first, settled]);
    return { projectId, listed: index.count(), done: finished };
  }
}
