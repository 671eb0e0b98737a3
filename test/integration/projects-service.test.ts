/**
 * The projects service against the lab's S3, with a session that holds role credentials: what a
 * submit does to the annotator's own annotation, and what sign-out gives back.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { createDraftStore, createSealer, openLocalDatabase } from '../../main/local/index.ts';
import { draftsPortFrom } from '../../main/projects/local-drafts.ts';
import { ProjectsService } from '../../main/projects/projects-service.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { decodeResult, encodeResult } from '../../core/labeling/codec.ts';
import type { ConfigNode, ObjectNode } from '../../core/labeling/config-model.ts';
import { labOrganization } from '../lab/app-organization.ts';
import { roleCredentials } from '../lab/role-credentials.ts';
import { startLab, type Lab } from '../lab/lab.ts';

let lab: Lab;
let dir: string;
let admin: S3Client;
beforeAll(async () => {
  lab = await startLab({ idp: 'node', data: 'sample' });
  dir = mkdtempSync(path.join(tmpdir(), 'fa-projects-'));
  admin = new S3Client({
    region: lab.s3.region,
    endpoint: lab.s3.endpoint,
    forcePathStyle: true,
    credentials: lab.credentials.admin,
  });
}, 30_000);
afterAll(async () => {
  admin?.destroy();
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The local draft store of one annotator's app (a real SQLite file, sealed with a memory-only key). */
function localDrafts(me: string) {
  const db = openLocalDatabase({ file: path.join(dir, me, 'local', 'annotator.sqlite') });
  return draftsPortFrom(
    createDraftStore({ db, sealer: createSealer({ secrets: new MemorySecretStore(), persistent: false }) }),
  );
}

function service(me: string, role: (typeof lab.roles)[keyof typeof lab.roles] = lab.roles.languageAnnotator) {
  return serviceAndSession(me, role).projects;
}

/** The service and the session it reads credentials from (a test may sign that session out). */
function serviceAndSession(me: string, role: (typeof lab.roles)[keyof typeof lab.roles]) {
  const organization = parseOrganizationConfig(labOrganization(lab, { id: 'lab' }), 'test');
  const credentials = roleCredentials(
    lab.credentials.forRole(role, { expiresInSeconds: 3600, sessionName: me }),
    role,
    me,
  );
  const session = {
    organization,
    signedIn: true,
    credentials: () => {
      if (!session.signedIn) throw new Error('signed out: no credentials');
      return credentials;
    },
    refreshCredentials: async () => session.credentials(),
  };
  const projects = new ProjectsService({
    session,
    indexDir: path.join(dir, me, 'task-index'),
    drafts: localDrafts(`${me}-${role.name}`),
    emitProgress: () => undefined,
  });
  return { projects, session };
}

const sentiment = () => lab.projects.find((p) => p.id.endsWith('review-sentiment'))!;
const scenes = () => lab.projects.find((p) => p.id.endsWith('scene-review'))!;

function findNode(node: ConfigNode, name: string): ObjectNode | null {
  if (node.kind === 'object' && node.name === name) return node;
  if ('children' in node)
    for (const child of node.children) {
      const found = findNode(child, name);
      if (found) return found;
    }
  return null;
}

