/**
 * Task states for the list, from one listing of the project's target prefix (not one read per task:
 * 100k tasks must not cost 100k requests). An annotation file means someone finished the task; a
 * recent lease object means someone holds it. States learned by opening or submitting a task are
 * exact and take precedence. Limits: with overlap above 1 a file alone does not mean "done", and
 * "done by me" is only known for tasks opened or submitted since the app started.
 */
import type { TaskStateName } from '../../preload/contract.ts';
import type { StorageS3 } from '../storage/index.ts';
import { LEASE_DEFAULT_MS, type Project } from '../tasks/index.ts';

export interface TargetSnapshot {
  refresh(): Promise<void>;
  state(taskId: string): TaskStateName;
  /** Annotation files of a row's tasks: 1 for a single task, k of n for a multi-task file. */
  annotated(taskId: string): number;
  /** An exact state learned from the task itself. */
  note(taskId: string, state: TaskStateName): void;
}

export function createTargetSnapshot(options: {
  s3: StorageS3;
  project: Project;
  me: string;
  now: () => number;
}): TargetSnapshot {
  const { s3, project } = options;
  let annotated = new Set<string>();
  // Tasks of a multi-task file are `<file id>-<n>`: their annotation files counted per file.
  let perFile = new Map<string, number>();
  let claimed = new Map<string, number>();
  const exact = new Map<string, TaskStateName>();
  const claimsPrefix = `${project.targetPrefix}.claims/`;

  return {
    async refresh() {
      const nextAnnotated = new Set<string>();
      const nextClaimed = new Map<string, number>();
      let token: string | undefined;
      do {
        const page = await s3.listObjectsV2({
          Bucket: project.bucket,
          Prefix: project.targetPrefix,
          ...(token ? { ContinuationToken: token } : {}),
        });
        for (const object of page.Contents ?? []) {
          const key = object.Key ?? '';
          if (key.startsWith(claimsPrefix)) {
            // .claims/<id>.json or .claims/<id>.<slot>.json
            const id = key.slice(claimsPrefix.length).replace(/(\.\d+)?\.json$/, '');
            nextClaimed.set(id, Math.max(nextClaimed.get(id) ?? 0, object.LastModified?.getTime() ?? 0));
          } else if (key.endsWith('.json') && !key.slice(project.targetPrefix.length).includes('/')) {
            nextAnnotated.add(key.slice(project.targetPrefix.length, -'.json'.length));
          }
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      annotated = nextAnnotated;
      claimed = nextClaimed;
      perFile = new Map();
      for (const id of nextAnnotated) {
        const file = /^(.+)-\d+$/.exec(id)?.[1];
        if (file) perFile.set(file, (perFile.get(file) ?? 0) + 1);
      }
      // A fresh listing beats what was learned earlier, except my own submits and skips, which it cannot see.
      for (const [taskId, state] of exact)
        if (state !== 'done-by-me' && state !== 'skipped-by-me') exact.delete(taskId);
    },

    state(taskId) {
      const known = exact.get(taskId);
      if (known) return known;
      if (annotated.has(taskId) && project.overlap <= 1) return 'done';
      const leased = claimed.get(taskId);
      // A lease written within its lifetime is probably still held (released leases are rewritten
      // expired, which also updates LastModified; the list errs towards "claimed", opening is exact).
      if (leased !== undefined && options.now() - leased < LEASE_DEFAULT_MS) return 'claimed';
      return 'open';
    },

    annotated(taskId) {
      return perFile.get(taskId) ?? (annotated.has(taskId) ? 1 : 0);
    },

    note(taskId, state) {
      exact.set(taskId, state);
    },
  };
}
