/**
 * The task screen's logic against a stand-in for main's API (main itself is exercised end to end in
 * test/e2e): drafts are saved and never lost when the screen goes away mid-save; a failed submit keeps
 * the work; moving on releases the lease; the stream opens the next task.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bindConfig, classifyValue } from '../../../core/labeling/bind-config.ts';
import { parseLabelingConfig } from '../../../core/labeling/parse-config.ts';
import type { AnnotatorApi } from '../../../preload/api.ts';
import type { OpenedTask } from '../../../preload/contract.ts';
import { toggleChoiceEntry } from '../workspace/model/commands.ts';
import { controlsByName } from '../workspace/model/config-tree.ts';
import { TaskController } from './task-controller.ts';

const config = bindConfig(
  parseLabelingConfig(
    '<View><Text name="text" value="$text"/><Choices name="mood" toName="text" required="true">' +
      '<Choice value="Happy"/><Choice value="Sad"/></Choices></View>',
  ),
  { text: 'hello' },
  classifyValue,
);

function task(taskId: string, index: number, extra: Partial<OpenedTask> = {}): OpenedTask {
  return {
    projectId: 'p',
    taskId,
    key: 'tasks/a.json',
    taskIndex: index,
    taskCount: 3,
    config,
    annotations: [],
    source: [],
    draft: null,
    state: 'open',
    access: { mode: 'edit' },
    claim: { held: true },
    ...extra,
  };
}

function fakeApi() {
  const calls: { channel: string; request: unknown }[] = [];
  let pendingSave: (() => void) | null = null;
  const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
  const api = {
    tasks: {
      open: (request: { index?: number }) => {
        calls.push({ channel: 'open', request });
        return ok(task(`t${request.index ?? 0}`, request.index ?? 0));
      },
      next: (request: unknown) => {
        calls.push({ channel: 'next', request });
        return ok({ task: task('t1', 1) });
      },
      saveDraft: (request: { rev: number }) => {
        calls.push({ channel: 'saveDraft', request });
        if (api.holdSaves)
          return new Promise((resolve) => {
            pendingSave = () =>
              resolve({ ok: true, value: { rev: request.rev, savedAt: 'now', stale: false } });
          });
        return ok({ rev: request.rev, savedAt: new Date().toISOString(), stale: api.staleSaves });
      },
      submit: (request: unknown) => {
        calls.push({ channel: 'submit', request });
        if (api.failSubmit)
          return Promise.resolve({
            ok: false as const,
            error: { code: 'STORAGE_OFFLINE', message: 'S3 cannot be reached.' },
          });
        return ok({ annotationId: 1, conflicts: [] });
      },
      release: (request: unknown) => {
        calls.push({ channel: 'release', request });
        return ok({ released: true });
      },
      close: (request: unknown) => {
        calls.push({ channel: 'close', request });
        return ok({ released: true });
      },
    },
    holdSaves: false,
    /** Main answers that a newer draft (another window's) is stored: this save was not kept. */
    staleSaves: false,
    failSubmit: false,
    releasePendingSave: () => pendingSave?.(),
    calls,
  };
  return api;
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('task controller', () => {
  it('saves the draft a second after a change, and a change made during a save when the screen goes away', async () => {
    const api = fakeApi();
    const controller = new TaskController(api as unknown as AnnotatorApi, 'p', {
      kind: 'task',
      key: 'tasks/a.json',
      index: 0,
    });
    await flush();
    const mood = controlsByName(config.root).get('mood')!;
    toggleChoiceEntry(controller.store, mood, 0);
    api.holdSaves = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(api.calls.filter((c) => c.channel === 'saveDraft')).toHaveLength(1);
    // Another change while that save is in flight, then the screen goes away.
    toggleChoiceEntry(controller.store, mood, 1);
    controller.dispose();
    api.holdSaves = false;
    api.releasePendingSave();
    await flush();
    await vi.runAllTimersAsync();
    const saves = api.calls
      .filter((c) => c.channel === 'saveDraft')
      .map((c) => c.request as { rev: number; result: { value: unknown }[] });
    expect(saves).toHaveLength(2);
    expect(saves[1]!.rev).toBe(2);
    expect(saves[1]!.result[0]!.value).toEqual({ choices: ['Sad'] });
  });

  it('does not say "saved" when main kept a newer draft from another window instead', async () => {
    const api = fakeApi();
    api.staleSaves = true;
    const controller = new TaskController(api as unknown as AnnotatorApi, 'p', {
      kind: 'task',
      key: 'tasks/a.json',
      index: 0,
    });
    await flush();
    toggleChoiceEntry(controller.store, controlsByName(config.root).get('mood')!, 0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(controller.draftStatus()).toMatchObject({
      state: 'failed',
      error: { code: 'DRAFT_NEWER_ELSEWHERE' },
    });
    // Once main keeps it, the note reads "saved" again.
    api.staleSaves = false;
    toggleChoiceEntry(controller.store, controlsByName(config.root).get('mood')!, 1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(controller.draftStatus()).toMatchObject({ state: 'saved' });
    controller.dispose();
  });

  it('names a missing required choice at submit and writes nothing', async () => {
    const api = fakeApi();
    const controller = new TaskController(api as unknown as AnnotatorApi, 'p', {
      kind: 'task',
      key: 'tasks/a.json',
      index: 0,
    });
    await flush();
    await controller.submit();
    expect(controller.getSnapshot().problems.map((p) => p.controlName)).toEqual(['mood']);
    expect(api.calls.some((c) => c.channel === 'submit')).toBe(false);
  });

  it('keeps the work when a submit fails, and shows why; a working submit moves on and releases nothing twice', async () => {
    const api = fakeApi();
    const controller = new TaskController(api as unknown as AnnotatorApi, 'p', {
      kind: 'task',
      key: 'tasks/a.json',
      index: 0,
    });
    await flush();
    toggleChoiceEntry(controller.store, controlsByName(config.root).get('mood')!, 0);
    api.failSubmit = true;
    await controller.submit();
    expect(controller.getSnapshot()).toMatchObject({ busy: null, error: { code: 'STORAGE_OFFLINE' } });
    expect(controller.getSnapshot().task?.taskId).toBe('t0');
    expect(controller.store.records()).toHaveLength(1);
    api.failSubmit = false;
    await controller.submit();
    await flush();
    // The draft was flushed before the submit; then the next task opened (main released t0's lease
    // with the submit, so the window does not ask again).
    const order = api.calls.map((c) => c.channel);
    expect(order.lastIndexOf('saveDraft')).toBeLessThan(order.lastIndexOf('submit'));
    expect(order.slice(order.lastIndexOf('submit'))).toEqual(['submit', 'next']);
    expect(controller.getSnapshot()).toMatchObject({
      phase: 'ready',
      notice: 'Submitted.',
      task: { taskId: 't1' },
    });
    controller.dispose();
  });

  it('moves one task at a time: a second move while one is under way is ignored, and no draft leaks', async () => {
    const api = fakeApi();
    const controller = new TaskController(api as unknown as AnnotatorApi, 'p', {
      kind: 'task',
      key: 'tasks/a.json',
      index: 1,
    });
    await flush();
    void controller.move(1);
    void controller.move(-1);
    await flush();
    await vi.runAllTimersAsync();
    expect(
      api.calls.filter((c) => c.channel === 'open').map((c) => (c.request as { index: number }).index),
    ).toEqual([1, 2]);
    expect(controller.getSnapshot().task?.taskId).toBe('t2');
    // The lease of the task left goes back; a change now is the new task's draft only.
    expect(
      api.calls.filter((c) => c.channel === 'release').map((c) => (c.request as { taskId: string }).taskId),
    ).toEqual(['t1']);
    toggleChoiceEntry(controller.store, controlsByName(config.root).get('mood')!, 0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(
      api.calls.filter((c) => c.channel === 'saveDraft').map((c) => (c.request as { taskId: string }).taskId),
    ).toEqual(['t2']);
    controller.dispose();
  });

  it('does not leave a task whose draft could not be saved unless asked to; a failed open stays put', async () => {
    const api = fakeApi();
    const controller = new TaskController(api as unknown as AnnotatorApi, 'p', {
      kind: 'task',
      key: 'tasks/a.json',
      index: 0,
    });
    await flush();
    const original = api.tasks.saveDraft;
    api.tasks.saveDraft = (request) => {
      api.calls.push({ channel: 'saveDraft', request });
      return Promise.resolve({
        ok: false,
        error: { code: 'LOCAL_DISK_FULL', message: 'The disk is full.' },
      }) as never;
    };
    toggleChoiceEntry(controller.store, controlsByName(config.root).get('mood')!, 0);
    await controller.move(1);
    expect(controller.getSnapshot()).toMatchObject({
      task: { taskId: 't0' },
      unsaved: { code: 'LOCAL_DISK_FULL' },
    });
    expect(api.calls.some((c) => c.channel === 'open' && (c.request as { index: number }).index === 1)).toBe(
      false,
    );
    await controller.leaveAnyway();
    expect(controller.getSnapshot()).toMatchObject({ task: { taskId: 't1' }, unsaved: null });

    // An open that fails keeps the task on screen, its draft and its lease.
    api.tasks.saveDraft = original;
    const open = api.tasks.open;
    api.tasks.open = () =>
      Promise.resolve({
        ok: false,
        error: { code: 'STORAGE_TIMEOUT', message: 'S3 did not answer.' },
      }) as never;
    await controller.move(1);
    expect(controller.getSnapshot()).toMatchObject({
      task: { taskId: 't1' },
      error: { code: 'STORAGE_TIMEOUT' },
    });
    expect(
      api.calls.filter((c) => c.channel === 'release').map((c) => (c.request as { taskId: string }).taskId),
    ).toEqual(['t0']);
    toggleChoiceEntry(controller.store, controlsByName(config.root).get('mood')!, 1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(api.calls.at(-1)).toMatchObject({ channel: 'saveDraft', request: { taskId: 't1' } });
    api.tasks.open = open;
    controller.dispose();
  });

  it('keeps the draft within a second of a change even while changes go on', async () => {
    const api = fakeApi();
    const saves: number[] = [];
    const save = api.tasks.saveDraft;
    api.tasks.saveDraft = (request) => {
      saves.push(Date.now());
      return save(request);
    };
    const controller = new TaskController(api as unknown as AnnotatorApi, 'p', {
      kind: 'task',
      key: 'tasks/a.json',
      index: 0,
    });
    await flush();
    const mood = controlsByName(config.root).get('mood')!;
    // A change every 400 ms for 3 s, then quiet: each change is saved no later than a second after it.
    const changes: number[] = [];
    for (let i = 0; i < 8; i++) {
      toggleChoiceEntry(controller.store, mood, i % 2);
      changes.push(Date.now());
      await vi.advanceTimersByTimeAsync(400);
    }
    await vi.advanceTimersByTimeAsync(2_000);
    for (const at of changes) {
      const next = saves.find((t) => t >= at);
      expect(next, `change at ${at}`).toBeDefined();
      expect(next! - at).toBeLessThanOrEqual(1_000);
    }
    controller.dispose();
  });
});
