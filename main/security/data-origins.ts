/**
 * The origins task media may be loaded from (for the CSP's img/media/connect sources): each
 * project's S3 endpoint, in the address forms the SDK's presigner produces: path-style on the
 * endpoint (custom endpoints, buckets with dots) and virtual-hosted (bucket as a subdomain).
 */
import type { Workspace } from '../tasks/project-config.ts';

export function dataOriginsFor(workspaces: readonly Workspace[]): string[] {
  const origins = new Set<string>();
  for (const project of workspaces.flatMap((w) => w.projects)) {
    if (project.endpoint) {
      const endpoint = new URL(project.endpoint);
      origins.add(endpoint.origin);
      if (!project.forcePathStyle) origins.add(`${endpoint.protocol}//${project.bucket}.${endpoint.host}`);
      continue;
    }
    const suffix = project.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    origins.add(`https://${project.bucket}.s3.${project.region}.${suffix}`);
    origins.add(`https://s3.${project.region}.${suffix}`);
  }
  return [...origins].sort();
}
