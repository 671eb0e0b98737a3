import { describe, expect, it } from 'vitest';
import type { AnnotatorApi } from '../../../preload/api.ts';
import { TaskListStore } from './task-list-store.ts';

const row = (taskId: string) => ({
  key: `${taskId}.json`,
  index: 0,
  taskCount: 1,
  taskId,
  size: 1,
  state: 'open' as const,
  annotated: 0,
});

describe('task list store', () => {
  it('a filter changed while a page loads gets its own page, and the late answer of the old one is dropped', async () => {
    const answers: ((value: unknown) => void)[] = [];
    const api = {
      tasks: {
        page: () => new Promise((resolve) => answers.push(resolve)),
        onSyncProgress: () => () => undefined,
      },
    } as unknown as AnnotatorApi;
    const store = new TaskListStore(api, 'p');
    expect(store.row(0)).toBeUndefined(); // asks for page 0 (no filter)
    store.setFilter({ state: 'draft' }); // asks for page 0 again, under the filter
    expect(answers).toHaveLength(2);
    answers[1]!({
      ok: true,
      value: { rows: [row('d1')], total: 1, syncing: false, progress: { done: 0, total: 3 } },
    });
    await Promise.resolve();
    answers[0]!({
      ok: true,
      value: {
        rows: [row('a'), row('b'), row('c')],
        total: 3,
        syncing: false,
        progress: { done: 0, total: 3 },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getSnapshot().total).toBe(1);
    expect(store.row(0)?.taskId).toBe('d1');
  });

  it('a page asked for again while its answer is on the way is read once more (the rows changed meanwhile)', async () => {
    const answers: ((value: unknown) => void)[] = [];
    let progress: (p: { projectId: string; listed: number; done: boolean }) => void = () => undefined;
    const api = {
      tasks: {
        page: () => new Promise((resolve) => answers.push(resolve)),
        onSyncProgress: (cb: typeof progress) => ((progress = cb), () => undefined),
      },
    } as unknown as AnnotatorApi;
    const store = new TaskListStore(api, 'p');
    store.attach();
    store.row(0);
    // The listing ends (files), then the files are read (tasks): two "done" events, one page in flight.
    progress({ projectId: 'p', listed: 2, done: true });
    progress({ projectId: 'p', listed: 2, done: true });
    expect(answers).toHaveLength(1);
    answers[0]!({
      ok: true,
      value: {
        rows: [row('file-a'), row('file-b')],
        total: 2,
        syncing: false,
        progress: { done: 0, total: 2 },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answers).toHaveLength(2);
    answers[1]!({
      ok: true,
      value: {
        rows: ['1', '2', '3', '4', '5'].map(row),
        total: 5,
        syncing: false,
        progress: { done: 0, total: 5 },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getSnapshot().total).toBe(5);
  });
});
