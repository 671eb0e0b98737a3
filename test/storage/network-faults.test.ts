/**
 * S3 on a bad day, through the fault proxy in front of the lab's S3: a server that never answers, a
 * reply that trickles or stops mid-body, 500 / 503 / SlowDown / resets. Nothing may hang: every call
 * ends by its timeouts in STORAGE_TIMEOUT, and transient failures are retried by the SDK's standard
 * strategy (backoff with jitter) through the app's HTTP handler. Timeouts are small here; the
 * defaults (10 s connect, 30 s first byte, 120 s total) are checked from the handler's config.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpHandler, DEFAULT_TIMEOUTS } from '../../main/net/http-handler.ts';
import { createAnnotationStore, StorageError } from '../../main/storage/index.ts';
import { newAnnotation, newTaskExport, taskIdFor, type Project } from '../../main/tasks/index.ts';
import { FAULTS, startFaultProxy, type FaultProxy } from '../lab/fault-proxy.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { LAB_BUCKET } from '../lab/organization.ts';
import {
  adminClient,
  ANNOTATOR_A,
  credentialSource,
  project,
  projectsFor,
  putAsAdmin,
  rejection,
  storageClient,
} from './helpers.ts';

let lab: Lab;
let proxy: FaultProxy;
let projects: Project[];
let p: Project;
const TASKS = 'team-vision/review/tasks/';
const figures: string[] = [];

beforeAll(async () => {
  lab = await startLab({ idp: 'node', data: 'sample' });
  proxy = await startFaultProxy(lab.s3.endpoint);
  const role = lab.roles.visionAnnotator;
  projects = projectsFor(lab, role, [
    {
      id: 'review',
      roles: [role.arn],
      taskPrefix: TASKS,
      targetPrefix: 'team-vision/review/annotations/',
    },
  ]);
  p = project(projects, 'review');
  const admin = adminClient(lab);
  for (const name of [...['1', '2', '3'], ...[0, 1, 2, 3].map((i) => `retry-${i}`)])
    await putAsAdmin(
      admin,
      lab.s3.bucket,
      `${TASKS}${name}.json`,
      JSON.stringify({ text: `task ${name}`.repeat(20) }),
    );
  admin.destroy();
});

afterAll(async () => {
  if (figures.length) console.log(`network-faults figures:\n  ${figures.join('\n  ')}`);
  await proxy?.close();
  await lab?.close();
});

beforeEach(() => proxy.clear());

function client(
  options: {
    timeouts?: { connectMs?: number; firstByteMs?: number; totalMs?: number };
    maxAttempts?: number;
  } = {},
) {
  return storageClient(lab, credentialSource(lab, lab.roles.visionAnnotator), {
    endpoint: proxy.endpoint,
    ...options,
  });
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: Math.round(performance.now() - started) };
}

const listing = { Bucket: LAB_BUCKET, Prefix: TASKS };
const seen = (file: string) => proxy.requests.filter((r) => r.path.endsWith(file)).length;

describe('timeouts: nothing hangs', () => {
  it('has the defaults in the handler every client uses, and throws (not warns) on a late first byte', async () => {
    const config = await (
      createHttpHandler() as unknown as { configProvider: Promise<Record<string, unknown>> }
    ).configProvider;
    expect(config).toMatchObject({
      connectionTimeout: DEFAULT_TIMEOUTS.connectMs,
      requestTimeout: DEFAULT_TIMEOUTS.firstByteMs,
      socketTimeout: DEFAULT_TIMEOUTS.firstByteMs,
      throwOnRequestTimeout: true,
    });
    expect(DEFAULT_TIMEOUTS).toEqual({ connectMs: 10_000, firstByteMs: 30_000, totalMs: 120_000 });
  });

  it('a server that never answers ends in STORAGE_TIMEOUT after the first-byte timeout of each attempt', async () => {
    const c = client({ timeouts: { firstByteMs: 300 }, maxAttempts: 2 });
    proxy.inject({ fault: { kind: 'never-answer' }, times: Infinity });
    const { value: error, ms } = await timed(rejection(c.s3.listObjectsV2(listing)));
    expect(error).toBeInstanceOf(StorageError);
    expect([error.code, (error as StorageError).retryable]).toEqual(['STORAGE_TIMEOUT', true]);
    expect(error.message).toMatch(/did not answer in time/);
    expect(error.message).toContain('"team-vision/review/tasks/"');
    // Two attempts of 300 ms plus the SDK's backoff; far from a hang.
    expect(c.requests.get('ListObjectsV2Command')).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(580);
    expect(ms).toBeLessThan(3_000);
    figures.push(`never-answer, first byte 300 ms x 2 attempts: STORAGE_TIMEOUT after ${ms} ms`);
    c.s3.destroy();
  });

  it('the total deadline ends a call the SDK would keep retrying', async () => {
    const c = client({ timeouts: { firstByteMs: 400, totalMs: 700 }, maxAttempts: 10 });
    proxy.inject({ fault: { kind: 'never-answer' }, times: Infinity });
    const { value: error, ms } = await timed(rejection(c.s3.listObjectsV2(listing)));
    expect(error.code).toBe('STORAGE_TIMEOUT');
    expect(error.message).toMatch(/did not finish in 1 s/);
    expect(ms).toBeGreaterThanOrEqual(690);
    expect(ms).toBeLessThan(1_700);
    figures.push(`never-answer, total 700 ms, 10 attempts allowed: STORAGE_TIMEOUT after ${ms} ms`);
    c.s3.destroy();
  });

  it('a trickling body (bytes keep coming, slowly) is cut by the total deadline', async () => {
    const key = `${TASKS}1.json`;
    const c = client({ timeouts: { firstByteMs: 2_000, totalMs: 800 }, maxAttempts: 1 });
    proxy.inject({
      fault: { kind: 'trickle', intervalMs: 50, bytesPerTick: 1 },
      match: (r) => r.path.endsWith('/1.json'),
    });
    const { value: error, ms } = await timed(
      rejection(c.s3.getText({ Bucket: LAB_BUCKET, Key: key }, { maxBytes: 1_000_000 })),
    );
    expect(error.code).toBe('STORAGE_TIMEOUT');
    expect(ms).toBeGreaterThanOrEqual(790);
    expect(ms).toBeLessThan(1_800);
    figures.push(`trickled body (1 byte / 50 ms), total 800 ms: STORAGE_TIMEOUT after ${ms} ms`);
    // Without the fault the same read works on the same client.
    expect(
      (await c.s3.getText({ Bucket: LAB_BUCKET, Key: key }, { maxBytes: 1_000_000 })).size,
    ).toBeGreaterThan(0);
    c.s3.destroy();
  });

  it('a body that stops mid-way ends by the socket silence timeout in STORAGE_TIMEOUT', async () => {
    const key = `${TASKS}2.json`;
    const c = client({ timeouts: { firstByteMs: 300 }, maxAttempts: 2 });
    proxy.inject({
      fault: { kind: 'stall-body', bytes: 3 },
      times: Infinity,
      match: (r) => r.path.endsWith('/2.json'),
    });
    const { value: error, ms } = await timed(
      rejection(c.s3.getText({ Bucket: LAB_BUCKET, Key: key }, { maxBytes: 1_000_000 })),
    );
    expect(error.code).toBe('STORAGE_TIMEOUT');
    expect(ms).toBeLessThan(3_000);
    figures.push(`body stalled after 3 bytes, first byte 300 ms: STORAGE_TIMEOUT after ${ms} ms`);
    c.s3.destroy();
  });

  it('a save against a stalled S3 fails with the timeout message instead of "Saving…" forever', async () => {
    const c = client({ timeouts: { firstByteMs: 250, totalMs: 1_000 }, maxAttempts: 2 });
    const store = createAnnotationStore({
      s3: c.s3,
      projects,
      me: ANNOTATOR_A,
      sleep: async () => undefined,
    });
    const key = `${TASKS}new.json`;
    const t = { taskId: taskIdFor(key), sourceKey: key, data: { text: 'x' }, extra: {} };
    proxy.inject({ fault: { kind: 'never-answer' }, times: Infinity, match: (r) => r.method === 'PUT' });
    const doc = {
      ...newTaskExport(t),
      annotations: [newAnnotation({ me: ANNOTATOR_A, result: [], now: new Date(), leadTimeSeconds: 1 })],
    };
    const { value: error, ms } = await timed(rejection(store.save(p, t.taskId, doc, null)));
    expect(error.code).toBe('STORAGE_TIMEOUT');
    expect(ms).toBeLessThan(2_000);
    figures.push(`save (PUT never answered), first byte 250 ms x 2: STORAGE_TIMEOUT after ${ms} ms`);
    c.s3.destroy();
  });

  it("a caller's own cancel still reads as cancelled, not as a timeout", async () => {
    const c = client({ timeouts: { firstByteMs: 5_000 } });
    proxy.inject({ fault: { kind: 'never-answer' }, times: Infinity });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(c.s3.listObjectsV2(listing, { signal: controller.signal }));
    expect(error.code).toBe('STORAGE_ABORTED');
    c.s3.destroy();
  });
});

describe('retries: transient failures are retried with backoff by the SDK', () => {
  const cases = [
    ['500 InternalError', FAULTS.internalError],
    ['503 ServiceUnavailable', FAULTS.serviceUnavailable],
    ['503 SlowDown', FAULTS.slowDown],
    ['a reset connection', { kind: 'reset' }],
  ] as const;
  for (const [i, [name, fault]] of cases.entries()) {
    it(`retries ${name} and succeeds`, async () => {
      const c = client();
      const file = `/retry-${i}.json`;
      proxy.inject({ fault, times: 2, match: (r) => r.path.endsWith(file) });
      const { value, ms } = await timed(
        c.s3.getText({ Bucket: LAB_BUCKET, Key: `${TASKS}${file.slice(1)}` }, { maxBytes: 1_000_000 }),
      );
      expect(JSON.parse(value.text)).toEqual({ text: `task retry-${i}`.repeat(20) });
      expect(seen(file)).toBe(3);
      expect(c.requests.get('GetObjectCommand')).toBe(3);
      figures.push(`${name} x2 then the answer: 3 attempts, ${ms} ms`);
      c.s3.destroy();
    });
  }

  it('gives up after maxAttempts of SlowDown with STORAGE_THROTTLED (retryable)', async () => {
    const c = client({ maxAttempts: 3 });
    proxy.inject({ fault: FAULTS.slowDown, times: Infinity });
    const { value: error, ms } = await timed(rejection(c.s3.listObjectsV2(listing)));
    expect([error.code, (error as StorageError).retryable]).toEqual(['STORAGE_THROTTLED', true]);
    expect(c.requests.get('ListObjectsV2Command')).toBe(3);
    // Throttling backs off from a 500 ms base with full jitter: some pause, bounded.
    expect(ms).toBeLessThan(5_000);
    figures.push(`SlowDown forever, 3 attempts: STORAGE_THROTTLED after ${ms} ms`);
    c.s3.destroy();
  });
});
