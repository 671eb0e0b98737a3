/**
 * Answers AWS gives that the lab did not: 409 ConditionalRequestConflict on simultaneous conditional
 * writes (the lab's switch sends it), 403 instead of 404 for a missing key when ListBucket is granted
 * only under a prefix (the lab's aws403ForMissing mode), and 403s that are about the signature, the
 * key or the clock rather than the role's policy.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StorageError } from '../../main/storage/index.ts';
import {
  createAnnotationStore,
  createClaimsStore,
  loadTaskStatus,
  storageErrorFrom,
} from '../../main/storage/index.ts';
import {
  newAnnotation,
  newTaskExport,
  taskIdFor,
  type Annotation,
  type Project,
} from '../../main/tasks/index.ts';
import { readUnlessAbsent } from '../../main/storage/absence.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import {
  adminClient,
  ANNOTATOR_A,
  ANNOTATOR_B,
  credentialSource,
  project,
  projectsFor,
  putAsAdmin,
  rejection,
  storageClient,
  type CountingClient,
} from './helpers.ts';

let lab: Lab;
let projects: Project[];
let p: Project;
let alice: CountingClient;
let bob: CountingClient;
const pauses: number[] = [];
const sleep = async (ms: number) => {
  pauses.push(ms);
};

const annotate = (me: string, label: string): Annotation =>
  newAnnotation({
    me,
    result: [{ id: label, from_name: 's', to_name: 'text', type: 'choices', value: { choices: [label] } }],
    now: new Date(),
    leadTimeSeconds: 2,
  });
let taskNo = 0;
const nextTask = () => {
  const key = `team-vision/quirks/tasks/${++taskNo}.json`;
  return { taskId: taskIdFor(key), sourceKey: key, data: { text: `t${taskNo}` }, extra: {} };
};
const emails = (doc: { annotations?: Annotation[] } | undefined) =>
  (doc?.annotations ?? []).map((a) => (a.completed_by as { email: string }).email).sort();

beforeAll(async () => {
  lab = await startLab({ idp: 'node', data: 'none' });
  const role = lab.roles.visionAnnotator;
  projects = projectsFor(lab, role, [
    {
      id: 'quirks',
      roles: [role.arn],
      taskPrefix: 'team-vision/quirks/tasks/',
      targetPrefix: 'team-vision/quirks/annotations/',
      overlap: 2,
    },
  ]);
  p = project(projects, 'quirks');
  alice = storageClient(lab, credentialSource(lab, role));
  bob = storageClient(lab, credentialSource(lab, role));
});

afterAll(async () => {
  alice?.s3.destroy();
  bob?.s3.destroy();
  await lab?.close();
});

beforeEach(() => {
  lab.s3.faults.conflictNextConditionalWrites(0);
  lab.s3.faults.aws403ForMissing = false;
  pauses.length = 0;
});

const annotations = (me: string, client: CountingClient, maxAttempts?: number) =>
  createAnnotationStore({ s3: client.s3, projects, me, sleep, ...(maxAttempts ? { maxAttempts } : {}) });
const claims = (me: string, client: CountingClient) =>
  createClaimsStore({ s3: client.s3, projects, me, sleep });

describe('409 ConditionalRequestConflict is a lost race, like 412', () => {
  it('a first save that meets 409 twice is retried (with jittered pauses) and saved once', async () => {
    const t = nextTask();
    const store = annotations(ANNOTATOR_A, alice);
    const sentBefore = lab.s3.faults.conflictsSent;
    lab.s3.faults.conflictNextConditionalWrites(2);
    const saved = await store.save(
      p,
      t.taskId,
      { ...newTaskExport(t), annotations: [annotate(ANNOTATOR_A, 'x')] },
      null,
    );
    expect([saved.status, saved.attempts]).toEqual(['saved', 3]);
    expect(lab.s3.faults.conflictsSent - sentBefore).toBe(2);
    expect(pauses).toHaveLength(2);
    expect(pauses.every((ms, i) => ms >= 20 && ms <= 20 + 80 * (i + 1))).toBe(true);
    expect(emails((await store.load(p, t.taskId))?.doc)).toEqual([ANNOTATOR_A]);
  });

  it("after a 409 the document is re-read and merged: the other annotator's work is kept", async () => {
    const t = nextTask();
    const a = annotations(ANNOTATOR_A, alice);
    const b = annotations(ANNOTATOR_B, bob);
    await b.save(p, t.taskId, { ...newTaskExport(t), annotations: [annotate(ANNOTATOR_B, 'b')] }, null);
    // Alice's base is "no document" (she opened the task before Bob saved); S3 answers her 409.
    lab.s3.faults.conflictNextConditionalWrites(1);
    const saved = await a.save(
      p,
      t.taskId,
      { ...newTaskExport(t), annotations: [annotate(ANNOTATOR_A, 'a')] },
      null,
    );
    expect(saved.status === 'saved' && saved.merged).toBe(true);
    expect(emails((await a.load(p, t.taskId))?.doc)).toEqual([ANNOTATOR_A, ANNOTATOR_B]);
  });

  it('gives up after the bounded attempts with STORAGE_CONTENDED, writing nothing', async () => {
    const t = nextTask();
    const store = annotations(ANNOTATOR_A, alice, 3);
    lab.s3.faults.conflictNextConditionalWrites(100);
    const error = await rejection(
      store.save(p, t.taskId, { ...newTaskExport(t), annotations: [annotate(ANNOTATOR_A, 'x')] }, null),
    );
    expect([error.code, (error as StorageError).retryable]).toEqual(['STORAGE_CONTENDED', true]);
    lab.s3.faults.conflictNextConditionalWrites(0);
    expect(await store.load(p, t.taskId)).toBeNull();
  });

  it('a claim that meets 409 re-reads, decides again and claims; a release that meets 409 still releases', async () => {
    const t = nextTask();
    const ca = claims(ANNOTATOR_A, alice);
    const cb = claims(ANNOTATOR_B, bob);
    lab.s3.faults.conflictNextConditionalWrites(1);
    const mine = await ca.claim(p, t.taskId);
    expect(mine.status === 'claimed' && mine.action).toBe('create');
    expect(pauses).toHaveLength(1);
    expect((await cb.claim(p, t.taskId)).status).toBe('held-by-other');
    lab.s3.faults.conflictNextConditionalWrites(1);
    expect(await ca.release(p, t.taskId, { etag: mine.status === 'claimed' ? mine.etag : '' })).toBe(true);
    const next = await cb.claim(p, t.taskId);
    expect(next.status === 'claimed' && next.action).toBe('take-over');
  });

  it('maps a 409 on a write to STORAGE_WRITE_CONFLICT (retryable), not a generic failure', () => {
    const error = storageErrorFrom(
      { name: 'ConditionalRequestConflict', $metadata: { httpStatusCode: 409 } },
      { operation: 'write', bucket: 'b', key: 'team/x/annotations/t.json' },
    );
    expect([error.code, error.retryable]).toEqual(['STORAGE_WRITE_CONFLICT', true]);
  });
});

describe('AWS answers 403 for a missing key when ListBucket is granted only under a prefix', () => {
  it('the lab mode answers as AWS does: a missing key is AccessDenied, an existing one reads', async () => {
    lab.s3.faults.aws403ForMissing = true;
    const key = `${p.targetPrefix}nothing-here.json`;
    const missing = await rejection(alice.s3.getText({ Bucket: p.bucket, Key: key }, { maxBytes: 1000 }));
    expect(missing.code).toBe('STORAGE_ACCESS_DENIED');
    const admin = adminClient(lab);
    await putAsAdmin(admin, p.bucket, `${p.targetPrefix}present.json`, '{}');
    admin.destroy();
    const present = await alice.s3.getText(
      { Bucket: p.bucket, Key: `${p.targetPrefix}present.json` },
      { maxBytes: 1000 },
    );
    expect(present.text).toBe('{}');
  });

  it('first save, first claim and the task status work, confirming absence with one one-key listing each', async () => {
    lab.s3.faults.aws403ForMissing = true;
    const t = nextTask();
    const me = {
      me: ANNOTATOR_A,
      annotations: annotations(ANNOTATOR_A, alice),
      claims: claims(ANNOTATOR_A, alice),
    };
    const listsBefore = alice.requests.get('ListObjectsV2Command') ?? 0;
    const status = await loadTaskStatus(me, p, t.taskId);
    expect([status.state, status.stored]).toEqual(['open', null]);
    // The document and two overlap slots: three absences, three listings.
    expect((alice.requests.get('ListObjectsV2Command') ?? 0) - listsBefore).toBe(3);

    const claimed = await me.claims.claim(p, t.taskId);
    expect(claimed.status === 'claimed' && claimed.action).toBe('create');
    const saved = await me.annotations.save(
      p,
      t.taskId,
      { ...newTaskExport(t), annotations: [annotate(ANNOTATOR_A, 'x')] },
      null,
    );
    expect(saved.status).toBe('saved');
    expect((await loadTaskStatus(me, p, t.taskId)).state).toBe('done-by-me');
  });

  it('a key that sorts after the missing one does not count as present', async () => {
    lab.s3.faults.aws403ForMissing = true;
    const t = nextTask();
    const admin = adminClient(lab);
    await putAsAdmin(admin, p.bucket, `${p.targetPrefix}${t.taskId}.json.bak`, '{}');
    admin.destroy();
    expect(await annotations(ANNOTATOR_A, alice).load(p, t.taskId)).toBeNull();
  });

  it('a 403 the listing cannot disprove stays access denied (the role may not list there)', async () => {
    lab.s3.faults.aws403ForMissing = true;
    // The language team's annotator reading the vision prefix: refused, and the listing is refused too.
    const other = storageClient(lab, credentialSource(lab, lab.roles.languageAnnotator));
    const key = `${p.targetPrefix}x.json`;
    const error = await rejection(
      readUnlessAbsent(other.s3, p.bucket, key, () =>
        other.s3.getText({ Bucket: p.bucket, Key: key }, { maxBytes: 1000 }),
      ),
    );
    expect(error.code).toBe('STORAGE_ACCESS_DENIED');
    expect(other.requests.get('ListObjectsV2Command')).toBe(1);
    other.s3.destroy();
  });
});

describe('403s that are not about the role say what is wrong', () => {
  it('a wrong signature (secret) is STORAGE_BAD_CREDENTIALS, not "your role may not"', async () => {
    const good = lab.credentials.forRole(lab.roles.visionAnnotator);
    const source = {
      get: async () => ({ ...good, secretAccessKey: `${good.secretAccessKey}x` }),
      refresh: async () => good,
    };
    const c = storageClient(lab, source);
    const error = await rejection(c.s3.listObjectsV2({ Bucket: p.bucket, Prefix: p.targetPrefix }));
    expect(error.code).toBe('STORAGE_BAD_CREDENTIALS');
    expect(error.message).toMatch(/signature/);
    expect(error.message).not.toMatch(/Your role may not/);
    c.s3.destroy();
  });

  it('an access key S3 does not know is STORAGE_BAD_CREDENTIALS', async () => {
    const good = lab.credentials.forRole(lab.roles.visionAnnotator);
    const source = {
      get: async () => ({ ...good, accessKeyId: 'ASIAUNKNOWNKEY000000' }),
      refresh: async () => good,
    };
    const c = storageClient(lab, source);
    const error = await rejection(c.s3.listObjectsV2({ Bucket: p.bucket, Prefix: p.targetPrefix }));
    expect(error.code).toBe('STORAGE_BAD_CREDENTIALS');
    expect(error.message).toMatch(/access key/);
    c.s3.destroy();
  });

  it("a clock 20 minutes off is corrected by the SDK from S3's Date header; left uncorrected it reads as STORAGE_CLOCK_SKEW", async () => {
    lab.clock.advance(20 * 60);
    try {
      const c = storageClient(
        lab,
        credentialSource(lab, lab.roles.visionAnnotator, { firstExpiresInSeconds: 7200 }),
      );
      const listed = await c.s3.listObjectsV2({ Bucket: p.bucket, Prefix: p.targetPrefix });
      expect(listed.$metadata.httpStatusCode).toBe(200);
      expect(c.requests.get('ListObjectsV2Command')).toBe(2);
      c.s3.destroy();
    } finally {
      lab.clock.reset();
    }
    const error = storageErrorFrom(
      { name: 'RequestTimeTooSkewed', $metadata: { httpStatusCode: 403 } },
      { operation: 'list', bucket: 'b', prefix: 'p/' },
    );
    expect(error.code).toBe('STORAGE_CLOCK_SKEW');
    expect(error.message).toMatch(/clock/);
  });

  it('a policy refusal keeps its own message', () => {
    const error = storageErrorFrom(
      { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
      { operation: 'read', bucket: 'b', key: 'team/p/tasks/1.json' },
    );
    expect(error.code).toBe('STORAGE_ACCESS_DENIED');
    expect(error.message).toMatch(/^Your role may not read "team\/p\/tasks\/"/);
  });
});
