import { describe, expect, it } from 'vitest';
import type { Annotation, TaskExport } from './annotation-export.ts';
import type { Lease } from './claims.ts';
import { taskState } from './task-state.ts';

const ME = 'alice@acme.example';
const BOB = 'bob@acme.example';
const CAROL = 'carol@acme.example';
const NOW = new Date('2026-03-01T12:00:00.000Z');

function ann(by: string, cancelled = false): Annotation {
  return { id: Math.random(), result: [], completed_by: { email: by }, was_cancelled: cancelled };
}
function doc(...annotations: Annotation[]): TaskExport {
  return { data: {}, annotations };
}
function lease(holder: string, minutesLeft: number): Lease {
  return {
    taskId: 't',
    holder,
    expiresAt: new Date(NOW.getTime() + minutesLeft * 60_000).toISOString(),
    createdAt: NOW.toISOString(),
  };
}

describe('taskState', () => {
  it.each([
    ['no document, no lease', null, [], 1, 'open'],
    ['annotated by someone (overlap 1)', doc(ann(BOB)), [], 1, 'done'],
    ['annotated by me', doc(ann(ME)), [], 1, 'done-by-me'],
    ['skipped by me (not offered again)', doc(ann(ME, true)), [], 1, 'done-by-me'],
    ["someone's skip does not complete it", doc(ann(BOB, true)), [], 1, 'open'],
    ['live lease of another annotator', null, [lease(BOB, 10)], 1, 'claimed'],
    ['expired lease of another annotator', null, [lease(BOB, -10)], 1, 'open'],
    ['my own lease', null, [lease(ME, 10)], 1, 'open'],
    ['overlap 2, one done, one slot left', doc(ann(BOB)), [], 2, 'open'],
    ['overlap 2, one done, the other slot claimed', doc(ann(BOB)), [lease(CAROL, 10)], 2, 'claimed'],
    [
      'overlap 2, a leftover lease of someone who already annotated',
      doc(ann(BOB)),
      [lease(BOB, 10)],
      2,
      'open',
    ],
    ['overlap 2, two done', doc(ann(BOB), ann(CAROL)), [], 2, 'done'],
    ['overlap 2, two leases of the same person count once', null, [lease(BOB, 5), lease(BOB, 9)], 2, 'open'],
  ] as const)('%s → %s', (_name, d, leases, overlap, expected) => {
    expect(taskState(d, leases, ME, NOW, overlap).state).toBe(expected);
  });

  it('reports counts for the overlap display', () => {
    expect(
      taskState(doc(ann(BOB), ann(CAROL, true)), [lease(ME, 5), lease('dave@acme.example', 5)], ME, NOW, 3),
    ).toEqual({
      state: 'open',
      completed: 1,
      overlap: 3,
      claimedByOthers: 1,
      claimedByMe: true,
    });
  });
});
