/**
 * What the app has read of a project's S3 objects, kept so nothing is read twice: the labeling config
 * (parsed as Label Studio reads it), the last few task files (once per ETag the index knows: "next
 * task" in a big JSONL file must not fetch it again) and, per project, the catalog of the tasks inside
 * each file. Small projects get every task file read after a listing, so the list shows tasks.
 */
import { LabelingConfigError } from '../../core/labeling/labeling-config-error.ts';
import type { LabelingConfig } from '../../core/labeling/config-model.ts';
import { parseLabelingConfig } from '../../core/labeling/parse-config.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import type { MediaPort } from '../media/media-service.ts';
import { isUnreachable } from '../media/unreachable.ts';
import type { IndexRow } from '../storage/index.ts';
import { targetTaskId, type TaskFileResult } from '../tasks/index.ts';
import type { ProjectServices } from './project-services.ts';
import { TaskCatalog } from './task-catalog.ts';

const log = createLogger('projects');
const cachedFiles = 4;
/** Projects with at most this many task files get every file read after a listing (tasks, not files). */
const EXPAND_FILES_MAX = 2_000;
const EXPAND_CONCURRENCY = 4;

export class TaskFiles {
  readonly #files = new Map<string, { etag: string; read: Promise<TaskFileResult> }>();
  readonly #configs = new Map<string, Promise<LabelingConfig>>();
  readonly #catalogs = new Map<string, TaskCatalog>();
  /** The offline cache: task files and configs read once are kept there (sealed), for offline opens. */
  readonly #kept: Pick<MediaPort, 'taskFile' | 'config'> | undefined;

  constructor(kept?: Pick<MediaPort, 'taskFile' | 'config'>) {
    this.#kept = kept;
  }

  /** The project's labeling config, parsed once per config source (offline: the one kept here). */
  config(services: ProjectServices): Promise<LabelingConfig> {
    const { project } = services;
    const cacheKey = `${project.id}\u0000${JSON.stringify(project.labelingConfig)}`;
    let pending = this.#configs.get(cacheKey);
    if (!pending) {
      const kept = this.#kept;
      const xml = services.reader.labelingConfig(project).then(
        ({ xml }) => {
          if (!('inline' in project.labelingConfig))
            void kept?.config.save(project.id, project.labelingConfig, xml);
          return xml;
        },
        async (error: unknown) => {
          const offline = isUnreachable(error)
            ? await kept?.config.load(project.id, project.labelingConfig)
            : null;
          if (offline) return offline;
          throw error;
        },
      );
      pending = xml.then((xml) => {
        try {
          return parseLabelingConfig(xml);
        } catch (error) {
          // core/ is pure and cannot know main's error classes: its message is written for people.
          if (error instanceof LabelingConfigError)
            throw new AppError(
              error.code,
              `The labeling config of "${services.project.name}": ${error.message}`,
            );
          throw error;
        }
      });
      this.#configs.set(cacheKey, pending);
      pending.catch(() => this.#configs.delete(cacheKey));
    }
    return pending;
  }

  /** A task file, read once per ETag the index knows (a changed file is listed with a new ETag). */
  read(services: ProjectServices, key: string, etag: string): Promise<TaskFileResult> {
    const cacheKey = `${services.project.id}\u0000${key}`;
    const cached = this.#files.get(cacheKey);
    if (cached?.etag === etag) return cached.read;
    // A file at one ETag never changes: the copy kept on this computer is as good as S3's.
    const kept = this.#kept;
    const projectId = services.project.id;
    const fetched = (async () => {
      const offline = await kept?.taskFile.load(projectId, key, etag);
      if (offline) return offline;
      const file = await services.reader.readTasks(services.project, key);
      await kept?.taskFile.save(projectId, key, etag, file);
      return file;
    })();
    const read = fetched.then((file) => {
      // Label Studio's own id names the annotation file when the task has one.
      const tasks = file.tasks.map((task) => ({ ...task, taskId: targetTaskId(task.lsId, task.taskId) }));
      this.catalog(services.project.id).learn(
        key,
        etag,
        tasks.map((task, i) => ({ index: i, taskId: task.taskId })),
      );
      return { ...file, tasks };
    });
    this.#files.delete(cacheKey);
    this.#files.set(cacheKey, { etag, read });
    read.catch(() => this.#files.delete(cacheKey));
    // Keep the few most recent files (Map order is insertion order).
    while (this.#files.size > cachedFiles) this.#files.delete(this.#files.keys().next().value!);
    return read;
  }

  catalog(projectId: string): TaskCatalog {
    let catalog = this.#catalogs.get(projectId);
    if (!catalog) this.#catalogs.set(projectId, (catalog = new TaskCatalog()));
    return catalog;
  }

  /**
   * After a listing, small projects get every task file read, so the list shows tasks, not files.
   * Resolves true when something was read (the window then reads its pages again).
   */
  async expand(services: ProjectServices): Promise<boolean> {
    if (services.project.importMode !== 'tasks') return false;
    const count = services.index.count();
    if (count > EXPAND_FILES_MAX) return false;
    const catalog = this.catalog(services.project.id);
    const pending: IndexRow[] = [];
    for (let offset = 0; offset < count; offset += 500)
      pending.push(...services.index.page(offset, 500).filter((row) => !catalog.knows(row)));
    if (pending.length === 0) return false;
    const worker = async () => {
      for (let row = pending.shift(); row; row = pending.shift())
        await this.read(services, row.key, row.etag).catch((error: unknown) =>
          log.warn(`could not read ${row.key}:`, error),
        );
    };
    await Promise.all(Array.from({ length: EXPAND_CONCURRENCY }, worker));
    return true;
  }

  clear(): void {
    this.#files.clear();
    this.#configs.clear();
    this.#catalogs.clear();
  }
}
