import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAnnotationStore,
  createClaimsStore,
  loadTaskStatus,
  type AnnotationStore,
} from '../../main/storage/index.ts';
import {
  newAnnotation,
  newTaskExport,
  taskIdFor,
  type Annotation,
  type Project,
  type TaskExport,
} from '../../main/tasks/index.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import {
  adminClient,
  ANNOTATOR_A,
  ANNOTATOR_B,
  credentialSource,
  project,
  projectsFor,
  rejection,
  storageClient,
  type CountingClient,
} from './helpers.ts';
import { GetObjectCommand } from '@aws-sdk/client-s3';

let lab: Lab;
let projectsA: Project[];
let projectsB: Project[];
let alice: CountingClient;
let bob: CountingClient;
let p: Project;

const result = (label: string) => [
  { id: label, from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [label] } },
];
const annotate = (me: string, label: string, at = new Date()): Annotation =>
  newAnnotation({ me, result: result(label), now: at, leadTimeSeconds: 3 });
const task = (n: number) => {
  const key = `team-vision/review/tasks/${n}.json`;
  return { taskId: taskIdFor(key), sourceKey: key, data: { text: `review ${n}` }, extra: {} };
};

beforeAll(async () => {
  lab = await startLab({ idp: 'node', data: 'sample' });
  const role = lab.roles.visionAnnotator;
  const shared = {
    id: 'review',
    roles: [role.arn],
    taskPrefix: 'team-vision/review/tasks/',
    targetPrefix: 'team-vision/review/annotations/',
    overlap: 2,
  };
  projectsA = projectsFor(lab, role, [shared]);
  projectsB = projectsFor(lab, role, [shared]);
  p = project(projectsA, 'review');
  // Two annotators with the same role (two sessions).
  alice = storageClient(lab, credentialSource(lab, role));
  bob = storageClient(lab, credentialSource(lab, role));
});

afterAll(async () => {
  alice?.s3.destroy();
  bob?.s3.destroy();
  await lab?.close();
});

function stores(me: string, client: CountingClient, projects = projectsA): AnnotationStore {
  return createAnnotationStore({ s3: client.s3, projects, me, sleep: async () => undefined });
}

async function rawBody(key: string): Promise<string> {
  const admin = adminClient(lab);
  try {
    const out = await admin.send(new GetObjectCommand({ Bucket: lab.s3.bucket, Key: key }));
    return (await out.Body?.transformToString()) ?? '';
  } finally {
    admin.destroy();
  }
}

