import { describe, expect, it } from 'vitest';
import type { ParsedTask, TaskExport } from '../tasks/index.ts';
import { applyOwnAnnotation } from './own-annotation.ts';

const task: ParsedTask = { taskId: '7', sourceKey: 'tasks/7.json', lsId: 7, data: { text: 'hi' }, extra: {} };
const now = new Date('2026-12-01T10:00:00Z');
const base = {
  me: 'ann@corp.example',
  wasCancelled: false,
  leadTimeSeconds: 5,
  now,
  newId: 42,
  taskDone: false,
};

// Two regions, each with its label and a perRegion choice sharing the region's id.
const regionItems = [
  {
    id: 'r1',
    from_name: 'label',
    to_name: 'text',
    type: 'labels',
    value: { start: 0, end: 2, labels: ['A'] },
  },
  { id: 'r1', from_name: 'kind', to_name: 'text', type: 'choices', value: { choices: ['x'] } },
  {
    id: 'r2',
    from_name: 'label',
    to_name: 'text',
    type: 'labels',
    value: { start: 3, end: 5, labels: ['B'] },
  },
  { id: 'r2', from_name: 'kind', to_name: 'text', type: 'choices', value: { choices: ['y'] } },
];

describe('the annotator’s own annotation', () => {
  it('is created once with the id fixed by the caller, and keeps per-region items apart', () => {
    const { doc, annotation, created } = applyOwnAnnotation(null, task, { ...base, result: regionItems });
    expect(created).toBe(true);
    expect(annotation).toMatchObject({ id: 42, completed_by: { email: 'ann@corp.example' }, lead_time: 5 });
    expect(annotation.result).toEqual(regionItems);
    expect(doc).toMatchObject({ id: 7, data: { text: 'hi' } });
  });

  it('is replaced in place on update: same id, time adds up, a skip becomes a submit, others untouched', () => {
    const theirs = {
      id: 1,
      completed_by: { email: 'bo@corp.example' },
      result: [{ id: 'z', type: 'choices' }],
    };
    const stored: TaskExport = {
      id: 7,
      data: { text: 'hi' },
      annotations: [
        theirs,
        { id: 9, completed_by: { email: 'ANN@corp.example' }, result: [], was_cancelled: true, lead_time: 3 },
      ],
    };
    const { doc, annotation, created } = applyOwnAnnotation(stored, task, { ...base, result: regionItems });
    expect(created).toBe(false);
    expect(annotation).toMatchObject({ id: 9, was_cancelled: false, lead_time: 8, result: regionItems });
    expect(doc.annotations).toEqual([theirs, annotation]);
    // The stored document is not changed in place (the caller still needs it for the conditional write).
    expect(stored.annotations![1]!.was_cancelled).toBe(true);
  });

  it('refuses a new annotation on a task that already has all it needs', () => {
    expect(() => applyOwnAnnotation(null, task, { ...base, result: [], taskDone: true })).toThrow(
      expect.objectContaining({ code: 'TASK_ALREADY_DONE' }),
    );
  });
});
