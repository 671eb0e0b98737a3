/**
 * The outbox against the lab's S3 behind the fault proxy: a submit online lands in S3 before it is
 * answered; a 409 on the save merges like a 412; S3 down, five submits are kept and answered "waiting
 * to sync", the app restarts, S3 comes back and all five arrive, each once.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { labOrganization } from '../lab/app-organization.ts';
import { FAULTS, type FaultProxy } from '../lab/fault-proxy.ts';
import { type Lab } from '../lab/lab.ts';
import { useLabBehindProxy } from '../support/lab-behind-proxy.ts';
import { openOutboxApp, roleCredentials, withEndpoint, type OutboxApp } from '../local/outbox-app.ts';

let lab: Lab;
let proxy: FaultProxy;
let dir: string;
let admin: S3Client;
useLabBehindProxy('fa-outbox-it-', (frame) => ({ lab, proxy, dir, admin } = frame));

const sentiment = () => lab.projects.find((p) => p.id.endsWith('review-sentiment'))!;
const ner = () => lab.projects.find((p) => p.id.endsWith('news-ner'))!;
const tasksKey = () => `${sentiment().sourcePrefix}tasks.json`;
const choice = (value: string) => [
  { id: `c-${value}`, from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [value] } },
];

function app(me: string, secrets: MemorySecretStore): OutboxApp {
  const role = lab.roles.languageAnnotator;
  return openOutboxApp({
    organization: withEndpoint(labOrganization(lab, { id: 'lab' }), proxy.endpoint),
    credentials: roleCredentials(
      lab.credentials.forRole(role, { expiresInSeconds: 3600, sessionName: me }),
      role,
      me,
    ),
    dataDir: path.join(dir, me),
    secrets,
    submitWaitMs: 5_000,
    sync: { periodMs: 60_000, backoffBaseMs: 50, backoffMaxMs: 200 },
  });
}

interface Doc {
  annotations: { id: number; completed_by: { email: string }; result: { value: { choices: string[] } }[] }[];
}
async function readDoc(taskId: string, prefix = sentiment().targetPrefix): Promise<Doc> {
  const object = await admin.send(
    new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${prefix}${taskId}.json` }),
  );
  return JSON.parse(await object.Body!.transformToString()) as Doc;
}
const mine = (doc: Doc, me: string) => doc.annotations.filter((a) => a.completed_by.email === me);

describe('outbox and sync engine against the lab', () => {
  it('online: the submit is in S3 when it is answered, and nothing waits', async () => {
    const a = app('olga@corp.example', new MemorySecretStore());
    try {
      await a.projects.sync(sentiment().id);
      const opened = await a.projects.open(sentiment().id, tasksKey(), 0);
      const answer = await a.projects.submit(sentiment().id, opened.taskId, {
        result: choice('Positive'),
        wasCancelled: false,
        leadTimeSeconds: 3,
      });
      expect(answer).toMatchObject({ queued: true, synced: true, conflicts: [] });
      const doc = await readDoc(opened.taskId);
      expect(mine(doc, 'olga@corp.example').map((x) => x.id)).toEqual([answer.annotationId]);
      expect(a.engine.state()).toMatchObject({ pending: 0, offline: false });
      const page = await a.projects.page(sentiment().id, 0, 10);
      expect(page.rows.some((r) => r.waitingToSync)).toBe(false);
    } finally {
      a.close();
    }
  });

  it('a draft save arriving while the submit waits for S3 brings no draft back', async () => {
    const a = app('rhea@corp.example', new MemorySecretStore());
    try {
      // A task of its own, so the other tests' tasks stay free for them.
      const key = `${sentiment().sourcePrefix}draft-race.json`;
      await admin.send(
        new PutObjectCommand({
          Bucket: lab.s3.bucket,
          Key: key,
          ContentType: 'application/json',
          Body: JSON.stringify({ id: 290, data: { review: 'Saved twice?' } }),
        }),
      );
      await a.projects.sync(sentiment().id, true);
      const opened = await a.projects.open(sentiment().id, key, 0);
      // S3 holds the write: the submit is committed on this computer and waits for its answer.
      proxy.inject({ fault: { kind: 'never-answer' }, times: Infinity, match: (r) => r.method === 'PUT' });
      const submitted = a.projects.submit(sentiment().id, opened.taskId, {
        result: choice('Positive'),
        wasCancelled: false,
        leadTimeSeconds: 3,
      });
      await expect.poll(() => a.engine.state().pending, { timeout: 5_000 }).toBe(1);
      // The window's debounced save of that same work, a moment late.
      await expect(
        a.projects.saveDraft(sentiment().id, opened.taskId, {
          rev: 9,
          result: choice('Positive'),
          leadTimeSeconds: 3,
        }),
      ).rejects.toMatchObject({ code: 'TASK_ALREADY_SUBMITTED' });
      proxy.clear();
      expect(await submitted).toMatchObject({ queued: true });
      expect((await a.projects.open(sentiment().id, key, 0)).draft).toBeNull();
      await admin.send(new DeleteObjectCommand({ Bucket: lab.s3.bucket, Key: key }));
    } finally {
      proxy.clear();
      a.close();
    }
  });

  it('a 409 ConditionalRequestConflict on the save re-reads and merges like a 412: others kept, mine once', async () => {
    const a = app('pavel@corp.example', new MemorySecretStore());
    try {
      await a.projects.sync(sentiment().id);
      const opened = await a.projects.open(sentiment().id, tasksKey(), 1);
      const key = `${sentiment().targetPrefix}${opened.taskId}.json`;
      // Someone else's annotation lands after Pavel opened the task.
      await admin.send(
        new PutObjectCommand({
          Bucket: lab.s3.bucket,
          Key: key,
          ContentType: 'application/json',
          Body: JSON.stringify({
            data: { review: 'x' },
            annotations: [
              { id: 1, completed_by: { email: 'quinn@corp.example' }, result: choice('Neutral') },
            ],
          }),
        }),
      );
      const before = proxy.applied.length;
      proxy.inject({
        fault: FAULTS.conditionalConflict,
        times: 1,
        match: (r) => r.method === 'PUT' && r.conditional && r.path.endsWith(`${opened.taskId}.json`),
      });
      const answer = await a.projects.submit(sentiment().id, opened.taskId, {
        result: choice('Negative'),
        wasCancelled: false,
        leadTimeSeconds: 2,
      });
      expect(proxy.applied.slice(before)).toEqual(['error:ConditionalRequestConflict']);
      expect(answer).toMatchObject({ synced: true, conflicts: [] });
      const doc = await readDoc(opened.taskId);
      expect(doc.annotations.map((x) => x.completed_by.email).sort()).toEqual([
        'pavel@corp.example',
        'quinn@corp.example',
      ]);
    } finally {
      proxy.clear();
      a.close();
    }
  });

  it('someone changed my annotation in S3 meanwhile: a true conflict, both versions back, theirs kept, mine a draft', async () => {
    const me = 'sami@corp.example';
    const a = app(me, new MemorySecretStore());
    let taskId = '';
    try {
      await a.projects.sync(ner().id);
      const key = `${ner().sourcePrefix}0003.json`;
      let opened = await a.projects.open(ner().id, key, 0);
      taskId = opened.taskId;
      await a.projects.submit(ner().id, opened.taskId, {
        result: choice('Neutral'),
        wasCancelled: false,
        leadTimeSeconds: 1,
      });
      opened = await a.projects.open(ner().id, key, 0);
      const doc = await readDoc(opened.taskId, ner().targetPrefix);
      mine(doc, me)[0]!.result = choice('Positive') as never;
      await admin.send(
        new PutObjectCommand({
          Bucket: lab.s3.bucket,
          Key: `${ner().targetPrefix}${opened.taskId}.json`,
          Body: JSON.stringify(doc),
          ContentType: 'application/json',
        }),
      );
      const answer = await a.projects.submit(ner().id, opened.taskId, {
        result: choice('Negative'),
        wasCancelled: false,
        leadTimeSeconds: 1,
      });
      expect(answer.synced).toBe(true);
      expect(answer.conflicts).toHaveLength(1);
      expect(answer.conflicts[0]).toMatchObject({ reason: 'changed-on-both-sides' });
      const after = mine(await readDoc(opened.taskId, ner().targetPrefix), me);
      expect(after.map((x) => x.result[0]!.value.choices)).toEqual([['Positive']]);
      await expect
        .poll(async () => (await a.projects.open(ner().id, key, 0)).draft?.result)
        .toEqual(choice('Negative'));
    } finally {
      await a.projects.releaseAll();
      a.close();
      // The task is free again for the tests after this one.
      await admin.send(
        new DeleteObjectCommand({ Bucket: lab.s3.bucket, Key: `${ner().targetPrefix}${taskId}.json` }),
      );
    }
  });

  it('sending an entry again after its write landed (an unknown outcome) writes nothing new', async () => {
    const me = 'tara@corp.example';
    const a = app(me, new MemorySecretStore());
    try {
      await a.projects.sync(ner().id);
      const opened = await a.projects.open(ner().id, `${ner().sourcePrefix}0002.json`, 0);
      const entry = await a.outbox.queue({
        roleKey: a.projects.currentRoleKey()!,
        projectId: ner().id,
        taskId: opened.taskId,
        annotationId: 4242,
        payload: {
          annotation: {
            id: 4242,
            completed_by: { email: me },
            result: choice('Neutral'),
            was_cancelled: false,
          },
          baseOwn: null,
          task: { taskId: opened.taskId, sourceKey: opened.key, data: {}, extra: {} },
        },
      });
      const puts = () =>
        proxy.requests.filter((r) => r.method === 'PUT' && r.path.includes(opened.taskId)).length;
      const first = await a.projects.writeQueued(entry);
      const before = puts();
      const again = await a.projects.writeQueued(entry);
      expect(first.status).toBe('saved');
      expect(again.status).toBe('saved');
      expect(puts()).toBe(before);
      const doc = await readDoc(opened.taskId, ner().targetPrefix);
      expect(mine(doc, me).map((x) => x.id)).toEqual([4242]);
    } finally {
      a.close();
    }
  });

  it('signed out, queued work waits unread; after the next sign-in of that role it goes out', async () => {
    const me = 'uma@corp.example';
    const a = app(me, new MemorySecretStore());
    try {
      await a.projects.sync(ner().id);
      const opened = await a.projects.open(ner().id, `${ner().sourcePrefix}0001.json`, 0);
      const roleKey = a.projects.currentRoleKey()!;
      a.session.signedIn = false;
      expect(a.projects.currentRoleKey()).toBeNull();
      const entry = await a.outbox.queue({
        roleKey,
        projectId: ner().id,
        taskId: opened.taskId,
        annotationId: 5151,
        payload: {
          annotation: {
            id: 5151,
            completed_by: { email: me },
            result: choice('Positive'),
            was_cancelled: false,
          },
          baseOwn: null,
          task: { taskId: opened.taskId, sourceKey: opened.key, data: {}, extra: {} },
        },
      });
      const writes = proxy.requests.length;
      await a.engine.flush(true);
      expect(proxy.requests.length).toBe(writes);
      expect(a.outbox.summary(roleKey).map((s) => s.seq)).toEqual([entry.seq]);
      a.session.signedIn = true;
      await a.engine.resume();
      expect(a.outbox.summary(roleKey)).toEqual([]);
      const doc = await readDoc(opened.taskId, ner().targetPrefix);
      expect(mine(doc, me).map((x) => x.id)).toEqual([5151]);
    } finally {
      a.close();
    }
  });

  it('a task opened again after a restart while its submit is still queued: the next submit builds on it', async () => {
    const me = 'vera@corp.example';
    const secrets = new MemorySecretStore();
    const key = `${ner().sourcePrefix}0003.json`;
    const first = app(me, secrets);
    let taskId: string;
    try {
      await first.projects.sync(ner().id);
      taskId = (await first.projects.open(ner().id, key, 0)).taskId;
      proxy.inject({
        fault: { kind: 'reset' },
        times: Infinity,
        match: (r) => r.method === 'PUT' && !r.path.includes('/.claims/'),
      });
      const answer = await first.projects.submit(ner().id, taskId, {
        result: choice('Neutral'),
        wasCancelled: false,
        leadTimeSeconds: 2,
      });
      expect(answer.synced).toBe(false);
    } finally {
      first.close();
      proxy.clear();
    }
    const second = app(me, secrets);
    try {
      await second.projects.sync(ner().id);
      // S3 does not have it yet: the task opens with the queued submit (the annotator's last word), and
      // an update builds on it.
      const opened = await second.projects.open(ner().id, key, 0);
      expect(opened.access).toEqual({ mode: 'edit' });
      expect(opened.state).toBe('done-by-me');
      expect(
        opened.annotations.filter((x) => x.mine).map((x) => (x.result[0] as { value: unknown }).value),
      ).toEqual([{ choices: ['Neutral'] }]);
      const answer = await second.projects.submit(ner().id, taskId, {
        result: choice('Positive'),
        wasCancelled: false,
        leadTimeSeconds: 3,
      });
      expect(answer).toMatchObject({ synced: true, conflicts: [] });
      const own = mine(await readDoc(taskId, ner().targetPrefix), me);
      expect(own.map((x) => x.result[0]!.value.choices)).toEqual([['Positive']]);
      expect((own[0] as unknown as { lead_time: number }).lead_time).toBe(5);
      expect(second.engine.state().pending).toBe(0);
    } finally {
      second.close();
    }
  }, 60_000);

  it('S3 down: five submits are kept ("waiting to sync"); after a restart with S3 back, all arrive once', async () => {
    const me = 'rosa@corp.example';
    const secrets = new MemorySecretStore();
    const first = app(me, secrets);
    // Two projects, three task files; the first task is submitted twice (an update while offline).
    const plan = [
      { project: sentiment(), key: tasksKey(), index: 2, value: 'Positive' },
      { project: ner(), key: `${ner().sourcePrefix}0001.json`, index: 0, value: 'Negative' },
      { project: sentiment(), key: tasksKey(), index: 3, value: 'Neutral' },
      { project: ner(), key: `${ner().sourcePrefix}0002.json`, index: 0, value: 'Positive' },
      { project: sentiment(), key: tasksKey(), index: 2, value: 'Negative' },
    ];
    const expected = new Map<
      string,
      {
        project: (typeof plan)[number]['project'];
        value: string;
        key: string;
        index: number;
        skipped: boolean;
      }
    >();
    try {
      const opened = new Map<string, string>();
      for (const step of plan) {
        await first.projects.sync(step.project.id);
        const task = await first.projects.open(step.project.id, step.key, step.index);
        opened.set(`${step.key}#${step.index}`, task.taskId);
      }
      // S3 goes away: every connection is reset.
      proxy.inject({ fault: { kind: 'reset' }, times: Infinity });
      for (const [i, step] of plan.entries()) {
        const taskId = opened.get(`${step.key}#${step.index}`)!;
        const answer = await first.projects.submit(step.project.id, taskId, {
          result: choice(step.value),
          wasCancelled: i === 1,
          leadTimeSeconds: 1,
        });
        expect(answer).toMatchObject({ queued: true, synced: false });
        expected.set(taskId, {
          project: step.project,
          value: step.value,
          key: step.key,
          index: step.index,
          skipped: i === 1,
        });
      }
      expect(first.engine.state()).toMatchObject({ pending: 5, offline: true });
      const page = await first.projects.page(sentiment().id, 0, 10);
      expect(page.rows.filter((r) => r.waitingToSync)).toHaveLength(2);
    } finally {
      first.close();
    }
    proxy.clear();
    const second = app(me, secrets);
    try {
      expect(second.engine.state().pending).toBe(5);
      // Before the queue is sent, a queued task opens with the annotator's last submit, not S3's copy.
      const [queuedId, queued] = [...expected].find(([, e]) => !e.skipped)!;
      await second.projects.sync(queued.project.id);
      const reopened = await second.projects.open(queued.project.id, queued.key, queued.index);
      expect(reopened.taskId).toBe(queuedId);
      expect(reopened.state).toBe('done-by-me');
      const shown = reopened.annotations.filter((a) => a.mine);
      expect(shown).toHaveLength(1);
      expect((shown[0]!.result[0] as { value: unknown }).value).toEqual({ choices: [queued.value] });
      await second.projects.releaseAll();
      await second.engine.start();
      expect(second.engine.state()).toMatchObject({ pending: 0, offline: false });
      expect(expected.size).toBe(4);
      for (const [taskId, { project, value }] of expected) {
        const own = mine(await readDoc(taskId, project.targetPrefix), me);
        expect(own, taskId).toHaveLength(1);
        expect(own[0]!.result[0]!.value.choices, taskId).toEqual([value]);
      }
    } finally {
      second.close();
    }
  }, 60_000);
});
