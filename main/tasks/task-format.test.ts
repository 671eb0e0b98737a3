import { describe, expect, it } from 'vitest';
import { parseTaskFile, taskFromObjectKey } from './task-format.ts';
import { isTaskId, taskIdFor } from './task-id.ts';
import { galleryExports, galleryPresent } from './test-support/gallery.ts';

const KEY = 'street/tasks/batch 1/Cats.JSONL';

describe('taskIdFor', () => {
  it('is stable, readable and safe as an S3 key part', () => {
    const id = taskIdFor(KEY, 2);
    expect(id).toMatch(/^cats-[0-9a-f]{16}-2$/);
    expect(taskIdFor(KEY, 2)).toBe(id);
    expect(isTaskId(id)).toBe(true);
  });

  it('differs for another file with the same name, or another position', () => {
    expect(taskIdFor('street/tasks/batch 2/Cats.JSONL', 2)).not.toBe(taskIdFor(KEY, 2));
    expect(taskIdFor(KEY, 3)).not.toBe(taskIdFor(KEY, 2));
    expect(taskIdFor(KEY)).not.toBe(taskIdFor(KEY, 0));
  });

  it.each([
    '../../etc/passwd',
    'a/..',
    '日本語.json',
    '....json',
    `${'x'.repeat(300)}.jpg`,
    'a b/%2e%2e.png',
  ])('gives a safe id even for %j', (key) => {
    const id = taskIdFor(key, 7);
    expect(isTaskId(id)).toBe(true);
    expect(id.length).toBeLessThanOrEqual(60);
    expect(id).not.toMatch(/\.\.|\/|%/);
  });

  it.each([
    '../x',
    'cats',
    'Cats-0123456789abcdef',
    'cats-0123456789abcdef/..',
    'cats-0123456789abcdef.json',
  ])('rejects %j as a task id', (value) => {
    expect(isTaskId(value)).toBe(false);
  });
});

