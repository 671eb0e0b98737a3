import { describe, expect, it } from 'vitest';
import {
  decodeResult,
  encodeResult,
  newRecord,
  newResultId,
  recordsFromPrediction,
  sameJson,
} from './codec.ts';
import type { ResultRecord } from './records.ts';
import { RESULT_SAMPLES } from './test-support/result-samples.ts';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const samples = () => clone(Object.values(RESULT_SAMPLES));

describe('decodeResult / encodeResult', () => {
  it('round-trips every result type: same objects, JSON-identical', () => {
    const items = samples();
    const text = JSON.stringify(items);
    const encoded = encodeResult(decodeResult(items));
    expect(JSON.stringify(encoded)).toBe(text);
    encoded.forEach((item, i) => expect(item).toBe(items[i]));
  });

  it('reads id, from_name, to_name, type and value into fields and every other key into meta, in order', () => {
    const [record] = decodeResult([RESULT_SAMPLES.rectanglelabels]).records;
    expect(record).toMatchObject({
      key: 'r1\u0000bbox',
      id: 'r1',
      fromName: 'bbox',
      toName: 'image',
      type: 'rectanglelabels',
      order: 0,
    });
    expect(Object.keys(record!.meta)).toEqual(['original_width', 'original_height', 'image_rotation']);
    const [relation] = decodeResult([RESULT_SAMPLES.relation]).records;
    expect(relation).toMatchObject({ id: '', fromName: '', toName: '', type: 'relation', value: {} });
    expect(relation!.meta).toEqual({ from_id: 'r1', to_id: 'p1', direction: 'right', labels: ['part_of'] });
  });

  it("keys one region's items apart by from_name, and duplicates by a counter", () => {
    const region = { ...RESULT_SAMPLES.rectanglelabels };
    const perRegion = {
      id: 'r1',
      from_name: 'quality',
      to_name: 'image',
      type: 'choices',
      value: { choices: ['Sharp'] },
    };
    const { records } = decodeResult([
      region,
      perRegion,
      clone(region),
      { from_name: 'c', to_name: 't', type: 'choices', value: { choices: [] } },
    ]);
    expect(records.map((r) => r.key)).toEqual([
      'r1\u0000bbox',
      'r1\u0000quality',
      'r1\u0000bbox\u00001',
      '\u0000c',
    ]);
  });

  it('keeps items it cannot read in place, verbatim', () => {
    const odd = [
      42,
      { no: 'type' },
      { type: 'choices', id: 7, value: {} },
      { type: 'choices', value: 'x' },
      null,
    ];
    const items = [odd[0], RESULT_SAMPLES.choices, odd[1], odd[2], RESULT_SAMPLES.rating, odd[3], odd[4]];
    const decoded = decodeResult(items);
    expect(decoded.records.map((r) => r.order)).toEqual([1, 4]);
    expect(decoded.opaque.map((o) => o.order)).toEqual([0, 2, 3, 5, 6]);
    expect(encodeResult(decoded)).toEqual(items);
    expect(encodeResult(decoded)[2]).toBe(odd[1]);
  });

  it('keeps unknown result types as records that round-trip', () => {
    const cuboid = {
      id: 'q',
      type: 'cuboid',
      to_name: 'pc',
      from_name: 'box3d',
      value: { depth: 3 },
      extra: [1],
    };
    const encoded = encodeResult(decodeResult([cuboid]));
    expect(encoded[0]).toBe(cuboid);
  });

  it("writes a changed record in the raw's key order with the new values", () => {
    const raw = clone(RESULT_SAMPLES.rectangle);
    const decoded = decodeResult([raw]);
    const record = decoded.records[0]!;
    const changed: ResultRecord = {
      ...record,
      value: { ...record.value, x: 10 },
      meta: { ...record.meta, origin: 'manual', readonly: true },
    };
    const [item] = encodeResult({ ...decoded, records: [changed] }) as Record<string, unknown>[];
    expect(item).not.toBe(raw);
    expect(Object.keys(item!)).toEqual(['value', 'id', 'from_name', 'to_name', 'type', 'origin', 'readonly']);
    expect(item!.value).toEqual({ x: 10, y: 2, width: 3, height: 4, rotation: 0 });
  });

  it('drops a meta key removed from the record, keeps a relation free of value', () => {
    const decoded = decodeResult([clone(RESULT_SAMPLES.relation)]);
    const record = decoded.records[0]!;
    const { direction: _direction, ...meta } = record.meta;
    const [item] = encodeResult({ ...decoded, records: [{ ...record, meta }] });
    expect(item).toEqual({ from_id: 'r1', to_id: 'p1', type: 'relation', labels: ['part_of'] });
  });

  it('treats a value equal in content but rebuilt as unchanged (same raw object)', () => {
    const raw = clone(RESULT_SAMPLES.choices);
    const decoded = decodeResult([raw]);
    const rebuilt = { ...decoded.records[0]!, value: { choices: ['Positive'] } };
    expect(encodeResult({ ...decoded, records: [rebuilt] })[0]).toBe(raw);
  });

  it('writes records in order, new ones after the items read', () => {
    const decoded = decodeResult([clone(RESULT_SAMPLES.choices), 'opaque', clone(RESULT_SAMPLES.rating)]);
    const added = newRecord({
      fromName: 'notes',
      toName: 'text',
      type: 'textarea',
      value: { text: ['hi'] },
      id: 'NEW',
    });
    const encoded = encodeResult({ ...decoded, records: [added, ...decoded.records] });
    expect(encoded.map((i) => (typeof i === 'string' ? i : (i as { id: string }).id))).toEqual([
      'c1',
      'opaque',
      'g1',
      'NEW',
    ]);
  });
});

