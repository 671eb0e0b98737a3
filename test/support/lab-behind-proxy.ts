/**
 * The lab with its S3 behind the fault proxy, once per test file: what the offline and network tests
 * of main start from (logs silenced; a folder for the apps' data; an admin S3 client straight to the
 * lab, past the proxy, to put objects in place and read what the app wrote).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { setLogSinks } from '../../main/log.ts';
import { startFaultProxy, type FaultProxy } from '../lab/fault-proxy.ts';
import { startLab, type Lab } from '../lab/lab.ts';

export interface LabBehindProxy {
  lab: Lab;
  /** In front of the lab's S3: the apps' projects point at proxy.endpoint. */
  proxy: FaultProxy;
  dir: string;
  admin: S3Client;
}

export function useLabBehindProxy(prefix: string, ready: (frame: LabBehindProxy) => void): void {
  let frame: LabBehindProxy | undefined;
  beforeAll(async () => {
    setLogSinks([]);
    const lab = await startLab({ idp: 'node', data: 'sample' });
    const proxy = await startFaultProxy(lab.s3.endpoint);
    const admin = new S3Client({
      region: lab.s3.region,
      endpoint: lab.s3.endpoint,
      forcePathStyle: true,
      credentials: lab.credentials.admin,
    });
    frame = { lab, proxy, admin, dir: mkdtempSync(path.join(tmpdir(), prefix)) };
    ready(frame);
  }, 30_000);
  afterAll(async () => {
    frame?.admin.destroy();
    await frame?.proxy.close();
    await frame?.lab.close();
    if (frame) rmSync(frame.dir, { recursive: true, force: true });
  });
}
