import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAnnotationStore,
  createPresigner,
  createTaskReader,
  openTaskIndex,
  StorageError,
  syncProjectIndex,
} from '../../main/storage/index.ts';
import { newAnnotation, type Project } from '../../main/tasks/index.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { ANNOTATOR_A, credentialSource, project, projectsFor, rejection, storageClient } from './helpers.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let lab: Lab;
let projectsA: Project[];
let dir: string;

beforeAll(async () => {
  lab = await startLab({ idp: 'node', data: 'sample' });
  dir = await mkdtemp(join(tmpdir(), 'fa-storage-errors-'));
  const role = lab.roles.visionAnnotator;
  // IT's mistake: role A's project points at the language team's prefix, which its IAM policy forbids.
  projectsA = projectsFor(lab, role, [
    {
      id: 'misconfigured',
      roles: [role.arn],
      taskPrefix: 'team-language/news-ner/tasks/',
      targetPrefix: 'team-language/news-ner/annotations-vision/',
    },
  ]);
});

afterAll(async () => {
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function services(client: ReturnType<typeof storageClient>) {
  const presigner = createPresigner({ s3: client.s3, projects: projectsA });
  return {
    reader: createTaskReader({ s3: client.s3, projects: projectsA, presigner }),
    annotations: createAnnotationStore({ s3: client.s3, projects: projectsA, me: ANNOTATOR_A }),
  };
}

describe('S3 refusals become StorageErrors naming what was refused', () => {
  it('maps AccessDenied on a prefix the role may not use, for list, read and write', async () => {
    const client = storageClient(lab, credentialSource(lab, lab.roles.visionAnnotator));
    const { reader, annotations } = services(client);
    const p = project(projectsA, 'misconfigured');
    const index = openTaskIndex({ directory: dir, project: p });
    try {
      const list = await rejection(syncProjectIndex(p, client.s3, index, projectsA));
      expect(list).toBeInstanceOf(StorageError);
      expect(list.code).toBe('STORAGE_ACCESS_DENIED');
      expect(list.message).toContain('"team-language/news-ner/tasks/"');
      expect(list.message).toContain(lab.s3.bucket);
      expect((list as StorageError).detail).toMatch(/AccessDenied/);

      const read = await rejection(reader.readTasks(p, 'team-language/news-ner/tasks/0001.json'));
      expect([read.code, read.message.includes('read "team-language/news-ner/tasks/"')]).toEqual([
        'STORAGE_ACCESS_DENIED',
        true,
      ]);

      const doc = {
        data: { text: 'x' },
        annotations: [newAnnotation({ me: ANNOTATOR_A, result: [], now: new Date(), leadTimeSeconds: 1 })],
      };
      const write = await rejection(annotations.save(p, 'x-0123456789abcdef', doc, null));
      expect(write.code).toBe('STORAGE_ACCESS_DENIED');
      expect(write.message).toContain('write to "team-language/news-ner/annotations-vision/"');
      expect(index.count()).toBe(0);
    } finally {
      index.close();
      client.s3.destroy();
    }
  });

  it('maps NoSuchBucket and NoSuchKey', async () => {
    const admin = { get: async () => lab.credentials.admin, refresh: async () => lab.credentials.admin };
    const client = storageClient(lab, admin);
    try {
      const bucket = await rejection(client.s3.listObjectsV2({ Bucket: 'fa-lab-not-there', Prefix: 'a/' }));
      expect([bucket.code, bucket.message]).toEqual([
        'STORAGE_NO_SUCH_BUCKET',
        expect.stringContaining('"fa-lab-not-there"'),
      ]);
      const { reader } = services(storageClient(lab, credentialSource(lab, lab.roles.visionAnnotator)));
      const key = await rejection(
        reader.readTasks(project(projectsA, 'shapes-boxes'), 'team-vision/shapes-boxes/tasks/gone.json'),
      );
      expect(key.code).toBe('STORAGE_NO_SUCH_KEY');
    } finally {
      client.s3.destroy();
    }
  });
});

describe('expired credentials', () => {
  it('refreshes the session once and retries when S3 says the token expired', async () => {
    const source = credentialSource(lab, lab.roles.visionAnnotator, { firstExpiresInSeconds: -60 });
    const client = storageClient(lab, source);
    const { reader } = services(client);
    const p = project(projectsA, 'shapes-boxes');
    try {
      const { tasks } = await reader.readTasks(p, `${p.taskPrefix}tasks.json`);
      expect(tasks).toHaveLength(4);
      expect(source.refreshes).toBe(1);
      expect(client.requests.get('GetObjectCommand')).toBe(2); // refused once, then retried
      await reader.readTasks(p, `${p.taskPrefix}tasks.json`);
      expect(source.refreshes).toBe(1);
    } finally {
      client.s3.destroy();
    }
  });

  it('refreshes when S3 says expired although the local expiry says otherwise (clock skew)', async () => {
    const source = credentialSource(lab, lab.roles.visionAnnotator, { firstExpiresInSeconds: 600 });
    const client = storageClient(lab, source);
    const p = project(projectsA, 'shapes-boxes');
    lab.clock.advance(700); // past the 600 s session, within S3's 15-minute request skew
    try {
      const out = await client.s3.listObjectsV2({ Bucket: p.bucket, Prefix: p.taskPrefix });
      expect(out.KeyCount).toBe(1);
      expect(source.refreshes).toBe(1);
    } finally {
      lab.clock.reset();
      client.s3.destroy();
    }
  });

  it('reports STORAGE_SESSION_EXPIRED when the session cannot be extended', async () => {
    const source = credentialSource(lab, lab.roles.visionAnnotator, {
      firstExpiresInSeconds: -60,
      refresh: () => {
        throw new Error('IdP needs the user');
      },
    });
    const client = storageClient(lab, source);
    const p = project(projectsA, 'shapes-boxes');
    try {
      const error = await rejection(client.s3.listObjectsV2({ Bucket: p.bucket, Prefix: p.taskPrefix }));
      expect([error.code, source.refreshes]).toEqual(['STORAGE_SESSION_EXPIRED', 1]);
    } finally {
      client.s3.destroy();
    }
  });
});

describe('network and throttling', () => {
  let server: Server | undefined;
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('reports STORAGE_OFFLINE when nothing listens (the app goes offline)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = storageClient(lab, credentialSource(lab, lab.roles.visionAnnotator), {
      endpoint: `http://127.0.0.1:${port}`,
      maxAttempts: 2,
    });
    try {
      const error = await rejection(
        client.s3.listObjectsV2({ Bucket: lab.s3.bucket, Prefix: 'team-vision/' }),
      );
      expect(error).toBeInstanceOf(StorageError);
      expect([error.code, (error as StorageError).retryable]).toEqual(['STORAGE_OFFLINE', true]);
    } finally {
      client.s3.destroy();
    }
  });

  it('lets the SDK retry SlowDown, then reports STORAGE_THROTTLED', async () => {
    let hits = 0;
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(503, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
      );
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const client = storageClient(lab, credentialSource(lab, lab.roles.visionAnnotator), {
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      maxAttempts: 3,
    });
    try {
      const error = await rejection(
        client.s3.listObjectsV2({ Bucket: lab.s3.bucket, Prefix: 'team-vision/' }),
      );
      expect([error.code, (error as StorageError).retryable, hits]).toEqual(['STORAGE_THROTTLED', true, 3]);
    } finally {
      client.s3.destroy();
    }
  });
});

