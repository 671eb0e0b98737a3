/**
 * Listing a project's task prefix into its local index. The first page goes to onPage as soon as it
 * is listed (the renderer shows tasks at once) and the rest streams page by page, the next
 * ListObjectsV2 request already in flight while the current page is committed.
 *
 * Incremental (default): StartAfter = the greatest key ever listed, so re-syncing 100k keys after 100
 * new ones costs one request. S3 lists in UTF-8 binary order and StartAfter only returns greater keys,
 * so a new key that sorts BEFORE the last known key (a new "batch-0009/" when "batch-0010/" exists),
 * a rewritten object (new ETag) and a removed object are not seen: that is what the full re-sync is
 * for ("changed ETags on request"): it re-lists everything and reports added, changed and removed keys.
 * An interrupted first sync resumes where it stopped (the cursor is committed with each page).
 */
import { isTaskSourceKey, taskIdFor, type Project } from '../tasks/index.ts';
import type { ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import type { StorageS3 } from './s3-client.ts';
import { assertListAccess } from './scope.ts';
import type { IndexRow, TaskIndex } from './task-index.ts';

export interface SyncProgress {
  pages: number;
  /** Objects listed so far in this sync (before the task filter). */
  listed: number;
  /** Rows in the index now. */
  indexed: number;
  done: boolean;
}

export interface SyncOptions {
  mode?: 'incremental' | 'full';
  /** Rows of each listed page that are tasks (never more than 1000); called in order, first page first. */
  onPage?: (rows: IndexRow[], progress: SyncProgress) => void;
  signal?: AbortSignal;
  /** Keys per request (S3's maximum, 1000, by default). */
  pageSize?: number;
}

export interface SyncResult {
  mode: 'incremental' | 'full';
  /** ListObjectsV2 calls made. */
  requests: number;
  listed: number;
  added: number;
  /** Full re-sync only: keys whose ETag changed since they were indexed. */
  changed: string[];
  /** Full re-sync only: keys no longer in S3 (dropped from the index). */
  removed: string[];
  total: number;
}

export async function syncProjectIndex(
  project: Project,
  s3: StorageS3,
  index: TaskIndex,
  projects: readonly Project[],
  options: SyncOptions = {},
): Promise<SyncResult> {
  assertListAccess(projects, project);
  // A first sync that never finished continues where it stopped, whatever mode was asked.
  const mode = options.mode === 'full' && index.complete() ? 'full' : 'incremental';
  const generation = mode === 'full' ? index.generation() + 1 : index.generation();
  const startAfter = mode === 'incremental' ? index.cursor() : null;
  const result: SyncResult = { mode, requests: 0, listed: 0, added: 0, changed: [], removed: [], total: 0 };

  const list = (token: string | undefined): Promise<ListObjectsV2CommandOutput> => {
    result.requests++;
    return s3.listObjectsV2(
      {
        Bucket: project.bucket,
        Prefix: project.taskPrefix,
        MaxKeys: options.pageSize ?? 1000,
        ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: startAfter } : {}),
      },
      options.signal ? { signal: options.signal } : {},
    );
  };

  let pending: Promise<ListObjectsV2CommandOutput> | null = list(undefined);
  let pages = 0;
  while (pending) {
    const page: ListObjectsV2CommandOutput = await pending;
    const token = page.IsTruncated ? page.NextContinuationToken : undefined;
    pending = token ? list(token) : null;
    // Never leave a rejected prefetch unobserved if this page's commit throws.
    pending?.catch(() => undefined);

    const contents = page.Contents ?? [];
    const rows: IndexRow[] = [];
    for (const object of contents) {
      const key = object.Key;
      if (key === undefined || !isTaskSourceKey(project, key)) continue;
      rows.push({
        key,
        taskId: taskIdFor(key),
        size: object.Size ?? 0,
        etag: object.ETag ?? '',
        lastModified: object.LastModified?.getTime() ?? 0,
      });
    }
    const outcome = index.upsertPage(rows, contents.at(-1)?.Key, generation);
    pages++;
    result.listed += contents.length;
    result.added += outcome.added;
    if (mode === 'full') result.changed.push(...outcome.changed);
    if (!pending) {
      index.markComplete();
      if (mode === 'full') result.removed = index.sweep(generation);
    }
    options.onPage?.(rows, { pages, listed: result.listed, indexed: index.count(), done: !pending });
  }
  result.total = index.count();
  return result;
}
