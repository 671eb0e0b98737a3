import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scriptedSignIn } from './idp/scripted-sign-in.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { LAB_PASSWORD, LAB_USERS } from './idp/users.ts';
import { samlProviderArn } from './organization.ts';

it('npm run sandbox: writes a valid organization, serves the whole flow, and cleans up on Ctrl-C', async () => {
  const outDir = await mkdtemp(join(tmpdir(), 'fa-lab-sandbox-test-'));
  const out = join(outDir, 'organization.json');
  // The same command as `npm run sandbox` (Node 24 runs the TypeScript directly).
  const child = spawn(process.execPath, ['test/lab/sandbox.ts', '--out', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await expect.poll(() => stdout, { timeout: 20_000, interval: 100 }).toContain('Ctrl-C stops it');
    // The app's own parser accepts it: this is exactly what "Try the sandbox" adopts.
    const organization = parseOrganizationConfig(JSON.parse(await readFile(out, 'utf8')), 'sandbox');
    const tempFolder = /temp folder: (\S+)/.exec(stdout)?.[1] ?? '';
    expect(existsSync(tempFolder)).toBe(true);
    const projects = organization.workspaces.flatMap((w) => w.projects);
    expect(projects.length).toBeGreaterThanOrEqual(6);

    // A newcomer's path, from the file alone: sign in, assume a role, read a project's task files.
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
    const project = projects.find((p) => p.roles.includes(role.arn))!;
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
    const config = await s3.send(
      new GetObjectCommand({ Bucket: project.bucket, Key: `${project.mediaPrefixes[0]}config.xml` }),
    );
    expect((await config.Body!.transformToString()).trim()).toBe(
      'inline' in project.labelingConfig ? project.labelingConfig.inline : '',
    );
    s3.destroy();

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(tempFolder)).toBe(false);
    expect(existsSync(out)).toBe(false);
  } finally {
    child.kill('SIGKILL');
    await rm(outDir, { recursive: true, force: true });
  }
});
