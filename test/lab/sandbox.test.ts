import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scriptedSignIn } from './idp/scripted-sign-in.ts';
import { SandboxOrganizationSchema } from './sandbox-organization.ts';

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
    const organization = SandboxOrganizationSchema.parse(JSON.parse(await readFile(out, 'utf8')));
    const tempFolder = /temp folder: (\S+)/.exec(stdout)?.[1] ?? '';
    expect(existsSync(tempFolder)).toBe(true);
    expect(organization.projects.length).toBeGreaterThanOrEqual(6);

    // A newcomer's path, from the JSON alone: sign in, assume a role, read a project config.
    const user = organization.users.find((u) => u.username === 'annotator')!;
    const role = organization.roles.find((r) => r.arn === user.roleArns[0])!;
    const { samlResponse } = await scriptedSignIn(organization.idp.signInUrl, user.username, user.password);
    const sts = new STSClient({ endpoint: organization.sts.endpoint, region: organization.sts.region });
    const { Credentials } = await sts.send(
      new AssumeRoleWithSAMLCommand({
        RoleArn: role.arn,
        PrincipalArn: role.principalArn,
        SAMLAssertion: samlResponse,
      }),
    );
    sts.destroy();
    const project = organization.projects.find((p) => p.allowedRoleArns.includes(role.arn))!;
    const s3 = new S3Client({
      ...organization.s3,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    });
    const config = await s3.send(
      new GetObjectCommand({ Bucket: project.bucket, Key: `${project.prefix}config.xml` }),
    );
    expect((await config.Body!.transformToString()).trim()).toBe(project.labelConfig);
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
