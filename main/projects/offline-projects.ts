/**
 * The projects' offline side, joined to the facade (projects-service.ts): small projects' task files
 * read (or taken from the offline cache) after a listing, or when a listing finds S3 out of reach
 * (the list still shows tasks, after a restart too), and the prefetch of the open task and the next
 * ones of its stream into the offline cache.
 */
import type { SyncProgress } from '../../preload/contract.ts';
import type { MediaPort } from '../media/media-service.ts';
import type { Prefetcher } from '../media/prefetch.ts';
import { isUnreachable } from '../media/unreachable.ts';
import { prefetchPlan } from './prefetch-plan.ts';
import type { ProjectServices } from './project-services.ts';
import type { TaskFiles } from './task-files.ts';

export interface OfflineProjectsOptions {
  files: TaskFiles;
  emitProgress(progress: SyncProgress): void;
  media?: MediaPort | undefined;
  prefetch?: Prefetcher | undefined;
  /** Tasks after the open one kept offline (default 10; 0: none). */
  prefetchSize?: number | undefined;
}

export class OfflineProjects {
  readonly #o: OfflineProjectsOptions;

  constructor(options: OfflineProjectsOptions) {
    this.#o = options;
  }

  /** Small projects' task files are read (or taken from the cache): the window then reads its pages again. */
  expand(services: ProjectServices): void {
    void this.#o.files.expand(services).then((read) => {
      if (read)
        this.#o.emitProgress({ projectId: services.project.id, listed: services.index.count(), done: true });
    });
  }

  /**
   * A listing failed. Offline: the opens that follow go straight to what this computer keeps, and
   * the task files kept here still show the list as tasks (after a restart too).
   */
  listingFailed(error: unknown, services: () => ProjectServices): void {
    if (!isUnreachable(error) || !this.#o.media) return;
    this.#o.media.markUnreachable();
    this.expand(services());
  }

  /** The open task and the next ones of its stream go into the offline cache (never awaited). */
  prefetchFrom(roleKey: string, services: ProjectServices, from: { key: string; index: number }): void {
    const { prefetch, files } = this.#o;
    const size = this.#o.prefetchSize ?? 10;
    if (!prefetch || size <= 0) return;
    void prefetch.start(roleKey, (signal) => prefetchPlan({ services, files }, from, size, signal));
  }

  /** Sign-out or another role: the prefetch stops (what it kept stays until the cache is wiped). */
  cancel(): void {
    this.#o.prefetch?.cancel();
  }
}
