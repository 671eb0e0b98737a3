import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogSinks, type LogSink } from '../../main/log.ts';
import { createPresigner, createTaskReader, StorageError, type Presigner } from '../../main/storage/index.ts';
import { TaskError, type Project } from '../../main/tasks/index.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import {
  adminClient,
  credentialSource,
  project,
  projectsFor,
  putAsAdmin,
  rejection,
  storageClient,
  type CountingClient,
} from './helpers.ts';

let lab: Lab;
let projectsA: Project[];
let client: CountingClient;
let presigner: Presigner;
let reader: ReturnType<typeof createTaskReader>;

beforeAll(async () => {
  lab = await startLab({ idp: 'node', data: 'sample' });
  const role = lab.roles.visionAnnotator;
  projectsA = projectsFor(lab, role, [
    // A single-object JSON task whose data nests s3:// references at several depths.
    {
      id: 'nested',
      roles: [role.arn],
      taskPrefix: 'team-vision/nested/tasks/',
      targetPrefix: 'team-vision/nested/annotations/',
      mediaPrefixes: ['team-vision/shapes-boxes/media/'],
      presignTtlSeconds: 300,
    },
  ]);
  const admin = adminClient(lab);
  const media = (n: number) => `s3://${lab.s3.bucket}/team-vision/shapes-boxes/media/scene-${n}.png`;
  await putAsAdmin(
    admin,
    lab.s3.bucket,
    'team-vision/nested/tasks/one.json',
    JSON.stringify({
      data: {
        image: media(1),
        pages: [{ thumb: media(2), meta: { full: media(1) } }],
        caption: 'see s3://x/y',
      },
    }),
  );
  admin.destroy();
  client = storageClient(lab, credentialSource(lab, role));
  presigner = createPresigner({ s3: client.s3, projects: projectsA });
  reader = createTaskReader({ s3: client.s3, projects: projectsA, presigner });
});

afterAll(async () => {
  client?.s3.destroy();
  await lab?.close();
});

describe('task files in every import mode', () => {
  it('reads a JSON array of tasks (shapes-boxes)', async () => {
    const p = project(projectsA, 'shapes-boxes');
    const { tasks, errors } = await reader.readTasks(p, `${p.taskPrefix}tasks.json`);
    expect(errors).toEqual([]);
    expect(tasks.map((t) => t.lsId)).toEqual([1, 2, 3, 4]);
    expect(new Set(tasks.map((t) => t.taskId)).size).toBe(4);
    expect(tasks[0]?.data.image).toBe(`s3://${lab.s3.bucket}/team-vision/shapes-boxes/media/scene-1.png`);
  });

  it('reads JSONL, one task a line (shapes-keypoints)', async () => {
    const p = project(projectsA, 'shapes-keypoints');
    const { tasks } = await reader.readTasks(p, `${p.taskPrefix}tasks.jsonl`);
    expect(tasks).toHaveLength(2);
    expect(tasks.map((t) => t.index)).toEqual([0, 1]);
  });

  it('reads a single JSON task object', async () => {
    const p = project(projectsA, 'nested');
    const { tasks } = await reader.readTasks(p, `${p.taskPrefix}one.json`);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.index).toBeUndefined();
  });

  it('builds the task from the key in "files" mode without downloading the object', async () => {
    const p = project(projectsA, 'shapes-polygons');
    const before = client.requests.get('GetObjectCommand') ?? 0;
    const key = `${p.taskPrefix}scene-5.png`;
    const { tasks } = await reader.readTasks(p, key);
    expect(tasks[0]?.data).toEqual({ image: `s3://${lab.s3.bucket}/${key}` });
    // Only the labeling config (once, cached) was read, never the PNG.
    expect((client.requests.get('GetObjectCommand') ?? 0) - before).toBeLessThanOrEqual(1);
    await reader.readTasks(p, `${p.taskPrefix}scene-6.png`);
    expect((client.requests.get('GetObjectCommand') ?? 0) - before).toBeLessThanOrEqual(1);
  });

  it('refuses a task file over the size cap before reading it', async () => {
    const small = createTaskReader({ s3: client.s3, projects: projectsA, presigner, maxTaskFileBytes: 100 });
    const p = project(projectsA, 'shapes-boxes');
    const error = await rejection(small.readTasks(p, `${p.taskPrefix}tasks.json`));
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe('STORAGE_TOO_LARGE');
  });
});

