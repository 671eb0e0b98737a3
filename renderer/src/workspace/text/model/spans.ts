/**
 * Text spans read from and written to the document: a span is a region whose Labels record is
 * `{type:'labels', value:{start, end, text, labels}}` on a Text object (Label Studio's shape); its
 * perRegion records share its id. The writers here are the only ones the text view uses, each one
 * 'user' transaction (one undo step). Pure: no DOM, no React.
 */
import type { ControlNode, ConfigOption } from '../../../../../core/labeling/config-model.ts';
import { newRecord } from '../../../../../core/labeling/codec.ts';
import type { ResultRecord } from '../../../../../core/labeling/records.ts';
import type { DocumentStore } from '../../model/document-store.ts';
import type { Range } from './offsets.ts';
import type { SpanMark } from './runs.ts';

/** Label Studio's colour for a label without `background`. */
export const DEFAULT_LABEL_COLOR = '#36B37E';

export interface TextSpan extends SpanMark {
  record: ResultRecord;
}

/** What a label writes into results: its alias when it has one (as Choices do), else its value. */
export function labelName(option: ConfigOption): string {
  return option.alias ?? option.value;
}

/** The result type a labels control writes: its tag lower-cased (`labels`, `hypertextlabels`). */
export function resultType(control: ControlNode): string {
  return control.tag.toLowerCase();
}

function isSpanRecord(
  record: ResultRecord,
  objectName: string,
  labelControls: ReadonlyMap<string, ControlNode>,
) {
  return record.toName === objectName && labelControls.has(record.fromName) && record.type === 'labels';
}

const cache = new WeakMap<ResultRecord, TextSpan>();

/**
 * The spans on one object, in document order. A record that did not change gives the same span
 * object, so views memoised on spans redraw only what changed.
 */
export function readSpans(
  records: readonly ResultRecord[],
  objectName: string,
  labelControls: ReadonlyMap<string, ControlNode>,
  textLength: number,
): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const record of records) {
    if (!isSpanRecord(record, objectName, labelControls)) continue;
    let span = cache.get(record);
    if (!span) {
      const control = labelControls.get(record.fromName) as ControlNode;
      const labels = readLabels(record);
      const start = Number(record.value.start);
      const end = Number(record.value.end);
      if (!Number.isInteger(start) || !Number.isInteger(end)) continue;
      span = {
        id: record.id,
        start: Math.max(0, Math.min(textLength, start)),
        end: Math.max(0, Math.min(textLength, end)),
        labels,
        color: colorOf(control, labels[0]),
        record,
      };
      cache.set(record, span);
    }
    spans.push(span);
  }
  return spans;
}

export function readLabels(record: ResultRecord): string[] {
  const labels = record.value[record.type];
  return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [];
}

export function colorOf(control: ControlNode, label: string | undefined): string {
  const option = control.options.find((o) => labelName(o) === label || o.value === label);
  return option?.background ?? DEFAULT_LABEL_COLOR;
}

/** A new span with `labels` over `range` of `text`; returns its region id. */
export function createSpan(
  store: DocumentStore,
  control: ControlNode,
  objectName: string,
  text: string,
  range: Range,
  labels: string[],
  saveText = true,
): string {
  const type = resultType(control);
  // Label Studio's key order: start, end, text, then the labels under the type's name.
  const value: Record<string, unknown> = { start: range.start, end: range.end };
  if (saveText) value.text = text.slice(range.start, range.end);
  value[type] = labels;
  const record = newRecord({ fromName: control.name, toName: objectName, type, value });
  store.transact('user', (tx) => tx.put(record));
  return record.id;
}

/** Replaces a span's labels (a label clicked while the span is selected). Empty labels are refused. */
export function setSpanLabels(store: DocumentStore, record: ResultRecord, labels: string[]): void {
  if (labels.length === 0) return;
  store.transact('user', (tx) => {
    const current = tx.get(record.key);
    if (current) tx.put({ ...current, value: { ...current.value, [current.type]: labels } });
  });
}

/** Toggles one label on a span, keeping at least one (a span without a label is not a span). */
export function toggleSpanLabel(
  store: DocumentStore,
  record: ResultRecord,
  label: string,
  multiple: boolean,
) {
  const labels = readLabels(record);
  const has = labels.includes(label);
  if (!multiple) return setSpanLabels(store, record, [label]);
  setSpanLabels(store, record, has ? labels.filter((l) => l !== label) : [...labels, label]);
}

/**
 * Removes a region: every record carrying its id (its labels and perRegion values) and every
 * relation from or to it, in one step.
 */
export function removeRegion(store: DocumentStore, regionId: string): void {
  if (regionId === '') return;
  store.transact('user', (tx) => {
    for (const record of tx.records()) {
      const related =
        record.type === 'relation' && (record.meta.from_id === regionId || record.meta.to_id === regionId);
      if (record.id === regionId || related) tx.remove(record.key);
    }
  });
}

/** A region whose value was measured by its view (HyperText): `value` plus the labels. */
export function createShapedSpan(
  store: DocumentStore,
  control: ControlNode,
  objectName: string,
  shape: Record<string, unknown>,
  labels: string[],
): string {
  const type = resultType(control);
  const record = newRecord({
    fromName: control.name,
    toName: objectName,
    type,
    value: { ...shape, [type]: labels },
  });
  store.transact('user', (tx) => tx.put(record));
  return record.id;
}
