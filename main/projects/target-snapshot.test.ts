import { describe, expect, it } from 'vitest';
import type { StorageS3 } from '../storage/index.ts';
import type { Project } from '../tasks/index.ts';
import { createTargetSnapshot } from './target-snapshot.ts';

const now = Date.parse('2026-11-29T12:00:00Z');
const project = { bucket: 'b', targetPrefix: 'p/out/', overlap: 1 } as Project;

function s3With(
  objects: { key: string; minutesAgo?: number }[],
  pageSize = 2,
): { s3: StorageS3; calls: number } {
  const state = { calls: 0 };
  const s3 = {
    listObjectsV2: async (input: { ContinuationToken?: string }) => {
      state.calls++;
      const start = Number(input.ContinuationToken ?? 0);
      const page = objects.slice(start, start + pageSize);
      const more = start + pageSize < objects.length;
      return {
        Contents: page.map((o) => ({
          Key: o.key,
          LastModified: new Date(now - (o.minutesAgo ?? 0) * 60_000),
        })),
        IsTruncated: more,
        ...(more ? { NextContinuationToken: String(start + pageSize) } : {}),
      };
    },
  } as unknown as StorageS3;
  return {
    s3,
    get calls() {
      return state.calls;
    },
  };
}

describe('target snapshot', () => {
  it('reads states from one paged listing: done, claimed (recent lease), open', async () => {
    const fake = s3With([
      { key: 'p/out/a.json' },
      { key: 'p/out/.claims/b.json', minutesAgo: 2 },
      { key: 'p/out/.claims/c.json', minutesAgo: 45 },
      { key: 'p/out/.claims/d.1.json', minutesAgo: 1 },
      { key: 'p/out/nested/e.json' },
    ]);
    const snapshot = createTargetSnapshot({ s3: fake.s3, project, me: 'me', now: () => now });
    await snapshot.refresh();
    expect(fake.calls).toBe(3);
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => snapshot.state(id))).toEqual([
      'done',
      'claimed',
      'open',
      'claimed',
      'open',
    ]);
  });

  it('counts annotated tasks of a multi-task file per row', async () => {
    const fake = s3With(
      [
        { key: 'p/out/batch-1f2e-0.json' },
        { key: 'p/out/batch-1f2e-2.json' },
        { key: 'p/out/single-9a.json' },
      ],
      10,
    );
    const snapshot = createTargetSnapshot({ s3: fake.s3, project, me: 'me', now: () => now });
    await snapshot.refresh();
    expect(snapshot.annotated('batch-1f2e')).toBe(2);
    expect(snapshot.annotated('single-9a')).toBe(1);
    expect(snapshot.annotated('other')).toBe(0);
  });

  it('prefers what a task said when opened, until a fresh listing, except done-by-me', async () => {
    const fake = s3With([{ key: 'p/out/x.json' }], 10);
    const snapshot = createTargetSnapshot({ s3: fake.s3, project, me: 'me', now: () => now });
    snapshot.note('x', 'claimed');
    snapshot.note('y', 'done-by-me');
    expect(snapshot.state('x')).toBe('claimed');
    await snapshot.refresh();
    expect(snapshot.state('x')).toBe('done');
    expect(snapshot.state('y')).toBe('done-by-me');
  });
});