describe('s3:// references become presigned URLs', () => {
  it('resolves nested references into URLs that download the bytes, leaving the task untouched', async () => {
    const p = project(projectsA, 'nested');
    const { tasks } = await reader.readTasks(p, `${p.taskPrefix}one.json`);
    const task = tasks[0]!;
    const resolved = (await reader.resolveTaskData(task)) as {
      image: string;
      pages: { thumb: string; meta: { full: string } }[];
      caption: string;
    };
    expect(task.data.image).toMatch(/^s3:\/\//);
    expect(resolved.caption).toBe('see s3://x/y');
    expect(resolved.image).toBe(resolved.pages[0]?.meta.full);
    for (const url of [resolved.image, resolved.pages[0]!.thumb]) {
      expect(url).toMatch(/X-Amz-Signature=/);
      const response = await fetch(url);
      expect(response.status).toBe(200);
      // Signed into the URL, so no browser cache keeps the media (or the URL) past sign-out.
      expect(response.headers.get('cache-control')).toBe('no-store');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('serves a cached URL on a second ask without signing again', async () => {
    const ref = { bucket: lab.s3.bucket, key: 'team-vision/shapes-boxes/media/scene-3.png' };
    const first = await presigner.presign(ref);
    const second = await presigner.presign(ref);
    expect(second.url).toBe(first.url);
    presigner.invalidate(ref.bucket, ref.key);
    await new Promise((r) => setTimeout(r, 1100)); // X-Amz-Date has 1 s resolution
    expect((await presigner.presign(ref)).url).not.toBe(first.url);
  });

  it('re-signs after an expired URL answered 403', async () => {
    const ref = { bucket: lab.s3.bucket, key: 'team-vision/shapes-boxes/media/scene-4.png' };
    const { url } = await presigner.presignUri(`s3://${ref.bucket}/${ref.key}`);
    expect((await fetch(url)).status).toBe(200);
    // The media belongs to shapes-boxes (TTL 900 s): S3's clock moves past it, and past the SDK's
    // 5-minute skew threshold, so only a re-sign on S3's time (learned by recover's HEAD) is valid.
    lab.clock.advance(1000);
    try {
      expect((await fetch(url)).status).toBe(403);
      const fresh = await presigner.recover(ref);
      expect(fresh.url).not.toBe(url);
      expect((await fetch(fresh.url)).status).toBe(200);
    } finally {
      lab.clock.reset();
    }
  });

  it('never logs a presigned URL or its signature, even on failures', async () => {
    const lines: string[] = [];
    const previous = setLogSinks([(line: Parameters<LogSink>[0]) => void lines.push(line.message)]);
    try {
      const ok = await presigner.presign({
        bucket: lab.s3.bucket,
        key: 'team-vision/shapes-boxes/media/scene-2.png',
      });
      const gone = { bucket: lab.s3.bucket, key: 'team-vision/shapes-boxes/media/gone.png' };
      // S3 answers a HEAD on a missing key with 403 when the policy's s3:ListBucket does not cover
      // the object itself (here: only with an s3:prefix condition), as AWS does.
      expect((await rejection(presigner.recover(gone))).code).toBe('STORAGE_ACCESS_DENIED');
      lab.clock.advance(1000);
      await presigner.recover({ bucket: lab.s3.bucket, key: 'team-vision/shapes-boxes/media/scene-2.png' });
      const signature = new URL(ok.url).searchParams.get('X-Amz-Signature')!;
      expect(lines.join('\n')).not.toContain(signature);
      expect(lines.join('\n')).not.toMatch(/X-Amz-(Signature|Credential|Security-Token)|https?:\/\//);
    } finally {
      lab.clock.reset();
      setLogSinks(previous);
    }
  });

  it("refuses role B's prefix before any request, in reads and presigns alike", async () => {
    const before = client.total();
    const language = `s3://${lab.s3.bucket}/team-language/call-segments/media/call-1.wav`;
    const presignError = await rejection(presigner.presignUri(language));
    expect(presignError).toBeInstanceOf(TaskError);
    expect(presignError.code).toBe('KEY_OUTSIDE_PROJECT');
    // Task data pointing there is refused as a whole: nothing half-resolved.
    const p = project(projectsA, 'nested');
    const hostile = {
      taskId: 'x-0123456789abcdef',
      sourceKey: 'k',
      data: { a: 'ok', b: language },
      extra: {},
    };
    expect((await rejection(reader.resolveTaskData(hostile))).code).toBe('KEY_OUTSIDE_PROJECT');
    expect((await rejection(reader.readTasks(p, 'team-language/news-ner/tasks/0001.json'))).code).toBe(
      'KEY_OUTSIDE_PROJECT',
    );
    expect(client.total()).toBe(before);
  });
});
