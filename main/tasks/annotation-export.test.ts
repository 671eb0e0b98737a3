import { describe, expect, it } from 'vitest';
import type { TaskExport } from './annotation-export.ts';
import {
  annotationKey,
  annotationIdAt,
  annotationOwner,
  createAnnotationIds,
  newAnnotation,
  newAnnotationId,
  newTaskExport,
  parseTaskExport,
  serializeTaskExport,
} from './annotation-export.ts';
import { parseTaskFile } from './task-format.ts';
import { taskIdFor } from './task-id.ts';
import { galleryExports, galleryPresent } from './test-support/gallery.ts';

const ME = 'alice@acme.example';
const NOW = new Date('2026-03-01T12:00:00.000Z');

const doc: TaskExport = {
  id: 7,
  data: { image: 's3://acme-labeling/street/img/1.jpg' },
  annotations: [
    {
      id: 1,
      completed_by: { id: 42, email: 'bob@acme.example', first_name: '' },
      result: [
        {
          id: 'r1',
          from_name: 'bbox',
          to_name: 'image',
          type: 'rectanglelabels',
          original_width: 1920,
          value: { x: 3.1, y: 8.2, width: 20, height: 16, rotation: 0, rectanglelabels: ['Car'] },
        },
        { type: 'relation', from_id: 'r1', to_id: 'p1', direction: 'right', labels: ['part_of'] },
        { id: 'z', type: 'future-widget', value: { anything: [1, { deep: true }] }, extra_field: 'kept' },
      ],
      lead_time: 12.5,
      was_cancelled: false,
      unknown_annotation_field: { kept: 'verbatim' },
    },
  ],
  predictions: [{ model_version: 'v1', score: 0.5, result: [] }],
  drafts: [],
  project_specific: 'kept',
};

describe('task export document', () => {
  it('round-trips unknown result types and unknown fields verbatim', () => {
    const text = serializeTaskExport(doc);
    expect(parseTaskExport(text)).toEqual(doc);
    expect(JSON.parse(text)).toEqual(doc);
  });

  it.each([
    ['{"annotations": []}', /^data: /m],
    ['{"data": {}, "annotations": [{"completed_by": 1}]}', /^annotations\[0\]\.result: /m],
    ['{"data": {}, "annotations": [{"result": [], "lead_time": "3s"}]}', /^annotations\[0\]\.lead_time: /m],
    ['{"data": {}, "annotations": [{"result": [7]}]}', /^annotations\[0\]\.result\[0\]: /m],
    ['{"data": [] }', /^data: /m],
    ['[]', /^\(root\): /m],
    ['{"data": ', /not valid JSON/],
  ])('refuses %s naming the bad field', (body, message) => {
    expect(() => parseTaskExport(body)).toThrow(
      expect.objectContaining({ code: 'EXPORT_INVALID', message: expect.stringMatching(message) }),
    );
  });

  it('never writes a document it could not load back', () => {
    const broken = { ...doc, annotations: [{ id: 1 }] } as unknown as TaskExport;
    expect(() => serializeTaskExport(broken)).toThrow(expect.objectContaining({ code: 'EXPORT_INVALID' }));
  });
});

describe('newTaskExport', () => {
  it('starts from the task as read, keeping its Label Studio id, predictions and earlier annotations', () => {
    const [task] = parseTaskFile(
      't/a.json',
      JSON.stringify({
        id: 9,
        data: { t: 'x' },
        predictions: [{ result: [] }],
        annotations: [{ result: [] }],
        meta: {},
      }),
    ).tasks;
    expect(newTaskExport(task!)).toEqual({
      id: 9,
      data: { t: 'x' },
      predictions: [{ result: [] }],
      annotations: [{ result: [] }],
      meta: {},
    });
  });

  it('has no id and no annotations for a bare task', () => {
    const [task] = parseTaskFile('t/b.json', '{"t":"x"}').tasks;
    expect(newTaskExport(task!)).toEqual({ data: { t: 'x' }, annotations: [] });
  });
});

