import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scriptedSignIn } from './idp/scripted-sign-in.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { LAB_PASSWORD, LAB_USERS } from './idp/users.ts';
import { samlProviderArn } from './organization.ts';

/** Starts `npm run sandbox` (Node 24 runs the TypeScript directly) and waits until it is ready. */
async function startSandboxProcess(out: string, data: string, ports: string) {
  const child = spawn(
    process.execPath,
    ['test/lab/sandbox.ts', '--out', out, '--data', data, '--ports', ports],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await expect.poll(() => stdout, { timeout: 20_000, interval: 100 }).toContain('Ctrl-C stops it');
  return { child, exited, output: () => stdout };
}

/** Signs `annotator` in from the organization file alone and returns an S3 client for its role. */
async function annotatorS3(organization: ReturnType<typeof parseOrganizationConfig>) {
  const user = LAB_USERS.find((u) => u.username === 'annotator')!;
  const role = user.roles[0]!;
  const { samlResponse } = await scriptedSignIn(organization.idp.signInUrl, user.username, LAB_PASSWORD);
  const sts = new STSClient({ endpoint: organization.aws.stsEndpoint, region: organization.aws.region });
  const { Credentials } = await sts.send(
    new AssumeRoleWithSAMLCommand({
      RoleArn: role.arn,
      PrincipalArn: samlProviderArn(role.accountId),
      SAMLAssertion: samlResponse,
    }),
  );
  sts.destroy();
  const project = organization.workspaces.flatMap((w) => w.projects).find((p) => p.roles.includes(role.arn))!;
  const s3 = new S3Client({
    region: project.region,
    endpoint: project.endpoint,
    forcePathStyle: true,
    credentials: {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    },
  });
  return { s3, project };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const readOrganization = async (file: string) =>
  parseOrganizationConfig(JSON.parse(await readFile(file, 'utf8')), 'sandbox');

it(
  'npm run sandbox: writes a valid organization, serves the whole flow, keeps its data folder across a restart',
  { timeout: 60_000 },
  async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'fa-lab-sandbox-test-'));
    const out = join(outDir, 'organization.json');
    const data = join(outDir, 'data');
    // Fixed ports, as by default, but free ones: the organization an app adopted stays valid.
    const ports = (await Promise.all([freePort(), freePort(), freePort()])).join(',');
    let run = await startSandboxProcess(out, data, ports);
    try {
      // The app's own parser accepts it: this is exactly what "Try the sandbox" adopts.
      const organization = await readOrganization(out);
      expect(run.output()).toContain(
        `data folder (kept between runs; npm run sandbox:reset empties it): ${data}`,
      );
      const projects = organization.workspaces.flatMap((w) => w.projects);
      expect(projects.length).toBeGreaterThanOrEqual(6);

      // A newcomer's path, from the file alone: sign in, assume a role, read a project's task files.
      const first = await annotatorS3(organization);
      const config = await first.s3.send(
        new GetObjectCommand({
          Bucket: first.project.bucket,
          Key: `${first.project.mediaPrefixes[0]}config.xml`,
        }),
      );
      expect((await config.Body!.transformToString()).trim()).toBe(
        'inline' in first.project.labelingConfig ? first.project.labelingConfig.inline : '',
      );
      const kept = `${first.project.targetPrefix}kept-across-restarts.json`;
      await first.s3.send(
        new PutObjectCommand({ Bucket: first.project.bucket, Key: kept, Body: '{"kept":true}' }),
      );
      first.s3.destroy();

      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
      expect(existsSync(out)).toBe(false); // its endpoints are gone: nothing offers a dead sandbox
      expect(existsSync(data)).toBe(true);

      // Started again on the same folder: same IdP key (the adopted metadata stays valid), same data.
      run = await startSandboxProcess(out, data, ports);
      const again = await readOrganization(out);
      expect(again).toEqual(organization);
      const second = await annotatorS3(again);
      const object = await second.s3.send(new GetObjectCommand({ Bucket: second.project.bucket, Key: kept }));
      expect(await object.Body!.transformToString()).toBe('{"kept":true}');
      second.s3.destroy();
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);

      // npm run sandbox:reset empties the folder.
      const reset = spawnSync(process.execPath, ['test/lab/sandbox.ts', 'reset', '--data', data], {
        encoding: 'utf8',
      });
      expect(reset.status).toBe(0);
      expect(existsSync(data)).toBe(false);
    } finally {
      run.child.kill('SIGKILL');
      await rm(outDir, { recursive: true, force: true });
    }
  },
);