describe('parseTaskFile', () => {
  it('reads one task object; Label Studio id kept, other keys kept verbatim', () => {
    const body = JSON.stringify({
      id: 17,
      data: { image: 's3://b/x.jpg' },
      meta: { batch: 1 },
      predictions: [],
    });
    expect(parseTaskFile('t/one.json', body)).toEqual({
      tasks: [
        {
          taskId: taskIdFor('t/one.json'),
          sourceKey: 't/one.json',
          lsId: 17,
          data: { image: 's3://b/x.jpg' },
          extra: { meta: { batch: 1 }, predictions: [] },
        },
      ],
      errors: [],
    });
  });

  it('treats an object without "data" as the data itself', () => {
    const [task] = parseTaskFile('t/flat.json', '{"text":"zzz","id":3}').tasks;
    expect(task?.data).toEqual({ text: 'zzz', id: 3 });
    expect(task?.lsId).toBeUndefined();
  });

  it('reads a JSON array, reporting bad entries by index and keeping the rest', () => {
    const result = parseTaskFile('t/list.json', '[{"data":{"t":"a"}}, 5, {"data":"no"}, {"t":"d"}]');
    expect(result.tasks.map((t) => [t.index, t.data])).toEqual([
      [0, { t: 'a' }],
      [3, { t: 'd' }],
    ]);
    expect(result.errors).toEqual([
      { index: 1, message: 'task [1]: a task must be a JSON object, not a number' },
      { index: 2, message: 'task [2]: "data" must be a JSON object, not a string' },
    ]);
  });

  it('reads JSONL: blank lines skipped, each bad line named by number, the others still parsed', () => {
    const body = ['{"data":{"t":"a"}}', '', '{"data":{"t":"b"}', '   ', '[1]', '{"t":"c"}', ''].join('\r\n');
    const result = parseTaskFile('t/batch.jsonl', new TextEncoder().encode(`\uFEFF${body}`));
    expect(result.tasks.map((t) => [t.index, t.data])).toEqual([
      [0, { t: 'a' }],
      [3, { t: 'c' }],
    ]);
    expect(result.errors.map((e) => [e.line, e.index])).toEqual([
      [3, 1],
      [5, 2],
    ]);
    expect(result.errors[0]?.message).toMatch(/^line 3: not valid JSON/);
    expect(result.errors[1]?.message).toBe('line 5: a task must be a JSON object, not an array');
  });

  it('keeps task ids stable when a bad JSONL line is fixed or blank lines are removed', () => {
    const broken = parseTaskFile('t/b.jsonl', '{"t":1}\n{oops\n\n{"t":3}');
    const fixed = parseTaskFile('t/b.jsonl', '{"t":1}\n{"t":2}\n{"t":3}');
    expect(fixed.tasks[2]?.taskId).toBe(broken.tasks[1]?.taskId);
  });

  it('reads a .jsonl file holding a JSON array as the array it is (the content decides, as in Label Studio)', () => {
    const body = '[\n  {"data": {"t": "a"}},\n  {"data": {"t": "b"}}\n]';
    const result = parseTaskFile('t/batch.jsonl', body);
    expect(result.errors).toEqual([]);
    expect(result.tasks.map((t) => [t.index, t.data])).toEqual([
      [0, { t: 'a' }],
      [1, { t: 'b' }],
    ]);
    expect(result.tasks[1]?.taskId).toBe(taskIdFor('t/batch.jsonl', 1));
    // A one-line .jsonl object stays JSONL: its task keeps the id of line 1.
    expect(parseTaskFile('t/one.jsonl', '{"t":1}').tasks[0]?.taskId).toBe(taskIdFor('t/one.jsonl', 0));
  });

  it('reads legacy "completions" as annotations, in place; both keys present are kept as they are', () => {
    const legacy = { id: 1, data: { t: 'x' }, completions: [{ result: [] }], meta: {} };
    const [task] = parseTaskFile('t/old.json', JSON.stringify(legacy)).tasks;
    expect(task?.extra).toEqual({ annotations: [{ result: [] }], meta: {} });
    expect(Object.keys(task!.extra)).toEqual(['annotations', 'meta']);
    const both = { data: { t: 'x' }, annotations: [], completions: [{ result: [] }] };
    expect(parseTaskFile('t/both.json', JSON.stringify(both)).tasks[0]?.extra).toEqual({
      annotations: [],
      completions: [{ result: [] }],
    });
  });

  it('recognises JSONL without the .jsonl extension', () => {
    const result = parseTaskFile('t/batch.json', '{"t":1}\n{"t":2}\nnot json');
    expect(result.tasks).toHaveLength(2);
    expect(result.errors.map((e) => e.line)).toEqual([3]);
  });

  it.each([
    ['', /is empty/],
    ['   \n ', /is empty/],
    ['{"data": {"t": 1}', /is not valid JSON/],
    ['"just a string"', /a task must be a JSON object, not a string/],
    ['null', /not null/],
  ])('refuses the whole file %j with TASK_FILE_INVALID', (body, message) => {
    expect(() => parseTaskFile('t/x.json', body)).toThrow(
      expect.objectContaining({ code: 'TASK_FILE_INVALID', message: expect.stringMatching(message) }),
    );
  });
});

describe('taskFromObjectKey ("every object is a task")', () => {
  it('puts the object URI under the labeling config field, id from the key', () => {
    expect(taskFromObjectKey('acme-labeling', 'street/img/0001 ü.jpg', 'image')).toEqual({
      taskId: taskIdFor('street/img/0001 ü.jpg'),
      sourceKey: 'street/img/0001 ü.jpg',
      data: { image: 's3://acme-labeling/street/img/0001 ü.jpg' },
      extra: {},
    });
  });
});

describe.skipIf(!galleryPresent)('Label Studio sample exports as task files (needs ../shared/data)', () => {
  const files = galleryPresent ? galleryExports() : [];

  it.each(files.map((f) => [f.name, f.text] as const))('%s parses with no errors', (name, text) => {
    const value = JSON.parse(text) as unknown;
    const result = parseTaskFile(`exports/${name}`, text);
    expect(result.errors).toEqual([]);
    expect(result.tasks).toHaveLength(Array.isArray(value) ? value.length : 1);
    expect(new Set(result.tasks.map((t) => t.taskId)).size).toBe(result.tasks.length);
  });

  it('keeps Label Studio ids and treats {"text": …} entries as data (tasks_annotations_predictions.json)', () => {
    const file = files.find((f) => f.name === 'tasks_annotations_predictions.json');
    const result = parseTaskFile('exports/tasks_annotations_predictions.json', file!.text);
    expect(result.tasks.filter((t) => !('annotations' in t.extra)).map((t) => t.data)).toContainEqual({
      text: 'zzz',
    });
    const previous = parseTaskFile(
      'exports/previous_export.json',
      files.find((f) => f.name === 'previous_export.json')!.text,
    );
    expect(previous.tasks[0]?.lsId).toBe(1234);
  });
});