describe('HTTPS with a corporate CA', () => {
  let tlsLab: Lab;
  beforeAll(async () => {
    tlsLab = await startLab({ idp: 'node', https: true });
  });
  afterAll(async () => {
    await tlsLab?.close();
  });

  it('works with the CA configured and reports STORAGE_TLS_UNTRUSTED without it', async () => {
    const role = tlsLab.roles.visionAnnotator;
    const trusted = storageClient(tlsLab, credentialSource(tlsLab, role), {
      caCertificatesPem: [tlsLab.s3.caCertPem!],
    });
    const untrusted = storageClient(tlsLab, credentialSource(tlsLab, role), { maxAttempts: 1 });
    try {
      expect(tlsLab.s3.endpoint).toMatch(/^https:/);
      const out = await trusted.s3.listObjectsV2({ Bucket: tlsLab.s3.bucket, Prefix: 'team-vision/' });
      expect(out.$metadata.httpStatusCode).toBe(200);
      const error = await rejection(
        untrusted.s3.listObjectsV2({ Bucket: tlsLab.s3.bucket, Prefix: 'team-vision/' }),
      );
      expect(error.code).toBe('STORAGE_TLS_UNTRUSTED');
    } finally {
      trusted.s3.destroy();
      untrusted.s3.destroy();
    }
  });
});
