/** Spans as records: made, relabelled and removed in Label Studio's shape, each one undo step. */
import { describe, expect, it } from 'vitest';
import { decodeResult, encodeRecord, encodeResult } from '../../../../../core/labeling/codec.ts';
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';
import { parseLabelingConfig } from '../../../../../core/labeling/parse-config.ts';
import { RESULT_SAMPLES } from '../../../../../core/labeling/test-support/result-samples.ts';
import { controlsByName } from '../../model/config-tree.ts';
import { DocumentStore } from '../../model/document-store.ts';
import { History } from '../../model/history.ts';
import { armedFor, pressLabel, type PressContext } from './press-label.ts';
import { SpanTool } from './span-tool.ts';
import { createShapedSpan, createSpan, readSpans, removeRegion, setSpanLabels } from './spans.ts';

const root = parseLabelingConfig(`<View>
  <Labels name="ner" toName="txt">
    <Label value="Person" background="red"/><Label value="Place" alias="LOC"/>
  </Labels>
  <Labels name="multi" toName="txt" choice="multiple"><Label value="A"/><Label value="B"/></Labels>
  <Text name="txt" value="$text" granularity="word"/>
  <TextArea name="note" toName="txt" perRegion="true"/>
</View>`).root;
const controls = controlsByName(root);
const ner = controls.get('ner') as ControlNode;
const labelControls = new Map([...controls].filter(([, c]) => c.tag === 'Labels'));
const TEXT = 'Ada Lovelace met 👍 Babbage in London.\r\nThe end.';
const items = (store: DocumentStore) => store.records().map((r) => encodeRecord(r));

function context(store: DocumentStore, tool: SpanTool, selected: string | null = null) {
  const picked: (string | null)[] = [];
  const ctx: PressContext = {
    store,
    tool,
    textOf: () => ({ text: TEXT, saveText: true, granularity: 'word' }),
    selectedRegionId: selected,
    select: (id) => picked.push(id),
  };
  return { ctx, picked };
}

