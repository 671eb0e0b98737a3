import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { LabClock } from './clock.ts';
import type { LabIdp } from './idp/lab-idp.ts';
import { startNodeIdp } from './idp/node-idp.ts';
import { startSimpleSamlPhp } from './idp/simplesamlphp.ts';
import { LAB_PASSWORD, LAB_USERS } from './idp/users.ts';
import {
  ACCOUNTS,
  findRole,
  LAB_BUCKET,
  LAB_REGION,
  ROLES,
  samlProviderArn,
  TEAM_PREFIXES,
  type LabRole,
} from './organization.ts';
import { startS3Front, type S3Faults } from './s3/s3-front.ts';
import { generateBulkPrefix, type BulkPrefixResult } from './sample-data/bulk-prefix.ts';
import { seedSampleData, type SampleProject } from './sample-data/seed.ts';
import { CredentialStore, type IssuedCredentials } from './sts/credential-store.ts';
import { SamlProviderRegistry } from './sts/saml-providers.ts';
import { startStsServer } from './sts/sts-server.ts';
import { makeLabTls } from './tls.ts';

/**
 * The federation lab in one call: an IdP, STS and S3 on random loopback ports, keys and storage in
 * one temp folder, all stopped and removed by close(). See README.md beside this file.
 */
export interface StartLabOptions {
  /** 'node' (samlify, fast, default) or 'simplesamlphp' (Debian's, a real PHP IdP). */
  idp?: 'node' | 'simplesamlphp';
  /** Serve STS and S3 over HTTPS with a per-run private CA. */
  https?: boolean;
  /** 'sample' seeds the Label Studio sample projects (default 'none'). */
  data?: 'sample' | 'none';
  /** STS tolerance for the IdP clock on NotBefore/NotOnOrAfter (default 300 s). */
  stsClockSkewSeconds?: number;
  /** S3 answers missing keys with 403 unless ListBucket is granted without a prefix (AWS's way). */
  aws403ForMissing?: boolean;
  /**
   * A folder to keep (the sandbox's): keys and storage stay there between runs and close() leaves it.
   * Default: a temp folder, removed by close().
   */
  keepDir?: string;
  /** Fixed loopback ports (the sandbox's, so an app's organization file stays valid); default random. */
  ports?: { idp?: number; sts?: number; s3?: number };
}

/** Credentials as the AWS SDK takes them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface Lab {
  rootDir: string;
  clock: LabClock;
  idp: LabIdp;
  sts: { endpoint: string; region: string; readonly assumeRoleCalls: number };
  s3: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    bucket: string;
    buckets: string[];
    caCertPem?: string;
    caCertPath?: string;
    /** Run-time switches: AWS's 403 for missing keys, 409 on conditional writes. */
    faults: S3Faults;
  };
  accounts: typeof ACCOUNTS;
  roles: typeof ROLES;
  /** The SAML provider ARN per account (the PrincipalArn to pass with a role of that account). */
  providerArnFor(role: LabRole): string;
  prefixes: typeof TEAM_PREFIXES;
  users: typeof LAB_USERS;
  password: string;
  projects: SampleProject[];
  credentials: {
    /** Long-term (AKIA…) credentials allowed everything: seeding and inspecting. */
    admin: AwsCredentials;
    /** Session credentials for a role without going through the IdP; negative expiresInSeconds: already expired. */
    forRole(role: LabRole, options?: { expiresInSeconds?: number; sessionName?: string }): AwsCredentials;
  };
  /** Writes `count` (default 100k) small task objects under `prefix` of the lab bucket, for benchmarks. */
  generateBulkPrefix(prefix: string, count?: number): Promise<BulkPrefixResult>;
  /** Signs in with the scripted client and calls AssumeRoleWithSAML through @aws-sdk/client-sts. */
  assumeRole(username: string, role: LabRole, durationSeconds?: number): Promise<AwsCredentials>;
  close(): Promise<void>;
}

function toAws(credentials: IssuedCredentials): AwsCredentials {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
  };
}

