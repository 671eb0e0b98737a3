/**
 * Segments as records: Label Studio's audio region shape, read back unchanged when untouched, moved
 * with their transcript in one undo step, and per-segment limits (maxUsages).
 */
import { describe, expect, it } from 'vitest';
import { decodeResult, encodeRecord, encodeResult } from '../../../../../core/labeling/codec.ts';
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';
import { parseLabelingConfig } from '../../../../../core/labeling/parse-config.ts';
import { controlsByName } from '../../model/config-tree.ts';
import { DocumentStore } from '../../model/document-store.ts';
import { History } from '../../model/history.ts';
import { createSegment, readSegments, setSegmentTimes } from './segments.ts';
import { segmentRefusal } from './usage.ts';

const root = parseLabelingConfig(`<View>
  <Labels name="labels" toName="audio" maxUsages="3">
    <Label value="Speech" background="#ff0000"/><Label value="Noise" maxUsages="1"/>
  </Labels>
  <Audio name="audio" value="$audio"/>
  <TextArea name="transcription" toName="audio" perRegion="true"/>
</View>`).root;
const controls = controlsByName(root);
const labels = controls.get('labels') as ControlNode;
const labelControls = new Map([['labels', labels]]);

/** Audio regions as Label Studio's editor writes them (its e2e example), with a transcript. */
const LS_RESULT = [
  {
    from_name: 'labels',
    id: 'SsGrpVgy_C',
    to_name: 'audio',
    original_length: 98.719925,
    type: 'labels',
    origin: 'manual',
    value: { channel: 0, end: 28.50568583621215, labels: ['Speech'], start: 12.778410892095105 },
  },
  {
    from_name: 'transcription',
    id: 'SsGrpVgy_C',
    to_name: 'audio',
    type: 'textarea',
    origin: 'manual',
    value: { start: 12.778410892095105, end: 28.50568583621215, channel: 0, text: ['hello there'] },
  },
  {
    from_name: 'labels',
    id: 'JhxupEJWlW',
    to_name: 'audio',
    original_length: 98.719925,
    type: 'labels',
    origin: 'manual',
    value: { channel: 1, end: 59.39854733358493, labels: ['Noise'], start: 55.747572792986325 },
  },
];

describe('audio segments in the document', () => {
  it("reads Label Studio's audio regions (seconds, channel, labels, colour) by start time", () => {
    const store = new DocumentStore(decodeResult(structuredClone(LS_RESULT)).records);
    const segments = readSegments(store.records(), 'audio', labelControls);
    expect(
      segments.map(({ id, start, end, channel, labels: l, color }) => ({
        id,
        start,
        end,
        channel,
        l,
        color,
      })),
    ).toEqual([
      {
        id: 'SsGrpVgy_C',
        start: 12.778410892095105,
        end: 28.50568583621215,
        channel: 0,
        l: ['Speech'],
        color: '#ff0000',
      },
      {
        id: 'JhxupEJWlW',
        start: 55.747572792986325,
        end: 59.39854733358493,
        channel: 1,
        l: ['Noise'],
        color: '#36B37E',
      },
    ]);
    // The same record gives the same segment object (drawing tells changes by identity).
    expect(readSegments(store.records(), 'audio', labelControls)[0]).toBe(segments[0]);
  });

  it('writes untouched regions back exactly as read (keys, order, values)', () => {
    const decoded = decodeResult(structuredClone(LS_RESULT));
    const store = new DocumentStore(decoded.records);
    readSegments(store.records(), 'audio', labelControls);
    expect(encodeResult({ records: [...store.records()], opaque: decoded.opaque })).toEqual(LS_RESULT);
    expect(JSON.stringify(encodeResult({ records: [...store.records()], opaque: [] }))).toBe(
      JSON.stringify(LS_RESULT),
    );
  });

  it("a new segment is Label Studio's audio region: original_length beside start, end, channel, labels", () => {
    const store = new DocumentStore();
    const id = createSegment(store, labels, 'audio', { start: 1.25, end: 2.5, channel: 0 }, ['Speech'], 4);
    expect(store.records().map((r) => encodeRecord(r))).toEqual([
      {
        id,
        type: 'labels',
        value: { start: 1.25, end: 2.5, channel: 0, labels: ['Speech'] },
        origin: 'manual',
        original_length: 4,
        to_name: 'audio',
        from_name: 'labels',
      },
    ]);
    expect(id).toMatch(/^[A-Za-z0-9]{10}$/);
  });

  it('moving a segment moves its transcript with it, in one undo step', () => {
    const decoded = decodeResult(structuredClone(LS_RESULT));
    const store = new DocumentStore(decoded.records);
    const history = new History(store);
    setSegmentTimes(store, 'SsGrpVgy_C', { start: 10, end: 20 });
    const items = encodeResult({ records: [...store.records()], opaque: [] }) as {
      value: Record<string, unknown>;
    }[];
    expect(items[0]?.value).toEqual({ channel: 0, end: 20, labels: ['Speech'], start: 10 });
    expect(items[1]?.value).toEqual({ start: 10, end: 20, channel: 0, text: ['hello there'] });
    expect(items[2]).toEqual(LS_RESULT[2]);
    history.undo();
    expect(encodeResult({ records: [...store.records()], opaque: [] })).toEqual(LS_RESULT);
  });

  it("refuses a label past its maxUsages, and a region past the control's", () => {
    const store = new DocumentStore(decodeResult(structuredClone(LS_RESULT)).records);
    expect(segmentRefusal(store.records(), labels, ['Noise'])).toMatch(/“Noise” is used up/);
    expect(segmentRefusal(store.records(), labels, ['Speech'])).toBeNull();
    createSegment(store, labels, 'audio', { start: 70, end: 71, channel: 0 }, ['Speech'], 98.7);
    expect(segmentRefusal(store.records(), labels, ['Speech'])).toMatch(/allows 3/);
  });
});
