import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Fills a prefix with many small task objects for benchmarks (100k by default), generated at run
 * time, never committed. Writing through HTTP would take minutes, so it writes s3rver's filesystem
 * layout directly (`<key>._S3rver_object` plus its `.md5`, which s3rver reads as the ETag); keys go
 * 1000 per "folder" so s3rver's listing walk can skip past earlier pages.
 */
export interface BulkPrefixResult {
  prefix: string;
  count: number;
  firstKey: string;
  lastKey: string;
}

export function bulkKey(prefix: string, index: number): string {
  return `${prefix}${String(Math.floor(index / 1000)).padStart(4, '0')}/task-${String(index).padStart(7, '0')}.json`;
}

export async function generateBulkPrefix(options: {
  storeDirectory: string;
  bucket: string;
  prefix: string;
  count?: number;
}): Promise<BulkPrefixResult> {
  const count = options.count ?? 100_000;
  const bucketDir = join(options.storeDirectory, options.bucket);
  for (let folder = 0; folder * 1000 < count; folder += 1) {
    await mkdir(join(bucketDir, bulkKey(options.prefix, folder * 1000), '..'), { recursive: true });
  }
  const write = async (index: number): Promise<void> => {
    const body = `{"data":{"text":"Benchmark task ${index}"}}\n`;
    const objectPath = join(bucketDir, `${bulkKey(options.prefix, index)}._S3rver_object`);
    await writeFile(objectPath, body);
    await writeFile(`${objectPath}.md5`, createHash('md5').update(body).digest('hex'));
  };
  const parallel = 64;
  for (let start = 0; start < count; start += parallel) {
    await Promise.all(Array.from({ length: Math.min(parallel, count - start) }, (_, i) => write(start + i)));
  }
  return {
    prefix: options.prefix,
    count,
    firstKey: bulkKey(options.prefix, 0),
    lastKey: bulkKey(options.prefix, count - 1),
  };
}