describe('annotations in the target prefix', () => {
  it('writes a new document with If-None-Match and reads it back as a Label Studio export', async () => {
    const store = stores(ANNOTATOR_A, alice);
    const t = task(1);
    expect(await store.load(p, t.taskId)).toBeNull();
    const doc: TaskExport = { ...newTaskExport(t), annotations: [annotate(ANNOTATOR_A, 'Positive')] };
    const saved = await store.save(p, t.taskId, doc, null);
    expect(saved.status).toBe('saved');
    const loaded = await store.load(p, t.taskId);
    expect(loaded?.etag).toBe(saved.etag);
    expect(loaded?.doc.annotations?.[0]?.completed_by).toEqual({ email: ANNOTATOR_A });
    const raw = JSON.parse(await rawBody(`${p.targetPrefix}${t.taskId}.json`)) as TaskExport;
    expect(raw.data).toEqual({ text: 'review 1' });
    // Writing "new" again where a document exists is refused by S3 and merged, never overwritten; a
    // second annotation of mine that never saw the first is a conflict, not a second annotation.
    const again = await store.save(
      p,
      t.taskId,
      { ...newTaskExport(t), annotations: [annotate(ANNOTATOR_A, 'Neutral')] },
      null,
    );
    expect(again.status).toBe('conflict');
    expect(again.status === 'conflict' && again.conflicts.map((c) => c.theirs?.result[0]?.id)).toEqual([
      'Positive',
    ]);
    expect((await store.load(p, t.taskId))?.doc.annotations?.map((a) => a.result[0]?.id)).toEqual([
      'Positive',
    ]);
  });

  it('keeps both annotations when two annotators save the same task at once (overlap)', async () => {
    const t = task(2);
    const a = stores(ANNOTATOR_A, alice);
    const b = stores(ANNOTATOR_B, bob);
    const base = null;
    const [ra, rb] = await Promise.all([
      a.save(p, t.taskId, { ...newTaskExport(t), annotations: [annotate(ANNOTATOR_A, 'Positive')] }, base),
      b.save(p, t.taskId, { ...newTaskExport(t), annotations: [annotate(ANNOTATOR_B, 'Negative')] }, base),
    ]);
    expect([ra.status, rb.status]).toEqual(['saved', 'saved']);
    // Exactly one of them had to merge after a 412.
    expect([ra, rb].filter((r) => r.status === 'saved' && r.merged)).toHaveLength(1);
    const final = await a.load(p, t.taskId);
    const owners = final?.doc.annotations?.map((x) => (x.completed_by as { email: string }).email).sort();
    expect(owners).toEqual([ANNOTATOR_A, ANNOTATOR_B]);
  });

  it('reports a true conflict with both versions and overwrites nothing', async () => {
    const t = task(3);
    const a = stores(ANNOTATOR_A, alice);
    const mineFirst = annotate(ANNOTATOR_A, 'Positive');
    const first = await a.save(p, t.taskId, { ...newTaskExport(t), annotations: [mineFirst] }, null);
    const base = await a.load(p, t.taskId);
    expect(base?.etag).toBe(first.etag);
    // The same annotator, on a second machine, changes that annotation and saves first.
    const elsewhere = {
      ...mineFirst,
      result: result('Neutral'),
      updated_at: new Date(Date.now() + 1000).toISOString(),
    };
    const other = await stores(ANNOTATOR_A, bob).save(
      p,
      t.taskId,
      { ...base!.doc, annotations: [elsewhere] },
      base,
    );
    expect(other.status).toBe('saved');
    const stored = await rawBody(`${p.targetPrefix}${t.taskId}.json`);

    const here = {
      ...mineFirst,
      result: result('Negative'),
      updated_at: new Date(Date.now() + 2000).toISOString(),
    };
    const outcome = await a.save(p, t.taskId, { ...base!.doc, annotations: [here] }, base);
    expect(outcome.status).toBe('conflict');
    if (outcome.status !== 'conflict') return;
    expect(outcome.conflicts).toHaveLength(1);
    expect(outcome.conflicts[0]?.reason).toBe('changed-on-both-sides');
    expect(outcome.conflicts[0]?.mine?.result[0]?.id).toBe('Negative');
    expect(outcome.conflicts[0]?.theirs?.result[0]?.id).toBe('Neutral');
    // Nothing overwritten: the file is byte for byte what the other save wrote.
    expect(await rawBody(`${p.targetPrefix}${t.taskId}.json`)).toBe(stored);
    expect(outcome.etag).toBe(other.etag);
  });

  it('refuses to write outside the target prefix before any request', async () => {
    const before = alice.total();
    const store = stores(ANNOTATOR_A, alice, projectsFor(lab, lab.roles.languageAnnotator));
    const error = await rejection(store.save(p, task(4).taskId, newTaskExport(task(4)), null));
    expect(error.code).toBe('WRITE_OUTSIDE_TARGET');
    expect(alice.total()).toBe(before);
  });
});

