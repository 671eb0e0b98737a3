import { describe, expect, it } from 'vitest';
import { DocumentStore, type Diff } from './document-store.ts';
import { choiceRecord } from './test-records.ts';

describe('DocumentStore', () => {
  it('one transaction emits one diff tagged with its source', () => {
    const a = choiceRecord('a', 'c', ['A']);
    const b = choiceRecord('b', 'c', ['B']);
    const store = new DocumentStore([a]);
    const diffs: Diff[] = [];
    store.listen((d) => diffs.push(d));
    let notified = 0;
    store.subscribe(() => notified++);
    const changedA = { ...a, value: { choices: ['Z'] } };
    store.transact('remote', (tx) => {
      tx.put(changedA);
      tx.put(b);
      tx.remove(b.key); // added then removed: no trace
      tx.put(b);
    });
    expect(diffs).toEqual([{ added: [b], updated: [[a, changedA]], removed: [], source: 'remote' }]);
    expect(notified).toBe(1);
    expect(store.getSnapshot()).toBe(1);
  });

  it('versions move only on a real change (deep-equal)', () => {
    const a = choiceRecord('a', 'c', ['A']);
    const store = new DocumentStore([a]);
    const diffs: Diff[] = [];
    store.listen((d) => diffs.push(d));
    store.transact('user', (tx) => tx.put({ ...a, value: { choices: ['A'] } }));
    expect(diffs).toHaveLength(0);
    expect(store.version).toBe(0);
    expect(store.versionOf(a.key)).toBe(0);
    // The stored object stays the old one, so memos keyed by identity stay valid.
    expect(store.get(a.key)).toBe(a);
    store.transact('user', (tx) => tx.put({ ...a, value: { choices: ['B'] } }));
    expect(store.versionOf(a.key)).toBe(1);
    expect(store.version).toBe(1);
  });

  it('records() follow document order, then insertion', () => {
    const first = { ...choiceRecord('x', 'c', []), order: 0 };
    const second = { ...choiceRecord('y', 'c', []), order: 1 };
    const store = new DocumentStore([second, first]);
    const late1 = choiceRecord('n1', 'c', ['1']);
    const late2 = choiceRecord('n2', 'c', ['2']);
    store.transact('user', (tx) => {
      tx.put(late1);
      tx.put(late2);
    });
    expect(store.records().map((r) => r.id)).toEqual(['x', 'y', 'n1', 'n2']);
    expect(store.records()).toBe(store.records());
  });

  it('a throwing transaction leaves nothing behind', () => {
    const a = choiceRecord('a', 'c', ['A']);
    const store = new DocumentStore([a]);
    const diffs: Diff[] = [];
    store.listen((d) => diffs.push(d));
    expect(() =>
      store.transact('user', (tx) => {
        tx.remove(a.key);
        tx.put(choiceRecord('b', 'c', []));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.records()).toEqual([a]);
    expect(diffs).toHaveLength(0);
  });

  it('nested transactions join the outer one; load replaces everything', () => {
    const a = choiceRecord('a', 'c', ['A']);
    const store = new DocumentStore([a]);
    const diffs: Diff[] = [];
    store.listen((d) => diffs.push(d));
    store.transact('user', (tx) => {
      tx.put(choiceRecord('b', 'c', []));
      store.transact('remote', (inner) => inner.put(choiceRecord('c', 'c', [])));
    });
    expect(diffs).toHaveLength(1);
    expect(diffs[0]?.source).toBe('user');
    const fresh = choiceRecord('z', 'c', ['Z']);
    store.load([fresh]);
    expect(store.records()).toEqual([fresh]);
    expect(diffs[1]).toMatchObject({ source: 'load', added: [fresh] });
    expect(diffs[1]?.removed.map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);
  });
});