describe('annotations this app creates', () => {
  it('records the annotator as completed_by.email and times in ISO form', () => {
    const annotation = newAnnotation({ me: ME, result: [], now: NOW, leadTimeSeconds: 4.2 }, 123);
    expect(annotation).toEqual({
      id: 123,
      result: [],
      completed_by: { email: ME },
      created_at: '2026-03-01T12:00:00.000Z',
      updated_at: '2026-03-01T12:00:00.000Z',
      lead_time: 4.2,
      was_cancelled: false,
      ground_truth: false,
    });
    expect(annotationOwner(annotation)).toBe(ME);
  });

  it('gets integer ids, ordered by time, unique across random draws, safe until 2109', () => {
    const t = NOW.getTime();
    expect(annotationIdAt(t, () => 0)).toBe(t * 2048);
    expect(annotationIdAt(t, () => 2047)).toBe(t * 2048 + 2047);
    expect(annotationIdAt(t + 1, () => 0)).toBeGreaterThan(annotationIdAt(t, () => 2047));
    expect(Number.isSafeInteger(annotationIdAt(Date.parse('2109-01-01T00:00:00Z'), () => 2047))).toBe(true);
    expect(() => newAnnotationId(Date.parse('2110-01-01T00:00:00Z'))).toThrow(RangeError);
    // 200 ids in one millisecond: with 2048 random values alone, some would collide (birthday bound).
    const ids = Array.from({ length: 200 }, () => newAnnotationId(t));
    expect(new Set(ids).size).toBe(200);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  });

  it('never issues an id at or below the last one: same draw, same millisecond, clock set back', () => {
    const t = NOW.getTime();
    const draws = [5, 5, 5, 100, 3];
    const ids = createAnnotationIds(() => draws.shift()!);
    expect(ids.next(t)).toBe(t * 2048 + 5);
    // The same draw in the same millisecond: the next id up.
    expect(ids.next(t)).toBe(t * 2048 + 6);
    // The clock went back a second: still above the last.
    expect(ids.next(t - 1000)).toBe(t * 2048 + 7);
    // A later draw that is above the last keeps its random part (what tells machines apart).
    expect(ids.next(t)).toBe(t * 2048 + 100);
    expect(ids.next(t + 1)).toBe((t + 1) * 2048 + 3);
  });

  it.each([
    [5, null],
    [null, null],
    ['carol@acme.example', 'carol@acme.example'],
    [{ id: 42 }, null],
    [{ id: 42, email: 'bob@acme.example' }, 'bob@acme.example'],
  ])('owner of completed_by %j is %j', (completedBy, owner) => {
    expect(annotationOwner({ result: [], completed_by: completedBy })).toBe(owner);
  });
});

describe('annotationKey', () => {
  it('is <target>/<task_id>.json and refuses anything that is not a task id', () => {
    const id = taskIdFor('street/tasks/a.json');
    expect(annotationKey('street/annotations/', id)).toBe(`street/annotations/${id}.json`);
    expect(() => annotationKey('street/annotations/', '../tasks/a')).toThrow(
      expect.objectContaining({ code: 'TASK_ID_INVALID' }),
    );
  });
});

describe.skipIf(!galleryPresent)(
  'Label Studio sample exports round-trip losslessly (needs ../shared/data)',
  () => {
    const entries = galleryPresent
      ? galleryExports().flatMap(({ name, text }) => {
          const value = JSON.parse(text) as unknown;
          return (Array.isArray(value) ? value : [value]).map((task, i) => [`${name} [${i}]`, task] as const);
        })
      : [];

    const withData = entries.filter(
      ([, task]) => typeof task === 'object' && task !== null && 'data' in task,
    );

    it.each(withData)('%s', (_label, task) => {
      const text = serializeTaskExport(task as TaskExport);
      expect(JSON.parse(text)).toEqual(task);
      expect(parseTaskExport(text)).toEqual(task);
    });

    it('refuses only the bare-data import entries (no "data" key), naming the key', () => {
      const without = entries.filter(([, task]) => !withData.some(([, t]) => t === task));
      expect(without.map(([label]) => label)).toEqual([
        'tasks_annotations_predictions.json [3]',
        'tasks_annotations_predictions.json [4]',
      ]);
      for (const [, task] of without)
        expect(() => parseTaskExport(JSON.stringify(task))).toThrow(
          expect.objectContaining({ message: expect.stringMatching(/^data: /m) }),
        );
    });
  },
);
