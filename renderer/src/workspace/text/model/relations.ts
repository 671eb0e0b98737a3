/**
 * Relations between two regions, as Label Studio writes them: `{type:'relation', from_id, to_id,
 * direction, labels}` — no id, no from_name, no value (the codec keeps them as records with fromName
 * ''; their fields live in `meta`). Region-kind agnostic: text spans today, image regions alike.
 * Pure: no DOM, no React.
 */
import type { ResultRecord } from '../../../../../core/labeling/records.ts';
import type { DocumentStore } from '../../model/document-store.ts';

export type Direction = 'right' | 'left' | 'bi';

export interface Relation {
  key: string;
  from: string;
  to: string;
  direction: Direction;
  labels: string[];
  record: ResultRecord;
}

export function readRelations(records: readonly ResultRecord[]): Relation[] {
  const out: Relation[] = [];
  for (const record of records) {
    if (record.type !== 'relation') continue;
    const { from_id: from, to_id: to, direction, labels } = record.meta;
    if (typeof from !== 'string' || typeof to !== 'string') continue;
    out.push({
      key: record.key,
      from,
      to,
      direction: direction === 'left' || direction === 'bi' ? direction : 'right',
      labels: Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [],
      record,
    });
  }
  return out;
}

/** Links `from` to `to` (direction right, no labels), unless they are already linked either way. */
export function addRelation(store: DocumentStore, from: string, to: string): string | null {
  if (from === to || from === '' || to === '') return null;
  const exists = readRelations(store.records()).some(
    (r) => (r.from === from && r.to === to) || (r.from === to && r.to === from),
  );
  if (exists) return null;
  const key = `\u0000relation\u0000${from}\u0000${to}`;
  const record: ResultRecord = {
    key,
    id: '',
    fromName: '',
    toName: '',
    type: 'relation',
    value: {},
    // Label Studio's key order after `type`.
    meta: { from_id: from, to_id: to, direction: 'right', labels: [] },
    order: Number.MAX_SAFE_INTEGER,
    raw: null,
  };
  store.transact('user', (tx) => tx.put(record));
  return key;
}

const NEXT: Record<Direction, Direction> = { right: 'left', left: 'bi', bi: 'right' };

/** right → left → bi → right, as Label Studio's direction button. */
export function cycleDirection(store: DocumentStore, key: string): void {
  store.transact('user', (tx) => {
    const record = tx.get(key);
    if (!record) return;
    const current = (record.meta.direction as Direction | undefined) ?? 'right';
    tx.put({ ...record, meta: { ...record.meta, direction: NEXT[current] ?? 'right' } });
  });
}

/** Toggles a relation label; one at a time unless the Relations control is `choice="multiple"`. */
export function toggleRelationLabel(store: DocumentStore, key: string, label: string, multiple: boolean) {
  store.transact('user', (tx) => {
    const record = tx.get(key);
    if (!record) return;
    const labels = Array.isArray(record.meta.labels) ? (record.meta.labels as string[]) : [];
    const next = labels.includes(label)
      ? labels.filter((l) => l !== label)
      : multiple
        ? [...labels, label]
        : [label];
    tx.put({ ...record, meta: { ...record.meta, labels: next } });
  });
}

export function removeRelation(store: DocumentStore, key: string): void {
  store.transact('user', (tx) => tx.remove(key));
}
