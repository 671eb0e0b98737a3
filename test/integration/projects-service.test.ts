/**
 * The projects service against the lab's S3, with a session that holds role credentials: what a
 * submit does to the annotator's own annotation, and what sign-out gives back.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../../main/auth/session-service.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { ProjectsService } from '../../main/projects/projects-service.ts';
import { labOrganization } from '../lab/app-organization.ts';
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

function service(me: string) {
  const role = lab.roles.languageAnnotator;
  const organization = parseOrganizationConfig(labOrganization(lab, { id: 'lab' }), 'test');
  const issued = lab.credentials.forRole(role, { expiresInSeconds: 3600, sessionName: me });
  const credentials: Credentials = {
    accessKeyId: issued.accessKeyId,
    secretAccessKey: issued.secretAccessKey,
    sessionToken: issued.sessionToken!,
    expiration: issued.expiration!,
    assumedRoleArn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${me}`,
    roleArn: role.arn,
    identity: { nameId: me, roleSessionName: me, assumedRoleArn: '' },
  };
  return new ProjectsService({
    session: { organization, credentials: () => credentials, refreshCredentials: async () => credentials },
    indexDir: path.join(dir, me),
    emitProgress: () => undefined,
  });
}

const sentiment = () => lab.projects.find((p) => p.id.endsWith('review-sentiment'))!;

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
  { from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [value] } },
];

describe('projects service', () => {
  it('a double submit leaves one annotation of mine, not two', async () => {
    const projects = service('dana@corp.example');
    await projects.sync(sentiment().id);
    const opened = await projects.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 2);
    const [a, b] = await Promise.all([
      projects.submit(sentiment().id, opened.taskId, choice('Negative'), ['sentiment'], 3),
      projects.submit(sentiment().id, opened.taskId, choice('Negative'), ['sentiment'], 3),
    ]);
    expect(a.annotationId).toBe(b.annotationId);
    const doc = await readDoc(opened.taskId);
    expect(doc.annotations.filter((x) => x.completed_by.email === 'dana@corp.example')).toHaveLength(1);
    projects.reset();
  });

  it('editing keeps the result items the window does not edit, and lead time adds up', async () => {
    const projects = service('erin@corp.example');
    await projects.sync(sentiment().id);
    const opened = await projects.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 3);
    await projects.submit(sentiment().id, opened.taskId, choice('Positive'), ['sentiment'], 5);
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
    await projects.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 3);
    await projects.submit(sentiment().id, opened.taskId, choice('Neutral'), ['sentiment'], 7);
    const after = (await readDoc(opened.taskId)).annotations.find(
      (x) => x.completed_by.email === 'erin@corp.example',
    )!;
    expect(after.id).toBe(mine.id);
    expect(after.result.map((r) => r.from_name).sort()).toEqual(['sentiment', 'spans']);
    expect(after.result.find((r) => r.from_name === 'sentiment')!.value).toEqual({ choices: ['Neutral'] });
    expect(after.lead_time).toBe(12);
    projects.reset();
  });

  it('gives every held lease back on releaseAll (sign-out), so others can take the tasks', async () => {
    const first = service('finn@corp.example');
    await first.sync(sentiment().id);
    const held = await first.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 1);
    expect(held.claim.held).toBe(true);
    const other = service('gail@corp.example');
    await other.sync(sentiment().id);
    expect(
      (await other.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 1)).claim,
    ).toMatchObject({ held: false, holder: 'finn@corp.example' });
    await first.releaseAll();
    first.reset();
    expect((await other.open(sentiment().id, `${sentiment().sourcePrefix}tasks.json`, 1)).claim.held).toBe(
      true,
    );
    other.reset();
  });

  it('reads a task file once per ETag: "next task" reuses it, a Refresh that sees a new ETag reads it again', async () => {
    const projects = service('hana@corp.example');
    const key = `${sentiment().sourcePrefix}tasks.json`;
    await projects.sync(sentiment().id);
    const text = (opened: Awaited<ReturnType<typeof projects.open>>) =>
      opened.objects.find((o) => o.name === 'text')!.value;
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
      projects.reset();
    }
  });
});
