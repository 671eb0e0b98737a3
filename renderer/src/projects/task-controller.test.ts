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
        return ok({ rev: request.rev, savedAt: new Date().toISOString(), stale: false });
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
    // The draft was flushed before the submit; then the next task opened, the lease of t0 given back.
    const order = api.calls.map((c) => c.channel);
    expect(order.lastIndexOf('saveDraft')).toBeLessThan(order.lastIndexOf('submit'));
    expect(order.slice(order.lastIndexOf('submit'))).toEqual(['submit', 'release', 'next']);
    expect(controller.getSnapshot()).toMatchObject({
      phase: 'ready',
      notice: 'Submitted.',
      task: { taskId: 't1' },
    });
    controller.dispose();
  });
});
