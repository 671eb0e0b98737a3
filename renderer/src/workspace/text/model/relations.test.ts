import { describe, expect, it } from 'vitest';
import { decodeResult, encodeResult } from '../../../../../core/labeling/codec.ts';
import { DocumentStore } from '../../model/document-store.ts';
import { History } from '../../model/history.ts';
import {
  addRelation,
  cycleDirection,
  readRelations,
  removeRelation,
  toggleRelationLabel,
} from './relations.ts';

const written = (store: DocumentStore) => encodeResult({ records: [...store.records()], opaque: [] });

describe('relations between regions', () => {
  it("are written as Label Studio's relation items: no id, no from_name, no value", () => {
    const store = new DocumentStore();
    const key = addRelation(store, 'a1', 'b2');
    expect(key).not.toBeNull();
    expect(written(store)).toEqual([
      { type: 'relation', from_id: 'a1', to_id: 'b2', direction: 'right', labels: [] },
    ]);
    expect(Object.keys(written(store)[0] as object)).toEqual([
      'type',
      'from_id',
      'to_id',
      'direction',
      'labels',
    ]);
  });

  it('refuses a self-link and a second link between the same two regions (either way)', () => {
    const store = new DocumentStore();
    addRelation(store, 'a', 'b');
    expect(addRelation(store, 'a', 'b')).toBeNull();
    expect(addRelation(store, 'b', 'a')).toBeNull();
    expect(addRelation(store, 'a', 'a')).toBeNull();
    expect(addRelation(store, 'a', 'c')).not.toBeNull();
    expect(readRelations(store.records()).map((r) => [r.from, r.to])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
    ]);
  });

  it('direction cycles right → left → bi; labels toggle (single or multiple); each is an undo step', () => {
    const store = new DocumentStore();
    const history = new History(store);
    const key = addRelation(store, 'a', 'b')!;
    cycleDirection(store, key);
    expect(readRelations(store.records())[0]?.direction).toBe('left');
    cycleDirection(store, key);
    expect(readRelations(store.records())[0]?.direction).toBe('bi');
    cycleDirection(store, key);
    expect(readRelations(store.records())[0]?.direction).toBe('right');
    toggleRelationLabel(store, key, 'met', false);
    toggleRelationLabel(store, key, 'works in', false);
    expect(readRelations(store.records())[0]?.labels).toEqual(['works in']);
    toggleRelationLabel(store, key, 'met', true);
    expect(readRelations(store.records())[0]?.labels).toEqual(['works in', 'met']);
    history.undo();
    expect(readRelations(store.records())[0]?.labels).toEqual(['works in']);
    removeRelation(store, key);
    expect(readRelations(store.records())).toEqual([]);
    history.undo();
    expect(readRelations(store.records())).toHaveLength(1);
  });

  it("reads Label Studio's relations (gallery relation-extraction) and writes an edited one in its key order", () => {
    const items = [
      {
        from_id: 'a-ubmF-dP2',
        to_id: 'dQ_pmsrWsm',
        type: 'relation',
        direction: 'right',
        labels: ['org:founded_by'],
      },
      { from_id: 'a-ubmF-dP2', to_id: 'IpmpOMj0vw', type: 'relation', direction: 'right', labels: [] },
    ];
    const store = new DocumentStore(decodeResult(items).records);
    const relations = readRelations(store.records());
    expect(relations.map((r) => [r.from, r.to, r.labels])).toEqual([
      ['a-ubmF-dP2', 'dQ_pmsrWsm', ['org:founded_by']],
      ['a-ubmF-dP2', 'IpmpOMj0vw', []],
    ]);
    expect(written(store)).toEqual(items);
    toggleRelationLabel(store, relations[1]!.key, 'org:founded', false);
    expect(written(store)[1]).toEqual({ ...items[1], labels: ['org:founded'] });
    expect(Object.keys(written(store)[1] as object)).toEqual(Object.keys(items[1]!));
  });
});