describe('text spans in the document', () => {
  it("a new span is Label Studio's labels item: start, end, text (sliced by string index), labels", () => {
    const store = new DocumentStore();
    const id = createSpan(store, ner, 'txt', TEXT, { start: 17, end: 19 }, ['Person']);
    expect(items(store)).toEqual([
      {
        id,
        type: 'labels',
        value: { start: 17, end: 19, text: '👍', labels: ['Person'] },
        origin: 'manual',
        to_name: 'txt',
        from_name: 'ner',
      },
    ]);
    expect(id).toMatch(/^[A-Za-z0-9]{10}$/);
    const noText = new DocumentStore();
    createSpan(noText, ner, 'txt', TEXT, { start: 0, end: 3 }, ['Person'], false);
    expect(items(noText)[0]?.value).toEqual({ start: 0, end: 3, labels: ['Person'] });
  });

  it('label after selecting: a pending selection is widened to words and labelled (alias written)', () => {
    const store = new DocumentStore();
    const tool = new SpanTool();
    tool.setPending({ object: 'txt', start: 32, end: 34 });
    const { ctx, picked } = context(store, tool);
    expect(pressLabel(ctx, ner, 1)).toBe('created');
    expect(items(store)[0]?.value).toEqual({ start: 31, end: 37, text: 'London', labels: ['LOC'] });
    expect(tool.getSnapshot().pending).toBeNull();
    expect(picked).toEqual([store.records()[0]?.id]);
  });

  it('label before selecting: pressing arms it (one at a time, several with choice="multiple")', () => {
    const store = new DocumentStore();
    const tool = new SpanTool();
    const { ctx } = context(store, tool);
    expect(pressLabel(ctx, ner, 0)).toBe('armed');
    expect(armedFor(tool, controls.values(), 'txt')).toMatchObject({ labels: ['Person'] });
    pressLabel(ctx, ner, 1);
    expect(armedFor(tool, controls.values(), 'txt')?.labels).toEqual(['LOC']);
    pressLabel(ctx, ner, 1);
    expect(armedFor(tool, [ner], 'txt')).toBeNull();
    const multi = controls.get('multi') as ControlNode;
    pressLabel(ctx, multi, 0);
    pressLabel(ctx, multi, 1);
    expect(armedFor(tool, [multi], 'txt')?.labels).toEqual(['A', 'B']);
    expect(armedFor(tool, [multi], 'elsewhere')).toBeNull();
    expect(store.records()).toHaveLength(0);
  });

  it('with a span selected a label relabels it; overlapping and nested spans coexist', () => {
    const store = new DocumentStore();
    const history = new History(store);
    const outer = createSpan(store, ner, 'txt', TEXT, { start: 0, end: 12 }, ['Person']);
    const inner = createSpan(store, ner, 'txt', TEXT, { start: 4, end: 12 }, ['Person']);
    createSpan(store, ner, 'txt', TEXT, { start: 8, end: 16 }, ['Place']);
    const { ctx } = context(store, new SpanTool(), inner);
    expect(pressLabel(ctx, ner, 1)).toBe('relabelled');
    const spans = readSpans(store.records(), 'txt', labelControls, TEXT.length);
    expect(spans.map((s) => [s.start, s.end, s.labels, s.color])).toEqual([
      [0, 12, ['Person'], 'red'],
      [4, 12, ['LOC'], '#36B37E'],
      [8, 16, ['Place'], '#36B37E'],
    ]);
    // An unchanged record gives the very same span object (views redraw only what changed).
    expect(readSpans(store.records(), 'txt', labelControls, TEXT.length)[0]).toBe(spans[0]);
    history.undo();
    expect(readSpans(store.records(), 'txt', labelControls, TEXT.length)[1]?.labels).toEqual(['Person']);
    setSpanLabels(store, store.records()[0]!, []);
    expect(readSpans(store.records(), 'txt', labelControls, TEXT.length)[0]?.id).toBe(outer);
  });

  it('removing a region removes its perRegion values and its relations, in one undo step', () => {
    const store = new DocumentStore();
    const history = new History(store);
    const a = createSpan(store, ner, 'txt', TEXT, { start: 0, end: 3 }, ['Person']);
    const b = createSpan(store, ner, 'txt', TEXT, { start: 31, end: 37 }, ['LOC']);
    const [decoded] = [
      decodeResult([
        { id: a, from_name: 'note', to_name: 'txt', type: 'textarea', value: { text: ['mathematician'] } },
        { from_id: a, to_id: b, type: 'relation', direction: 'right', labels: [] },
      ]),
    ];
    store.transact('user', (tx) => decoded!.records.forEach((r) => tx.put(r)));
    removeRegion(store, a);
    expect(store.records().map((r) => r.id)).toEqual([b]);
    history.undo();
    expect(store.records()).toHaveLength(4);
  });
});

describe("every text result type round-trips through the view's writers", () => {
  it.each(['labels', 'hypertextlabels', 'paragraphlabels'])(
    '%s: read unchanged is written unchanged; relabelled keeps every key and its order',
    (type) => {
      const sample = RESULT_SAMPLES[type]!;
      const store = new DocumentStore(decodeResult([structuredClone(sample)]).records);
      expect(encodeResult({ records: [...store.records()], opaque: [] })).toEqual([sample]);
      const record = store.records()[0]!;
      setSpanLabels(store, record, ['Other']);
      const [item] = encodeResult({ records: [...store.records()], opaque: [] }) as Record<string, unknown>[];
      const value = sample.value as Record<string, unknown>;
      expect(item!.value).toEqual({ ...value, [type]: ['Other'] });
      expect(Object.keys(item!.value as object)).toEqual(Object.keys(value));
      expect(Object.keys(item!)).toEqual(Object.keys(sample));
    },
  );

  it('a HyperText or dialogue span made from a measured value keeps its shape and adds the labels', () => {
    const store = new DocumentStore();
    const html = parseLabelingConfig(
      '<View><HyperText name="html" value="$h"/><HyperTextLabels name="ner" toName="html"><Label value="G"/></HyperTextLabels></View>',
    ).root;
    const control = controlsByName(html).get('ner') as ControlNode;
    const shape = (RESULT_SAMPLES.hypertextlabels!.value as Record<string, unknown>) ?? {};
    const { hypertextlabels: _labels, ...measured } = shape;
    createShapedSpan(store, control, 'html', measured, ['G']);
    expect(items(store)[0]).toMatchObject({
      type: 'hypertextlabels',
      value: { ...measured, hypertextlabels: ['G'] },
    });
  });
});
