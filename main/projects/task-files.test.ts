import { describe, expect, it } from 'vitest';
import type { MediaPort } from '../media/media-service.ts';
import { StorageError } from '../storage/storage-errors.ts';
import type { TaskFileResult } from '../tasks/index.ts';
import type { ProjectServices } from './project-services.ts';
import { TaskFiles } from './task-files.ts';

const XML =
  '<View><Text name="text" value="$text"/><Choices name="c" toName="text"><Choice value="A"/></Choices></View>';
const FILE: TaskFileResult = {
  tasks: [{ taskId: 't1', sourceKey: 'tasks/a.json', index: 0, data: { text: 'hello' }, extra: {} }] as never,
  errors: [],
};

/** A copy kept in memory, as the media service keeps it in the sealed cache. */
function keptStore() {
  const files = new Map<string, TaskFileResult>();
  const configs = new Map<string, string>();
  const kept: Pick<MediaPort, 'taskFile' | 'config'> = {
    taskFile: {
      load: async (p, k, e) => files.get(`${p}/${k}/${e}`) ?? null,
      save: async (p, k, e, f) => void files.set(`${p}/${k}/${e}`, f),
    },
    config: {
      load: async (p, s) => configs.get(`${p}/${JSON.stringify(s)}`) ?? null,
      save: async (p, s, x) => void configs.set(`${p}/${JSON.stringify(s)}`, x),
    },
  };
  return { kept, files, configs };
}

function services(s3: { online: boolean; reads: number }) {
  const unreachable = () => new StorageError('STORAGE_OFFLINE', 'S3 cannot be reached');
  return {
    project: { id: 'p1', name: 'P', importMode: 'tasks', labelingConfig: { s3Key: 'config.xml' } },
    reader: {
      labelingConfig: async () => {
        s3.reads++;
        if (!s3.online) throw unreachable();
        return { xml: XML, summary: {} };
      },
      readTasks: async () => {
        s3.reads++;
        if (!s3.online) throw unreachable();
        return FILE;
      },
    },
  } as unknown as ProjectServices;
}

describe('task files and configs kept for offline work', () => {
  it('a task file read once (per ETag) is read from the kept copy after a restart, with no S3', async () => {
    const store = keptStore();
    const s3 = { online: true, reads: 0 };
    const first = await new TaskFiles(store.kept).read(services(s3), 'tasks/a.json', '"e1"');
    expect(first.tasks[0]!.taskId).toBe('t1');
    expect(s3.reads).toBe(1);
    s3.online = false;
    // A new TaskFiles: what a restart has (nothing in memory).
    const again = await new TaskFiles(store.kept).read(services(s3), 'tasks/a.json', '"e1"');
    expect(again.tasks.map((t) => t.taskId)).toEqual(['t1']);
    expect(s3.reads).toBe(1);
    // Another ETag is another file: not kept, so S3 is asked (and is not there).
    await expect(new TaskFiles(store.kept).read(services(s3), 'tasks/a.json', '"e2"')).rejects.toThrow(
      StorageError,
    );
  });

  it('the labeling config comes from S3 while it answers, and from the kept copy when it cannot be reached', async () => {
    const store = keptStore();
    const s3 = { online: true, reads: 0 };
    const online = await new TaskFiles(store.kept).config(services(s3));
    expect(online.root).toBeDefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.configs.size).toBe(1);
    s3.online = false;
    const offline = await new TaskFiles(store.kept).config(services(s3));
    expect(offline).toEqual(online);
    // Without a kept copy the error is S3's, as before.
    await expect(new TaskFiles().config(services(s3))).rejects.toThrow(StorageError);
  });
});