async function readDoc(taskId: string) {
  const object = await admin.send(
    new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${sentiment().targetPrefix}${taskId}.json` }),
  );
  return JSON.parse(await object.Body!.transformToString()) as {
    annotations: {
      id: number;
      completed_by: { email: string };
      result: { from_name: string; to_name?: string; type: string; value: unknown }[];
      lead_time: number;
    }[];
  };
}

const choice = (value: string) => [
  { id: `c-${value}`, from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [value] } },
];
const submission = (result: Record<string, unknown>[], leadTimeSeconds: number, wasCancelled = false) => ({
  result,
  leadTimeSeconds,
  wasCancelled,
});

describe('projects service', () => {
  it('a double submit leaves one annotation of mine, not two', async () => {
    const projects = service('dana@corp.example');
    await projects.sync(sentiment().id);
    const opened = await projects.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 2);
    const [a, b] = await Promise.all([
      projects.submit(sentiment().id, opened.taskId, submission(choice('Negative'), 3)),
      projects.submit(sentiment().id, opened.taskId, submission(choice('Negative'), 3)),
    ]);
    expect(a.annotationId).toBe(b.annotationId);
    const doc = await readDoc(opened.taskId);
    expect(doc.annotations.filter((x) => x.completed_by.email === 'dana@corp.example')).toHaveLength(1);
    projects.reset();
  });

  it('an update replaces my result with what the window sends, whose codec kept the items it did not edit', async () => {
    const projects = service('erin@corp.example');
    await projects.sync(sentiment().id);
    const opened = await projects.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 3);
    await projects.submit(sentiment().id, opened.taskId, submission(choice('Positive'), 5));
    // Another tool (or a later version) added a span to Erin's annotation.
    const doc = await readDoc(opened.taskId);
    const mine = doc.annotations.find((x) => x.completed_by.email === 'erin@corp.example')!;
    mine.result.push({
      from_name: 'spans',
      to_name: 'text',
      type: 'labels',
      value: { start: 0, end: 3, labels: ['X'] },
    });
    await admin.send(
      new PutObjectCommand({
        Bucket: lab.s3.bucket,
        Key: `${sentiment().targetPrefix}${opened.taskId}.json`,
        Body: JSON.stringify(doc),
      }),
    );
    const reopened = await projects.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 3);
    // The window: decode my annotation, change the choice, encode everything back.
    const decoded = decodeResult(reopened.annotations.find((a) => a.mine)!.result);
    const sentimentRecord = decoded.records.find((r) => r.fromName === 'sentiment')!;
    sentimentRecord.value = { choices: ['Neutral'] };
    const result = encodeResult(decoded) as Record<string, unknown>[];
    await projects.submit(sentiment().id, opened.taskId, submission(result, 7));
    const after = (await readDoc(opened.taskId)).annotations.find(
      (x) => x.completed_by.email === 'erin@corp.example',
    )!;
    expect(after.id).toBe(mine.id);
    expect(after.result.map((r) => r.from_name).sort()).toEqual(['sentiment', 'spans']);
    expect(after.result.find((r) => r.from_name === 'spans')).toEqual(mine.result.at(-1));
    expect(after.result.find((r) => r.from_name === 'sentiment')!.value).toEqual({ choices: ['Neutral'] });
    expect(after.lead_time).toBe(12);
    projects.reset();
  });

  it('sign-out wipes the credentials first, then gives every held lease back, so others can take the tasks', async () => {
    const { projects: first, session } = serviceAndSession('finn@corp.example', lab.roles.languageAnnotator);
    await first.sync(sentiment().id);
    const held = await first.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 1);
    expect(held.claim.held).toBe(true);
    const other = service('gail@corp.example');
    await other.sync(sentiment().id);
    expect(
      (await other.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 1)).claim,
    ).toMatchObject({ held: false, holder: 'finn@corp.example' });
    // As the sign-out handler does: detach, wipe the session, then return the leases.
    const returnLeases = first.detachLeases();
    session.signedIn = false;
    expect(() => session.credentials()).toThrow();
    await returnLeases(3_000);
    first.reset();
    expect((await other.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 1)).claim.held).toBe(
      true,
    );
    await other.releaseAll();
    other.reset();
  });

  it('reads a task file once per ETag: "next task" reuses it, a Refresh that sees a new ETag reads it again', async () => {
    const projects = service('hana@corp.example');
    const key = `${sentiment().sourcePrefix}tasks.json`;
    await projects.sync(sentiment().id);
    const text = (opened: Awaited<ReturnType<typeof projects.open>>) => {
      const node = findNode(opened.config.root, 'text');
      return node?.value?.kind === 'text' ? node.value.text : null;
    };
    const before = text(await projects.open(sentiment().id, key, 1));
    const original = await admin.send(new GetObjectCommand({ Bucket: lab.s3.bucket, Key: key }));
    const tasks = JSON.parse(await original.Body!.transformToString()) as { data: { review: string } }[];
    try {
      const changed = tasks.map((t, i) => ({ ...t, data: { review: `changed ${i}` } }));
      await admin.send(
        new PutObjectCommand({ Bucket: lab.s3.bucket, Key: key, Body: JSON.stringify(changed) }),
      );
      // The index still knows the old ETag: the cached file answers, no new read.
      expect(text(await projects.open(sentiment().id, key, 1))).toBe(before);
      await projects.sync(sentiment().id, true);
      expect(text(await projects.open(sentiment().id, key, 1))).toBe('changed 1');
    } finally {
      await admin.send(
        new PutObjectCommand({ Bucket: lab.s3.bucket, Key: key, Body: JSON.stringify(tasks) }),
      );
      await projects.releaseAll();
      projects.reset();
    }
  });

  it('keeps a draft on this computer: open returns it, an older rev is ignored, a submit drops it', async () => {
    const projects = service('ivan@corp.example');
    await projects.sync(sentiment().id);
    const key = `${sentiment().sourcePrefix}tasks.json`;
    const opened = await projects.open(sentiment().id, key, 0);
    expect(opened.draft).toBeNull();
    const saved = await projects.saveDraft(sentiment().id, opened.taskId, {
      rev: 2,
      result: choice('Negative'),
      leadTimeSeconds: 4,
    });
    expect(saved).toMatchObject({ rev: 2, stale: false });
    const stale = await projects.saveDraft(sentiment().id, opened.taskId, {
      rev: 1,
      result: choice('Positive'),
      leadTimeSeconds: 1,
    });
    expect(stale.stale).toBe(true);
    const again = await projects.open(sentiment().id, key, 0);
    expect(again.draft).toMatchObject({ rev: 2, result: choice('Negative'), leadTimeSeconds: 4 });
    expect(
      (await projects.page(sentiment().id, 0, 50, { state: 'draft' })).rows.map((r) => r.taskId),
    ).toEqual([opened.taskId]);
    expect(await projects.lastOpen()).toEqual({ projectId: sentiment().id, key, index: 0 });
    await projects.submit(sentiment().id, opened.taskId, submission(choice('Negative'), 4));
    // A draft save still on its way after the submit brings no draft back; a new opening drafts again.
    await expect(
      projects.saveDraft(sentiment().id, opened.taskId, {
        rev: 3,
        result: choice('Positive'),
        leadTimeSeconds: 5,
      }),
    ).rejects.toMatchObject({ code: 'TASK_ALREADY_SUBMITTED' });
    expect((await projects.open(sentiment().id, key, 0)).draft).toBeNull();
    expect(
      await projects.saveDraft(sentiment().id, opened.taskId, {
        rev: 4,
        result: choice('Positive'),
        leadTimeSeconds: 5,
      }),
    ).toMatchObject({ stale: false });
    await projects.discardDraft(sentiment().id, opened.taskId);
    await projects.closed(sentiment().id, opened.taskId);
    expect(await projects.lastOpen()).toBeNull();
    projects.reset();
  });

  it("names the annotation file by the task's Label Studio id; a skip is was_cancelled, an update keeps the id", async () => {
    const projects = service('jo@corp.example');
    await projects.sync(sentiment().id);
    const opened = await projects.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 1);
    expect(opened.taskId).toBe('201');
    await projects.submit(sentiment().id, opened.taskId, submission([], 2, true));
    const skipped = (await readDoc('201')).annotations.find(
      (a) => a.completed_by.email === 'jo@corp.example',
    )!;
    expect(skipped).toMatchObject({ was_cancelled: true, result: [] });
    const reopened = await projects.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 1);
    expect(reopened.state).toBe('skipped-by-me');
    await projects.submit(sentiment().id, opened.taskId, submission(choice('Positive'), 3));
    const updated = (await readDoc('201')).annotations.filter(
      (a) => a.completed_by.email === 'jo@corp.example',
    );
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ id: skipped.id, was_cancelled: false, lead_time: 5 });
    projects.reset();
  });

  it('streams across task files in order, skipping tasks someone else holds, until none is left', async () => {
    const first = service('kim@corp.example', lab.roles.visionAnnotator);
    const other = service('lee@corp.example', lab.roles.visionAnnotator);
    const p = scenes();
    await Promise.all([first.sync(p.id), other.sync(p.id)]);
    // Lee holds the stream's first task.
    const held = await other.next(p.id);
    expect(held).toMatchObject({ key: `${p.sourcePrefix}batch-1.json`, taskIndex: 0, taskId: '511' });
    const seen: string[] = [];
    let task = await first.next(p.id);
    while (task) {
      seen.push(task.taskId);
      expect(task.access).toEqual({ mode: 'edit' });
      await first.submit(p.id, task.taskId, submission([], 1, true));
      task = await first.next(p.id, { key: task.key, index: task.taskIndex });
    }
    // Every task but Lee's, across the JSON array and the JSONL file, each once.
    expect(seen).toEqual(['512', '513', '514', '515']);
    const rows = (await first.page(p.id, 0, 50)).rows;
    expect(rows.map((r) => [r.taskId, r.index, r.taskCount])).toEqual([
      ['511', 0, 3],
      ['512', 1, 3],
      ['513', 2, 3],
      ['514', 0, 2],
      ['515', 1, 2],
    ]);
    first.reset();
    await other.releaseAll();
    other.reset();
  });

  it('a reviewer role opens tasks read-only; a project needing tools this version lacks is view only', async () => {
    const reviewer = service('max@corp.example', lab.roles.visionReviewer);
    const p = scenes();
    await reviewer.sync(p.id);
    const opened = await reviewer.open(p.id, `${p.sourcePrefix}batch-1.json`, 2);
    expect(opened.access).toEqual({ mode: 'view', reason: 'reviewer' });
    expect(opened.claim.held).toBe(false);
    expect(opened.draft).toBeNull();

    const annotator = service('nia@corp.example', lab.roles.visionAnnotator);
    const workspaces = await annotator.workspaces();
    const projects = workspaces.flatMap((w) => w.projects);
    // The image tools edit boxes: every vision project is editable.
    expect(projects.find((x) => x.id.endsWith('shapes-boxes'))?.viewOnlyTags).toEqual([]);
    expect(projects.find((x) => x.id.endsWith('scene-review'))?.viewOnlyTags).toEqual([]);
    // Audio segments are edited on the waveform: the call-center project is editable.
    const listener = service('noor@corp.example', lab.roles.languageAnnotator);
    const language = (await listener.workspaces()).flatMap((w) => w.projects);
    expect(language.find((x) => x.id.endsWith('call-segments'))?.viewOnlyTags).toEqual([]);
    // Time series have no editor yet: that project is view only, and opening it claims nothing.
    expect(language.find((x) => x.id.endsWith('call-levels'))?.viewOnlyTags).toEqual(['TimeSeriesLabels']);
    const calls = lab.projects.find((x) => x.id.endsWith('call-levels'))!;
    await listener.sync(calls.id);
    const view = await listener.open(calls.id, `${calls.sourcePrefix}tasks.json`, 0);
    expect(view.access).toEqual({ mode: 'view', reason: 'tools', tags: ['TimeSeriesLabels'] });
    expect(view.claim.held).toBe(false);
    // Predictions in the task file are there to be shown.
    expect(view.source[0]).toMatchObject({ kind: 'prediction', label: 'lab-levels' });
    const leases = await admin.send(
      new (await import('@aws-sdk/client-s3')).ListObjectsV2Command({
        Bucket: lab.s3.bucket,
        Prefix: `${calls.targetPrefix}.claims/`,
      }),
    );
    expect(leases.KeyCount ?? 0).toBe(0);
    listener.reset();
    reviewer.reset();
    annotator.reset();
  });

  it('refuses a result it could not read back, and hostile nesting, with typed errors; nothing is written', async () => {
    const projects = service('omar@corp.example');
    await projects.sync(sentiment().id);
    const opened = await projects.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 2);
    const huge = Array.from({ length: 9 }, (_, i) => ({
      id: `t${i}`,
      from_name: 'note',
      to_name: 'text',
      type: 'textarea',
      value: { text: ['x'.repeat(1024 * 1024)] },
    }));
    await expect(projects.submit(sentiment().id, opened.taskId, submission(huge, 1))).rejects.toMatchObject({
      code: 'ANNOTATION_TOO_LARGE',
    });
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 3000; i++) deep = deep.d = {};
    await expect(
      projects.saveDraft(sentiment().id, opened.taskId, { rev: 1, result: [root], leadTimeSeconds: 1 }),
    ).rejects.toMatchObject({ code: 'ANNOTATION_INVALID' });
    const mine = (
      await projects.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 2)
    ).annotations.filter((a) => a.mine);
    expect(mine).toEqual([]);
    projects.reset();
  });

  it('valueType="url" text is read through main with the role\'s credentials (no bucket CORS needed)', async () => {
    const role = lab.roles.languageAnnotator;
    const raw = labOrganization(lab, { id: 'lab' });
    const language = raw.workspaces.find((w) => w.id === 'team-language')!;
    const prefix = 'team-language/by-url/';
    language.projects.push({
      ...language.projects[0]!,
      id: 'by-url',
      name: 'Texts by URL',
      taskPrefix: `${prefix}tasks/`,
      targetPrefix: `${prefix}annotations/`,
      mediaPrefixes: [prefix],
      labelingConfig: {
        inline:
          '<View><Header value="Article $title"/><Text name="body" value="$url" valueType="url"/>' +
          '<Choices name="topic" toName="body"><Choice value="Sport"/><Choice value="Science"/></Choices></View>',
      },
    });
    const put = (Key: string, Body: string) =>
      admin.send(new PutObjectCommand({ Bucket: lab.s3.bucket, Key, Body }));
    await put(`${prefix}texts/a.txt`, 'Rockets and rovers.');
    await put(
      `${prefix}tasks/1.json`,
      JSON.stringify({ data: { title: 'one', url: `s3://${lab.s3.bucket}/${prefix}texts/a.txt` } }),
    );
    const credentials = roleCredentials(
      lab.credentials.forRole(role, { expiresInSeconds: 3600, sessionName: 'pia@corp.example' }),
      role,
      'pia@corp.example',
    );
    const projects = new ProjectsService({
      session: {
        organization: parseOrganizationConfig(raw, 'test'),
        credentials: () => credentials,
        refreshCredentials: async () => credentials,
      },
      indexDir: path.join(dir, 'pia', 'task-index'),
      drafts: localDrafts('pia'),
      emitProgress: () => undefined,
    });
    await projects.sync('by-url');
    const opened = await projects.open('by-url', `${prefix}tasks/1.json`, 0);
    expect(findNode(opened.config.root, 'body')?.value).toEqual({
      kind: 'text',
      text: 'Rockets and rovers.',
    });
    const header = JSON.stringify(opened.config.root);
    expect(header).toContain('Article one');
    expect(header).not.toContain('s3://');
    // A URL outside the project's prefixes is refused before any read, though the role may read it.
    await put(
      `${prefix}tasks/2.json`,
      JSON.stringify({
        data: { title: 'two', url: `s3://${lab.s3.bucket}/${sentiment().sourcePrefix}tasks.json` },
      }),
    );
    await projects.sync('by-url', true);
    await expect(projects.open('by-url', `${prefix}tasks/2.json`, 0)).rejects.toMatchObject({
      code: 'KEY_OUTSIDE_PROJECT',
    });
    await projects.releaseAll();
    projects.reset();
  });

  it('two tasks with the same Label Studio id (two exports side by side) keep separate annotation files', async () => {
    const p = sentiment();
    const put = (Key: string, Body: string) =>
      admin.send(new PutObjectCommand({ Bucket: lab.s3.bucket, Key, Body }));
    await put(`${p.sourcePrefix}twin-a.json`, JSON.stringify({ id: 9001, data: { review: 'first export' } }));
    await put(
      `${p.sourcePrefix}twin-b.json`,
      JSON.stringify({ id: 9001, data: { review: 'second export' } }),
    );
    const projects = service('quinn@corp.example');
    await projects.sync(p.id, true);
    const a = await projects.open(p.id, `${p.sourcePrefix}twin-a.json`, 0);
    expect(a.taskId).toBe('9001');
    await projects.submit(p.id, a.taskId, submission(choice('Positive'), 1));
    const b = await projects.open(p.id, `${p.sourcePrefix}twin-b.json`, 0);
    expect(b.taskId).not.toBe('9001');
    expect(b.annotations).toEqual([]);
    await projects.submit(p.id, b.taskId, submission(choice('Negative'), 1));
    const first = await readDoc('9001');
    expect(first.annotations).toHaveLength(1);
    expect(first.annotations[0]!.result[0]!.value).toEqual({ choices: ['Positive'] });
    expect((await readDoc(b.taskId)).annotations[0]!.result[0]!.value).toEqual({ choices: ['Negative'] });
    projects.reset();
  });

  it('a lease taken over while the app could not renew it stops the submit, until it is free again', async () => {
    const p = scenes();
    const organization = parseOrganizationConfig(labOrganization(lab, { id: 'lab' }), 'test');
    const role = lab.roles.visionAnnotator;
    const me = 'rosa@corp.example';
    const credentials = roleCredentials(
      lab.credentials.forRole(role, { expiresInSeconds: 3600, sessionName: me }),
      role,
      me,
    );
    const projects = new ProjectsService({
      session: { organization, credentials: () => credentials, refreshCredentials: async () => credentials },
      indexDir: path.join(dir, 'rosa', 'task-index'),
      drafts: localDrafts('rosa'),
      emitProgress: () => undefined,
    });
    await projects.sync(p.id);
    const opened = await projects.open(p.id, `${p.sourcePrefix}batch-2.jsonl`, 1);
    expect(opened.claim.held).toBe(true);
    const leaseKey = `${p.targetPrefix}.claims/${opened.taskId}.json`;
    const lease = (holder: string, expiresInMs: number) =>
      admin.send(
        new PutObjectCommand({
          Bucket: lab.s3.bucket,
          Key: leaseKey,
          Body: JSON.stringify({
            taskId: opened.taskId,
            holder,
            expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
            createdAt: new Date().toISOString(),
          }),
        }),
      );
    await lease('sam@corp.example', 3_600_000);
    // The computer wakes up: the app renews at once and finds the lease taken.
    await projects.renewLeases();
    await expect(projects.submit(p.id, opened.taskId, submission([], 1, true))).rejects.toMatchObject({
      code: 'TASK_LEASE_LOST',
    });
    // Sam's lease lapsed long ago: the submit takes the task again and goes through.
    await lease('sam@corp.example', -10 * 60_000);
    await projects.submit(p.id, opened.taskId, submission([], 1, true));
    const object = await admin.send(
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${p.targetPrefix}${opened.taskId}.json` }),
    );
    const doc = JSON.parse(await object.Body!.transformToString()) as {
      annotations: { completed_by: { email: string } }[];
    };
    expect(doc.annotations.filter((a) => a.completed_by.email === me)).toHaveLength(1);
    await projects.releaseAll();
    projects.reset();
  });

  it('"next" passes over a task file it cannot read instead of ending the stream', async () => {
    const p = scenes();
    const put = (Key: string, Body: string) =>
      admin.send(new PutObjectCommand({ Bucket: lab.s3.bucket, Key, Body }));
    await put(`${p.sourcePrefix}batch-0-empty.json`, '   ');
    const projects = service('tara@corp.example', lab.roles.visionAnnotator);
    await projects.sync(p.id, true);
    const first = await projects.next(p.id);
    expect(first?.key).not.toBe(`${p.sourcePrefix}batch-0-empty.json`);
    expect(first?.access).toEqual({ mode: 'edit' });
    await projects.releaseAll();
    projects.reset();
  });

  it('a draft of a task in a JSONL file comes back on that task (and on no other task of the file)', async () => {
    const p = scenes();
    const projects = service('uma@corp.example', lab.roles.visionAnnotator);
    await projects.sync(p.id);
    const key = `${p.sourcePrefix}batch-2.jsonl`;
    const second = await projects.open(p.id, key, 1);
    await projects.saveDraft(p.id, second.taskId, { rev: 1, result: choice('Neutral'), leadTimeSeconds: 2 });
    expect((await projects.open(p.id, key, 0)).draft).toBeNull();
    expect((await projects.open(p.id, key, 1)).draft).toMatchObject({ rev: 1, result: choice('Neutral') });
    await projects.releaseAll();
    projects.reset();
  });
});
