/**
 * Drafts as the window sends them: Label Studio rectangle results (the shape of
 * web/libs/editor/src/regions/RectRegion serialize()), deterministic from (task, rev) so that a test
 * can tell which save a stored draft came from.
 */
import type { Draft } from '../../main/local/index.ts';

export function rectangleResult(count: number, marker = ''): unknown[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `r${i.toString(36).padStart(5, '0')}`,
    type: 'rectanglelabels',
    from_name: 'label',
    to_name: 'image',
    original_width: 4000,
    original_height: 3000,
    image_rotation: 0,
    origin: 'manual',
    value: {
      x: (i * 7.31) % 90,
      y: (i * 3.17) % 90,
      width: 5.5,
      height: 4.25,
      rotation: 0,
      rectanglelabels: [i % 3 === 0 ? `Car${marker}` : 'Person'],
    },
  }));
}

export function draftFor(taskId: string, rev: number, items: number, marker = ''): Draft {
  return {
    rev,
    result: rectangleResult(items, marker),
    leadTimeSeconds: rev * 1.5,
    taskKey: `team-vision/tasks/${taskId}.json`,
    taskIndex: 0,
    baseAnnotationId: `${taskId}-base`,
  };
}

/** The draft the crash test's writer saves as `rev` of a task: mostly 50 items, every fifth 2,000. */
export function crashDraft(taskId: string, rev: number): Draft {
  return draftFor(taskId, rev, rev % 5 === 0 ? 2_000 : 50, `-${taskId}-${rev}`);
}

export const CRASH_ROLE = 'lab-idp/arn:aws:iam::111111111111:role/vision-annotator';
export const CRASH_PROJECT = 'street-scenes';
export const CRASH_TASKS = ['t-a', 't-b', 't-c', 't-d'] as const;
