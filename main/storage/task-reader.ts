/**
 * Tasks as the annotator opens them. "tasks" mode: the task file is read through the SDK (size-capped,
 * so a stray 2 GB object cannot exhaust memory) and parsed into one or more tasks; "files" mode: the
 * object itself is the task and nothing is downloaded. Task data keeps its s3:// URIs; the renderer
 * gets a resolved copy with presigned URLs, built on request.
 */
import {
  fileModeField,
  parseLabelingConfig,
  parseTaskFile,
  resolveReferences,
  taskFromObjectKey,
  type LabelingConfigSummary,
  type ParsedTask,
  type Project,
  type TaskFileResult,
} from '../tasks/index.ts';
import type { Presigner } from './presigner.ts';
import type { CallOptions, StorageS3 } from './s3-client.ts';
import { assertAccess } from './scope.ts';

export const MAX_TASK_FILE_BYTES = 20 * 1024 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface TaskReaderOptions {
  s3: StorageS3;
  projects: readonly Project[];
  presigner: Presigner;
  maxTaskFileBytes?: number;
}

export interface LabelingConfig {
  xml: string;
  summary: LabelingConfigSummary;
}

export interface TaskReader {
  /** The project's labeling config (inline, or read from its s3Key once and cached). */
  labelingConfig(project: Project, options?: CallOptions): Promise<LabelingConfig>;
  /** The tasks of one listed object; bad entries are reported beside the good tasks. */
  readTasks(project: Project, key: string, options?: CallOptions): Promise<TaskFileResult>;
  /** A copy of the task's data with every s3:// reference replaced by a presigned GET URL. */
  resolveTaskData(task: ParsedTask): Promise<Record<string, unknown>>;
}

export function createTaskReader(options: TaskReaderOptions): TaskReader {
  const { s3, projects, presigner } = options;
  const maxBytes = options.maxTaskFileBytes ?? MAX_TASK_FILE_BYTES;
  const configs = new Map<string, Promise<LabelingConfig>>();

  async function loadConfig(project: Project, o?: CallOptions): Promise<LabelingConfig> {
    const source = project.labelingConfig;
    let xml: string;
    if ('inline' in source) xml = source.inline;
    else {
      assertAccess(projects, { bucket: project.bucket, key: source.s3Key }, 'read');
      xml = (
        await s3.getText({ Bucket: project.bucket, Key: source.s3Key }, { ...o, maxBytes: MAX_CONFIG_BYTES })
      ).text;
    }
    return { xml, summary: parseLabelingConfig(xml) };
  }

  const labelingConfig = (project: Project, o?: CallOptions): Promise<LabelingConfig> => {
    const cacheKey = `${project.id}\u0000${project.bucket}\u0000${JSON.stringify(project.labelingConfig)}`;
    let pending = configs.get(cacheKey);
    if (!pending) {
      pending = loadConfig(project, o);
      configs.set(cacheKey, pending);
      pending.catch(() => configs.delete(cacheKey));
    }
    return pending;
  };

  return {
    labelingConfig,
    async readTasks(project, key, o) {
      assertAccess(projects, { bucket: project.bucket, key }, 'read');
      if (project.importMode === 'files') {
        const field = fileModeField((await labelingConfig(project, o)).summary);
        return { tasks: [taskFromObjectKey(project.bucket, key, field)], errors: [] };
      }
      const object = await s3.getText({ Bucket: project.bucket, Key: key }, { ...o, maxBytes });
      return parseTaskFile(key, object.text);
    },
    resolveTaskData: (task) =>
      resolveReferences(task.data, async (ref) => (await presigner.presign(ref)).url),
  };
}
