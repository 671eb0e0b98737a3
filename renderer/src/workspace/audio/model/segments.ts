/**
 * Audio segments read from and written to the document. A segment is a region whose Labels record
 * is Label Studio's audio region: `{type:'labels', original_length, value:{start, end, channel,
 * labels}}` (seconds) on an Audio/AudioPlus object; its perRegion items (a transcript) share its id
 * and carry its start, end and channel too. Each writer is one 'user' transaction. Pure: no DOM.
 */
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';
import { newRecord } from '../../../../../core/labeling/codec.ts';
import type { ResultRecord } from '../../../../../core/labeling/records.ts';
import type { DocumentStore } from '../../model/document-store.ts';
import { colorOf, readLabels } from '../../text/model/spans.ts';

export interface Place {
  start: number;
  end: number;
  channel: number;
}

export interface Segment extends Place {
  id: string;
  labels: string[];
  color: string;
  record: ResultRecord;
}

/** The shortest segment a drag or a nudge leaves (10 ms): a segment of no length is not a segment. */
export const MIN_LENGTH = 0.01;

const cache = new WeakMap<ResultRecord, Segment>();

/**
 * The segments on one object, by start time. A record that did not change gives the same segment
 * object, so drawing can tell what changed by identity.
 */
export function readSegments(
  records: readonly ResultRecord[],
  objectName: string,
  labelControls: ReadonlyMap<string, ControlNode>,
): Segment[] {
  const out: Segment[] = [];
  for (const record of records) {
    if (record.toName !== objectName || record.type !== 'labels') continue;
    const control = labelControls.get(record.fromName);
    if (!control) continue;
    let segment = cache.get(record);
    if (!segment) {
      const start = Number(record.value.start);
      const end = Number(record.value.end);
      if (!Number.isFinite(start) || !Number.isFinite(end)) continue;
      const labels = readLabels(record);
      const channel = Number(record.value.channel);
      segment = {
        id: record.id,
        start: Math.min(start, end),
        end: Math.max(start, end),
        channel: Number.isInteger(channel) && channel >= 0 ? channel : 0,
        labels,
        color: colorOf(control, labels[0]),
        record,
      };
      cache.set(record, segment);
    }
    out.push(segment);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Label Studio's value of a new segment: start, end, channel, then the labels. */
export function segmentValue(place: Place, labels: readonly string[]): Record<string, unknown> {
  return { start: place.start, end: place.end, channel: place.channel, labels: [...labels] };
}

/** A new segment; returns its region id. `originalLength`: the audio's duration in seconds. */
export function createSegment(
  store: DocumentStore,
  control: ControlNode,
  objectName: string,
  place: Place,
  labels: readonly string[],
  originalLength: number | undefined,
): string {
  const record = newRecord({
    fromName: control.name,
    toName: objectName,
    type: 'labels',
    value: segmentValue(place, labels),
    meta: originalLength !== undefined ? { original_length: originalLength } : {},
  });
  store.transact('user', (tx) => tx.put(record));
  return record.id;
}

/**
 * Moves or resizes segment `id`: every record of the region that carries a place (its labels, its
 * transcript) gets the new start and end, in one step.
 */
export function setSegmentTimes(
  store: DocumentStore,
  id: string,
  times: { start: number; end: number },
): void {
  store.transact('user', (tx) => {
    for (const record of tx.records()) {
      if (record.id !== id || !('start' in record.value)) continue;
      tx.put({ ...record, value: { ...record.value, start: times.start, end: times.end } });
    }
  });
}