export async function startLab(options: StartLabOptions = {}): Promise<Lab> {
  const rootDir = options.keepDir ?? (await mkdtemp(join(tmpdir(), 'fa-lab-')));
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
    closers.length = 0;
    if (!options.keepDir) await rm(rootDir, { recursive: true, force: true });
  };
  try {
    const dirs = { keys: join(rootDir, 'keys'), s3: join(rootDir, 's3'), idp: join(rootDir, 'idp') };
    await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true })));
    const clock = new LabClock();
    const store = new CredentialStore(clock);
    const tls = options.https ? await makeLabTls(dirs.keys) : undefined;

    const [idp, s3] = await Promise.all([
      options.idp === 'simplesamlphp'
        ? startSimpleSamlPhp({ dir: dirs.idp, clock })
        : startNodeIdp({ dir: dirs.idp, clock, ...(options.ports?.idp ? { port: options.ports.idp } : {}) }),
      startS3Front({
        directory: dirs.s3,
        buckets: [LAB_BUCKET],
        region: LAB_REGION,
        store,
        clock,
        tls,
        ...(options.aws403ForMissing ? { aws403ForMissing: true } : {}),
        ...(options.ports?.s3 ? { port: options.ports.s3 } : {}),
      }),
    ]);
    closers.push(
      () => idp.close(),
      () => s3.close(),
    );

    const providers = new SamlProviderRegistry();
    for (const accountId of Object.values(ACCOUNTS))
      providers.register(samlProviderArn(accountId), idp.metadataXml);
    const sts = await startStsServer({
      region: LAB_REGION,
      providers,
      store,
      clock,
      findRole,
      clockSkewSeconds: options.stsClockSkewSeconds ?? 300,
      tls,
      ...(options.ports?.sts ? { port: options.ports.sts } : {}),
    });
    closers.push(() => sts.close());

    const admin = toAws(store.issueAdmin(ACCOUNTS.vision));
    const s3Info: Lab['s3'] = {
      endpoint: s3.endpoint,
      region: LAB_REGION,
      forcePathStyle: true,
      bucket: LAB_BUCKET,
      buckets: [LAB_BUCKET],
      faults: s3.faults,
      ...(tls ? { caCertPem: tls.caCertPem, caCertPath: tls.caCertPath } : {}),
    };
    const projects = options.data === 'sample' ? await seedSampleData({ ...s3Info, credentials: admin }) : [];

    return {
      rootDir,
      clock,
      idp,
      sts,
      s3: s3Info,
      accounts: ACCOUNTS,
      roles: ROLES,
      providerArnFor: (role) => samlProviderArn(role.accountId),
      prefixes: TEAM_PREFIXES,
      users: LAB_USERS,
      password: LAB_PASSWORD,
      projects,
      credentials: {
        admin,
        forRole: (role, { expiresInSeconds = 3600, sessionName = 'lab-session' } = {}) =>
          toAws(store.issueSessionExpiringIn(role, sessionName, expiresInSeconds)),
      },
      generateBulkPrefix: (prefix, count) =>
        generateBulkPrefix({ storeDirectory: dirs.s3, bucket: LAB_BUCKET, prefix, count }),
      assumeRole: async (username, role, durationSeconds) => {
        const { samlResponse } = await idp.signIn(username, LAB_PASSWORD);
        const client = new STSClient({
          endpoint: sts.endpoint,
          region: LAB_REGION,
          ...(tls ? { requestHandler: { httpsAgent: new Agent({ ca: tls.caCertPem }) } } : {}),
        });
        try {
          const { Credentials } = await client.send(
            new AssumeRoleWithSAMLCommand({
              RoleArn: role.arn,
              PrincipalArn: samlProviderArn(role.accountId),
              SAMLAssertion: samlResponse,
              DurationSeconds: durationSeconds,
            }),
          );
          if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey)
            throw new Error('STS returned no credentials');
          return {
            accessKeyId: Credentials.AccessKeyId,
            secretAccessKey: Credentials.SecretAccessKey,
            sessionToken: Credentials.SessionToken,
            expiration: Credentials.Expiration,
          };
        } finally {
          client.destroy();
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