describe('claims (leases)', () => {
  it('lets exactly one of two racing annotators claim a task; the other sees it held', async () => {
    const t = task(10);
    const ca = createClaimsStore({ s3: alice.s3, projects: projectsA, me: ANNOTATOR_A });
    const cb = createClaimsStore({ s3: bob.s3, projects: projectsB, me: ANNOTATOR_B });
    const outcomes = await Promise.all([ca.claim(p, t.taskId), cb.claim(p, t.taskId)]);
    const won = outcomes.filter((o) => o.status === 'claimed');
    const lost = outcomes.filter((o) => o.status === 'held-by-other');
    expect([won.length, lost.length]).toEqual([1, 1]);
    const winner = won[0]!.status === 'claimed' ? won[0]!.lease.holder : '';
    expect(lost[0]!.status === 'held-by-other' && lost[0]!.holder).toBe(winner);
    // The winner renews its own lease (If-Match), keeping its creation time.
    const winnerStore = winner === ANNOTATOR_A ? ca : cb;
    const renewed = await winnerStore.claim(p, t.taskId);
    expect(renewed.status === 'claimed' && renewed.action).toBe('renew');
  });

  it('takes over an expired lease, and the old holder can no longer release it', async () => {
    const t = task(11);
    const ca = createClaimsStore({ s3: alice.s3, projects: projectsA, me: ANNOTATOR_A, leaseMs: 60_000 });
    const first = await ca.claim(p, t.taskId);
    expect(first.status === 'claimed' && first.action).toBe('create');
    const later = () => new Date(Date.now() + 10 * 60_000);
    const cb = createClaimsStore({ s3: bob.s3, projects: projectsB, me: ANNOTATOR_B, now: later });
    const taken = await cb.claim(p, t.taskId);
    expect(taken.status === 'claimed' && taken.action).toBe('take-over');
    // Alice's release is conditional on her ETag: it must not free Bob's lease.
    expect(await ca.release(p, t.taskId, { etag: first.status === 'claimed' ? first.etag : '' })).toBe(false);
    expect((await ca.read(p, t.taskId))?.lease?.holder).toBe(ANNOTATOR_B);
  });

  it('releases a lease so the next annotator gets the task at once', async () => {
    const t = task(12);
    const ca = createClaimsStore({ s3: alice.s3, projects: projectsA, me: ANNOTATOR_A });
    const cb = createClaimsStore({ s3: bob.s3, projects: projectsB, me: ANNOTATOR_B });
    const mine = await ca.claim(p, t.taskId);
    expect((await cb.claim(p, t.taskId)).status).toBe('held-by-other');
    expect(await ca.release(p, t.taskId, { etag: mine.status === 'claimed' ? mine.etag : '' })).toBe(true);
    const next = await cb.claim(p, t.taskId);
    expect(next.status === 'claimed' && next.action).toBe('take-over');
  });

  it('computes the task state from the target: claimed, open, done by me, done', async () => {
    const t = task(13);
    const deps = (me: string, client: CountingClient) => ({
      me,
      annotations: stores(me, client),
      claims: createClaimsStore({ s3: client.s3, projects: projectsA, me }),
    });
    const a = deps(ANNOTATOR_A, alice);
    const b = deps(ANNOTATOR_B, bob);
    const c = deps('carol@example.com', bob);
    expect((await loadTaskStatus(a, p, t.taskId)).state).toBe('open');
    await a.claims.claim(p, t.taskId, 0);
    await b.claims.claim(p, t.taskId, 1);
    // Both overlap slots held by others: claimed for Carol, open for Alice (she holds one).
    expect((await loadTaskStatus(c, p, t.taskId)).state).toBe('claimed');
    expect((await loadTaskStatus(a, p, t.taskId)).state).toBe('open');
    await a.annotations.save(
      p,
      t.taskId,
      { ...newTaskExport(t), annotations: [annotate(ANNOTATOR_A, 'Positive')] },
      null,
    );
    const afterA = await loadTaskStatus(a, p, t.taskId);
    expect(afterA.state).toBe('done-by-me');
    const base = (await loadTaskStatus(b, p, t.taskId)).stored;
    await b.annotations.save(
      p,
      t.taskId,
      { ...base!.doc, annotations: [...(base!.doc.annotations ?? []), annotate(ANNOTATOR_B, 'Negative')] },
      base,
    );
    expect((await loadTaskStatus(c, p, t.taskId)).state).toBe('done');
  });
});
