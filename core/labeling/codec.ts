/**
 * Label Studio `result[]` ↔ records. Decoding keeps everything: keys in order, unknown keys in `meta`,
 * items it cannot read as records (not an object, no type) as opaque items in place. Encoding writes an
 * untouched record back as the very object it was read from, so a document saved without edits is the
 * document that was loaded, byte for byte once serialised; an edited record keeps the key order it had.
 */
import type { DecodedResult, OpaqueItem, ResultRecord } from './records.ts';

/** Keys a record holds in its own fields; every other key of an item is `meta`. */
const OWN_KEYS = new Set(['id', 'from_name', 'to_name', 'type', 'value']);

export function decodeResult(items: unknown[]): DecodedResult {
  const records: ResultRecord[] = [];
  const opaque: OpaqueItem[] = [];
  const seen = new Map<string, number>();
  items.forEach((raw, order) => {
    const record = toRecord(raw, order);
    if (!record) {
      opaque.push({ order, raw });
      return;
    }
    // The rare duplicate (two items with one id and from_name) gets a counter, so keys stay unique.
    const count = seen.get(record.key) ?? 0;
    seen.set(record.key, count + 1);
    records.push(count === 0 ? record : { ...record, key: `${record.key}\u0000${count}` });
  });
  return { records, opaque };
}

function toRecord(raw: unknown, order: number): ResultRecord | null {
  if (!isPlainObject(raw)) return null;
  const { id, from_name: fromName, to_name: toName, type, value } = raw;
  if (typeof type !== 'string') return null;
  if (!optionalString(id) || !optionalString(fromName) || !optionalString(toName)) return null;
  if (value !== undefined && !isPlainObject(value)) return null;
  const meta: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(raw)) if (!OWN_KEYS.has(key)) meta[key] = inner;
  const recordId = id ?? '';
  const recordFrom = fromName ?? '';
  return {
    key: recordKey(recordId, recordFrom),
    id: recordId,
    fromName: recordFrom,
    toName: toName ?? '',
    type,
    value: value ?? {},
    meta,
    order,
    raw,
  };
}

export function recordKey(id: string, fromName: string): string {
  return `${id}\u0000${fromName}`;
}

export function encodeResult(decoded: DecodedResult): unknown[] {
  const entries: { order: number; rank: number; item: unknown }[] = [];
  decoded.records.forEach((record, rank) =>
    entries.push({ order: record.order, rank, item: encodeRecord(record) }),
  );
  decoded.opaque.forEach((item, rank) =>
    entries.push({ order: item.order, rank: decoded.records.length + rank, item: item.raw }),
  );
  // Stable: same order → records before opaque items, each in the order given.
  entries.sort((a, b) => a.order - b.order || a.rank - b.rank);
  return entries.map((entry) => entry.item);
}

/** The item for one record: the raw object when nothing changed, else the raw's key order with new values. */
export function encodeRecord(record: ResultRecord): Record<string, unknown> {
  const raw = record.raw;
  if (raw && !recordChanged(record, raw)) return raw as Record<string, unknown>;
  const meta = { ...record.meta };
  // A prediction the annotator edited says so, as Label Studio marks it.
  if (raw && meta.origin === 'prediction') meta.origin = 'prediction-changed';
  const fields = ownFields(record, raw);
  const item: Record<string, unknown> = {};
  const order = raw ? Object.keys(raw) : ['id', 'type', 'value', 'origin', 'to_name', 'from_name'];
  for (const key of order) {
    if (Object.hasOwn(fields, key)) item[key] = fields[key];
    else if (Object.hasOwn(meta, key)) item[key] = meta[key];
  }
  for (const [key, inner] of Object.entries(fields)) if (!Object.hasOwn(item, key)) item[key] = inner;
  for (const [key, inner] of Object.entries(meta)) if (!Object.hasOwn(item, key)) item[key] = inner;
  return item;
}

/** The own keys this record writes: each present in the raw, or meaningful for a new item. */
function ownFields(
  record: ResultRecord,
  raw: Readonly<Record<string, unknown>> | null,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const had = (key: string) => raw !== null && Object.hasOwn(raw, key);
  if (record.id !== '' || had('id')) fields.id = record.id;
  fields.type = record.type;
  // Relations carry no value; an item read without one is not given one unless something was set.
  if (had('value') || Object.keys(record.value).length > 0 || (raw === null && record.type !== 'relation'))
    fields.value = record.value;
  if (record.toName !== '' || had('to_name')) fields.to_name = record.toName;
  if (record.fromName !== '' || had('from_name')) fields.from_name = record.fromName;
  return fields;
}

function recordChanged(record: ResultRecord, raw: Readonly<Record<string, unknown>>): boolean {
  const before = toRecord(raw, record.order);
  if (!before) return true;
  return (
    before.id !== record.id ||
    before.fromName !== record.fromName ||
    before.toName !== record.toName ||
    before.type !== record.type ||
    !sameJson(before.value, record.value) ||
    !sameJson(before.meta, record.meta)
  );
}

export interface NewRecordInput {
  fromName: string;
  toName: string;
  type: string;
  value: Record<string, unknown>;
  /** A region's id (perRegion controls share it); a fresh one when absent. */
  id?: string;
  meta?: Record<string, unknown>;
  /** Where it goes in the written result; after everything read when absent. */
  order?: number;
}

/** A record made in this window: `origin: "manual"`, a fresh Label Studio-like id unless given. */
export function newRecord(input: NewRecordInput): ResultRecord {
  const id = input.id ?? newResultId();
  return {
    key: recordKey(id, input.fromName),
    id,
    fromName: input.fromName,
    toName: input.toName,
    type: input.type,
    value: input.value,
    meta: { origin: 'manual', ...input.meta },
    order: input.order ?? Number.MAX_SAFE_INTEGER,
    raw: null,
  };
}

/**
 * A prediction's items as records of the annotation being made: ids kept, `origin: "prediction"`. Their
 * raw is the item with that origin, so one left as predicted is written as predicted, and an edited one
 * becomes "prediction-changed" (encodeRecord).
 */
export function recordsFromPrediction(items: unknown[]): DecodedResult {
  const decoded = decodeResult(items);
  return {
    opaque: decoded.opaque,
    records: decoded.records.map((record) => {
      // Predictions often carry no ids; what the annotator submits always does.
      const id = record.id === '' ? newResultId() : record.id;
      const raw = { ...(record.raw as Record<string, unknown>), id, origin: 'prediction' };
      const key = record.id === '' ? recordKey(id, record.fromName) : record.key;
      return { ...record, id, key, meta: { ...record.meta, origin: 'prediction' }, raw };
    }),
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 10 random alphanumerics, as Label Studio's editor makes region ids (`UKz0YvhhKF`). */
export function newResultId(length = 10): string {
  let id = '';
  while (id.length < length) {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length * 2));
    // 62 × 4 = 248: bytes ≥ 248 are dropped so every character is equally likely.
    for (const byte of bytes) if (byte < 248 && id.length < length) id += ID_ALPHABET[byte % 62];
  }
  return id;
}

/** Deep equality of JSON values, key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((k) => Object.hasOwn(right, k) && sameJson(left[k], right[k]))
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}
