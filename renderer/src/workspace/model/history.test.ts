import { describe, expect, it } from 'vitest';
import { DocumentStore } from './document-store.ts';
import { History } from './history.ts';
import { choiceRecord } from './test-records.ts';

function setup() {
  const store = new DocumentStore();
  let now = 0;
  const history = new History(store, { now: () => now, burstMs: 1000 });
  const put = (id: string, value: string[], coalesce?: string) =>
    store.transact('user', (tx) => tx.put(choiceRecord(id, 'c', value)), coalesce ? { coalesce } : {});
  const values = () => store.records().map((r) => `${r.id}=${String(r.value['choices'])}`);
  return { store, history, put, values, tick: (ms: number) => (now += ms) };
}

describe('History', () => {
  it('undoes and redoes user steps; a new edit clears redo', () => {
    const { history, put, values } = setup();
    put('a', ['1']);
    put('a', ['2']);
    put('b', ['x']);
    expect(history.undo()).toBe(true);
    expect(values()).toEqual(['a=2']);
    expect(history.undo()).toBe(true);
    expect(values()).toEqual(['a=1']);
    expect(history.redo()).toBe(true);
    expect(values()).toEqual(['a=2']);
    put('a', ['3']);
    expect(history.canRedo).toBe(false);
    expect(history.redo()).toBe(false);
    history.undo();
    history.undo();
    expect(values()).toEqual(['a=1']);
    history.undo();
    expect(values()).toEqual([]);
    expect(history.undo()).toBe(false);
  });

  it('a gesture is one step, however many diffs it made', () => {
    const { history, put, values } = setup();
    put('a', ['start']);
    history.beginGesture();
    for (let i = 0; i < 50; i++) put('a', [`drag${i}`]);
    put('b', ['made during the drag']);
    history.endGesture();
    history.undo();
    expect(values()).toEqual(['a=start']);
    history.redo();
    expect(values()).toEqual(['a=drag49', 'b=made during the drag']);
  });

  it('a typing burst on one control is one step; a pause, a mark or another control splits it', () => {
    const { history, put, values, tick } = setup();
    for (const text of ['h', 'he', 'hel', 'hell', 'hello']) {
      tick(300);
      put('t', [text], 'textarea:t');
    }
    tick(1500); // a pause: a new step
    put('t', ['hello w'], 'textarea:t');
    tick(100);
    put('t', ['hello wo'], 'textarea:t');
    history.mark(); // Enter / blur
    tick(100);
    put('t', ['hello wor'], 'textarea:t');
    tick(100);
    put('u', ['other'], 'textarea:u');
    history.undo();
    expect(values()).toEqual(['t=hello wor']);
    history.undo();
    expect(values()).toEqual(['t=hello wo']);
    history.undo();
    expect(values()).toEqual(['t=hello']);
    history.undo();
    expect(values()).toEqual([]);
  });

  it('load and remote diffs are not undoable; undo leaves records others changed', () => {
    const { store, history, put, values } = setup();
    store.transact('remote', (tx) => tx.put(choiceRecord('r', 'c', ['theirs'])));
    expect(history.canUndo).toBe(false);
    put('a', ['mine']);
    put('r', ['mine too']);
    store.transact('remote', (tx) => tx.put(choiceRecord('r', 'c', ['theirs again'])));
    history.undo(); // r was changed by someone else since: theirs stays
    expect(values()).toEqual(['r=theirs again', 'a=mine']);
    history.undo();
    expect(values()).toEqual(['r=theirs again']);
    put('b', ['x']);
    store.load([]);
    expect(history.canUndo).toBe(false);
  });

  it('undo is a user change too (draft-sync saves it), and publishes canUndo/canRedo', () => {
    const { store, history, put } = setup();
    const sources: string[] = [];
    store.listen((d) => sources.push(d.source));
    const states: string[] = [];
    history.subscribe(() => states.push(JSON.stringify(history.getSnapshot())));
    put('a', ['1']);
    history.undo();
    expect(sources).toEqual(['user', 'user']);
    expect(states).toEqual(['{"canUndo":true,"canRedo":false}', '{"canUndo":false,"canRedo":true}']);
  });

  it('typing then erasing back to the start leaves no step', () => {
    const { history, put } = setup();
    put('t', ['a'], 'textarea:t');
    history.mark();
    put('t', ['ab'], 'textarea:t');
    put('t', ['a'], 'textarea:t');
    expect(history.undo()).toBe(true);
    expect(history.canUndo).toBe(false);
  });
});
