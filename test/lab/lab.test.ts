import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { Agent } from 'node:https';
import { expect, it } from 'vitest';
import { startLab } from './lab.ts';

const refusesConnections = async (url: string): Promise<boolean> =>
  fetch(url).then(
    () => false,
    () => true,
  );

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('starts in a few seconds with SimpleSAMLphp and leaves no process, port or file behind', async () => {
  const started = performance.now();
  const lab = await startLab({ idp: 'simplesamlphp', https: true, data: 'sample' });
  const seconds = (performance.now() - started) / 1000;
  expect(seconds).toBeLessThan(5);
  const pid = lab.idp.pid ?? -1;
  expect(processAlive(pid)).toBe(true);
  expect(existsSync(lab.rootDir)).toBe(true);
  const urls = [lab.idp.metadataUrl, lab.sts.endpoint, lab.s3.endpoint];

  await lab.close();

  expect(existsSync(lab.rootDir)).toBe(false);
  expect(processAlive(pid)).toBe(false);
  for (const url of urls) expect(await refusesConnections(url)).toBe(true);
});

it('serves STS and S3 over HTTPS with a private CA that clients must be given', async () => {
  const lab = await startLab({ https: true, data: 'sample' });
  try {
    expect(lab.s3.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(lab.sts.endpoint).toMatch(/^https:/);
    expect(lab.s3.caCertPem).toContain('BEGIN CERTIFICATE');
    const credentials = await lab.assumeRole('annotator', lab.roles.visionAnnotator);
    const list = (client: S3Client) =>
      client.send(new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: lab.prefixes.vision }));
    const trusting = new S3Client({
      ...lab.s3,
      credentials,
      requestHandler: { httpsAgent: new Agent({ ca: lab.s3.caCertPem }) },
    });
    expect((await list(trusting)).KeyCount).toBeGreaterThan(0);
    const untrusting = new S3Client({ ...lab.s3, credentials, maxAttempts: 1 });
    await expect(list(untrusting)).rejects.toThrow(/certificate/i);
    trusting.destroy();
    untrusting.destroy();
  } finally {
    await lab.close();
  }
});
