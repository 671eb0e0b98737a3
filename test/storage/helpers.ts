/**
 * Shared set-up for the storage integration tests: the lab's sample projects as the app's projects
 * configuration, credential sources that count refreshes, and S3 clients that count requests.
 */
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Agent } from 'node:https';
import {
  createS3Client,
  type CredentialSource,
  type S3ClientOptions,
  type StorageS3,
} from '../../main/storage/index.ts';
import { parseProjectsConfig, projectsForRole, type Project } from '../../main/tasks/index.ts';
import type { AwsCredentials, Lab } from '../lab/lab.ts';
import type { LabRole } from '../lab/organization.ts';

export const ANNOTATOR_A = 'alice@example.com';
export const ANNOTATOR_B = 'bob@example.com';

/** Extra projects a test adds beside the sample ones (same defaults as IT would write). */
export type ExtraProject = Partial<Project> & Pick<Project, 'id' | 'taskPrefix' | 'targetPrefix' | 'roles'>;

export function projectsFor(lab: Lab, role: LabRole, extra: ExtraProject[] = []): Project[] {
  const sample = lab.projects.map((p) => ({
    id: p.id,
    name: p.title,
    roles: p.allowedRoleArns,
    bucket: p.bucket,
    region: lab.s3.region,
    endpoint: lab.s3.endpoint,
    forcePathStyle: true,
    importMode: p.importMode,
    taskPrefix: p.sourcePrefix,
    labelingConfig: { s3Key: `${p.prefix}config.xml` },
    targetPrefix: p.targetPrefix,
    mediaPrefixes: [`${p.prefix}media/`],
  }));
  const more = extra.map((p) => ({
    name: p.id,
    bucket: lab.s3.bucket,
    region: lab.s3.region,
    importMode: 'tasks',
    labelingConfig: { inline: '<View><Text name="text" value="$text"/></View>' },
    ...p,
  }));
  const parsed = parseProjectsConfig({
    version: 1,
    workspaces: [{ id: 'lab', name: 'Lab', projects: [...sample, ...more] }],
  });
  if (!parsed.ok) throw parsed.error;
  return projectsForRole(parsed.value, role.arn).flatMap((w) => w.projects);
}

export function project(projects: readonly Project[], id: string): Project {
  const found = projects.find((p) => p.id === id);
  if (!found) throw new Error(`no project ${id} for this role`);
  return found;
}

export interface CountingSource extends CredentialSource {
  refreshes: number;
}

/** The session service stand-in: `first` until refresh(), then fresh credentials for the role. */
export function credentialSource(
  lab: Lab,
  role: LabRole,
  options: { firstExpiresInSeconds?: number; refresh?: () => AwsCredentials } = {},
): CountingSource {
  let current = lab.credentials.forRole(role, { expiresInSeconds: options.firstExpiresInSeconds ?? 3600 });
  const source: CountingSource = {
    refreshes: 0,
    get: async () => current,
    refresh: async () => {
      source.refreshes++;
      current = options.refresh
        ? options.refresh()
        : lab.credentials.forRole(role, { expiresInSeconds: 3600 });
      return current;
    },
  };
  return source;
}

export interface CountingClient {
  s3: StorageS3;
  /** HTTP attempts by SDK command name. */
  requests: Map<string, number>;
  total(): number;
}

export function storageClient(
  lab: Lab,
  credentials: CredentialSource,
  options: {
    endpoint?: string;
    caCertificatesPem?: string[];
    maxAttempts?: number;
    timeouts?: S3ClientOptions['timeouts'];
  } = {},
): CountingClient {
  const requests = new Map<string, number>();
  const s3 = createS3Client({
    region: lab.s3.region,
    endpoint: options.endpoint ?? lab.s3.endpoint,
    forcePathStyle: true,
    credentials,
    ...(options.caCertificatesPem ? { caCertificatesPem: options.caCertificatesPem } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    onRequest: (operation) => requests.set(operation, (requests.get(operation) ?? 0) + 1),
  });
  return { s3, requests, total: () => [...requests.values()].reduce((a, b) => a + b, 0) };
}

/** The data owner's hands (admin credentials): seeding, rewriting, removing objects behind the app's back. */
export function adminClient(lab: Lab): S3Client {
  return new S3Client({
    endpoint: lab.s3.endpoint,
    region: lab.s3.region,
    forcePathStyle: true,
    credentials: lab.credentials.admin,
    ...(lab.s3.caCertPem ? { requestHandler: { httpsAgent: new Agent({ ca: lab.s3.caCertPem }) } } : {}),
  });
}

export async function putAsAdmin(admin: S3Client, bucket: string, key: string, body: string): Promise<void> {
  await admin.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
  );
}

export async function deleteAsAdmin(admin: S3Client, bucket: string, key: string): Promise<void> {
  await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error & { code?: string },
  );
}
