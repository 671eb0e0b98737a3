import { describe, expect, it } from 'vitest';
import type { Workspace } from '../tasks/project-config.ts';
import { dataOriginsFor } from './data-origins.ts';

const project = (extra: Record<string, unknown>) => ({
  id: 'p',
  name: 'P',
  bucket: 'labels',
  region: 'eu-west-1',
  ...extra,
});
const workspaces = (...projects: Record<string, unknown>[]) =>
  [{ id: 'w', name: 'W', projects }] as unknown as Workspace[];

describe('CSP data origins', () => {
  it('allows both AWS address forms for a bucket without endpoint', () => {
    expect(dataOriginsFor(workspaces(project({})))).toEqual([
      'https://labels.s3.eu-west-1.amazonaws.com',
      'https://s3.eu-west-1.amazonaws.com',
    ]);
  });

  it('allows the VPC endpoint, virtual-hosted unless path-style is forced', () => {
    const vpce = 'https://bucket.vpce-0abc.s3.eu-west-1.vpce.amazonaws.com';
    expect(dataOriginsFor(workspaces(project({ endpoint: vpce, forcePathStyle: true })))).toEqual([vpce]);
    expect(
      dataOriginsFor(workspaces(project({ endpoint: 'https://s3.corp.example', forcePathStyle: false }))),
    ).toEqual(['https://labels.s3.corp.example', 'https://s3.corp.example']);
  });

  it('uses the China partition domain', () => {
    expect(dataOriginsFor(workspaces(project({ region: 'cn-north-1' })))).toContain(
      'https://s3.cn-north-1.amazonaws.com.cn',
    );
  });
});