describe('newRecord', () => {
  it("is 'manual', with a Label Studio-like id, written in Label Studio's key order", () => {
    const record = newRecord({
      fromName: 'sentiment',
      toName: 'text',
      type: 'choices',
      value: { choices: ['A'] },
    });
    expect(record.id).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(record).toMatchObject({
      key: `${record.id}\u0000sentiment`,
      raw: null,
      meta: { origin: 'manual' },
    });
    const [item] = encodeResult({ records: [record], opaque: [] });
    expect(JSON.stringify(item)).toBe(
      `{"id":"${record.id}","type":"choices","value":{"choices":["A"]},"origin":"manual","to_name":"text","from_name":"sentiment"}`,
    );
  });

  it("reuses a region's id and carries extra meta (perRegion, item_index)", () => {
    const record = newRecord({
      id: 'r1',
      fromName: 'q',
      toName: 'image',
      type: 'rating',
      value: { rating: 2 },
      meta: { item_index: 3 },
    });
    expect(record.meta).toEqual({ origin: 'manual', item_index: 3 });
    expect(record.key).toBe('r1\u0000q');
  });

  it('makes distinct ids over every character of the alphabet', () => {
    const ids = Array.from({ length: 2000 }, () => newResultId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.join('')).size).toBe(62);
  });
});

describe('recordsFromPrediction', () => {
  const prediction = () => [clone(RESULT_SAMPLES.rectanglelabels), clone(RESULT_SAMPLES.choices)];

  it("keeps ids and writes origin 'prediction' when left as predicted", () => {
    const decoded = recordsFromPrediction(prediction());
    expect(decoded.records.map((r) => [r.id, r.meta.origin])).toEqual([
      ['r1', 'prediction'],
      ['c1', 'prediction'],
    ]);
    const encoded = encodeResult(decoded) as Record<string, unknown>[];
    expect(encoded).toEqual(prediction().map((item) => ({ ...item, origin: 'prediction' })));
  });

  it('gives an item without an id (predictions often have none) an id of its own', () => {
    const { id: _id, ...bare } = clone(RESULT_SAMPLES.choices) as Record<string, unknown>;
    const decoded = recordsFromPrediction([bare, { ...bare }]);
    const ids = decoded.records.map((r) => r.id);
    expect(ids.every((id) => /^[A-Za-z0-9]{10}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(2);
    const encoded = encodeResult(decoded) as Record<string, unknown>[];
    expect(encoded.map((item) => item.id)).toEqual(ids);
    expect(encoded[0]).toMatchObject({ origin: 'prediction', value: bare.value });
  });

  it("becomes 'prediction-changed' once edited, in place of the origin it had", () => {
    const decoded = recordsFromPrediction([
      { ...clone(RESULT_SAMPLES.choices), origin: 'manual', score: 0.9 },
    ]);
    const edited = { ...decoded.records[0]!, value: { choices: ['Negative'] } };
    const [item] = encodeResult({ ...decoded, records: [edited] });
    expect(JSON.stringify(item)).toBe(
      '{"id":"c1","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Negative"]},"origin":"prediction-changed","score":0.9}',
    );
  });
});

describe('sameJson', () => {
  it.each([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [[1, 2], [2, 1], false],
    [{ a: [] }, { a: {} }, false],
    [null, {}, false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(sameJson(a, b)).toBe(expected);
  });
});
