/** maxUsages when a span is made or relabelled: the label's own limit, the control's, and the note. */
import { describe, expect, it } from 'vitest';
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';
import { parseLabelingConfig } from '../../../../../core/labeling/parse-config.ts';
import { controlsByName } from '../../model/config-tree.ts';
import { DocumentStore } from '../../model/document-store.ts';
import { armedFor, pressLabel, type PressContext } from './press-label.ts';
import { SpanTool } from './span-tool.ts';
import { createSpan, readLabels } from './spans.ts';
import { usageRefusal } from './usage.ts';

const controls = controlsByName(
  parseLabelingConfig(`<View>
  <Labels name="ner" toName="txt">
    <Label value="Person" maxUsages="1"/><Label value="Place" alias="LOC" maxUsages="2"/><Label value="Misc"/>
  </Labels>
  <Labels name="few" toName="txt" maxUsages="2"><Label value="A"/><Label value="B"/></Labels>
  <Text name="txt" value="$text"/>
</View>`).root,
);
const ner = controls.get('ner') as ControlNode;
const few = controls.get('few') as ControlNode;
const TEXT = 'Ada met Babbage in London and Paris.';

function context(store: DocumentStore, tool: SpanTool, selected: string | null = null): PressContext {
  return {
    store,
    tool,
    textOf: () => ({ text: TEXT, saveText: true, granularity: 'symbol' }),
    selectedRegionId: selected,
    select: () => {},
  };
}

describe('maxUsages at span creation', () => {
  it("refuses a label at its own limit (counted by alias), not the others; relabelling does not count the span's own", () => {
    const store = new DocumentStore();
    expect(usageRefusal(store.records(), ner, ['Person'])).toBeNull();
    const ada = createSpan(store, ner, 'txt', TEXT, { start: 0, end: 3 }, ['Person']);
    expect(usageRefusal(store.records(), ner, ['Person'])).toBe(
      '“Person” is used up: it may label 1 region in a task (1 already).',
    );
    expect(usageRefusal(store.records(), ner, ['Misc'])).toBeNull();
    expect(usageRefusal(store.records(), ner, ['Person'], ada)).toBeNull();
    createSpan(store, ner, 'txt', TEXT, { start: 19, end: 25 }, ['LOC']);
    expect(usageRefusal(store.records(), ner, ['LOC'])).toBeNull();
    createSpan(store, ner, 'txt', TEXT, { start: 30, end: 35 }, ['LOC']);
    expect(usageRefusal(store.records(), ner, ['LOC'])).toMatch(
      /^“Place” is used up: .* 2 regions .*\(2 already\)/,
    );
  });

  it("refuses a new region past the control's maxUsages, but lets its regions be relabelled", () => {
    const store = new DocumentStore();
    const a = createSpan(store, few, 'txt', TEXT, { start: 0, end: 3 }, ['A']);
    createSpan(store, few, 'txt', TEXT, { start: 4, end: 7 }, ['B']);
    expect(usageRefusal(store.records(), few, ['A'])).toBe(
      'No more spans here: few allows 2 regions in a task, and all are made.',
    );
    expect(usageRefusal(store.records(), few, ['B'], a)).toBeNull();
  });

  it('a label press on a selection makes nothing when used up: the selection stays and the note says why', () => {
    const store = new DocumentStore();
    createSpan(store, ner, 'txt', TEXT, { start: 0, end: 3 }, ['Person']);
    const tool = new SpanTool();
    tool.setPending({ object: 'txt', start: 8, end: 15 });
    expect(pressLabel(context(store, tool), ner, 0)).toBe('used-up');
    expect(store.records()).toHaveLength(1);
    expect(tool.getSnapshot().pending).toMatchObject({ start: 8, end: 15 });
    expect(tool.getSnapshot().note).toEqual({
      control: 'ner',
      text: '“Person” is used up: it may label 1 region in a task (1 already).',
    });
    // Another label labels the same selection, and the note goes.
    expect(pressLabel(context(store, tool), ner, 2)).toBe('created');
    expect(tool.getSnapshot().note).toBeNull();
    expect(store.records().map((r) => readLabels(r))).toEqual([['Person'], ['Misc']]);
  });

  it('relabelling a span to a used-up label is refused; an armed used-up label arms nothing', () => {
    const store = new DocumentStore();
    createSpan(store, ner, 'txt', TEXT, { start: 0, end: 3 }, ['Person']);
    const other = createSpan(store, ner, 'txt', TEXT, { start: 8, end: 15 }, ['Misc']);
    const tool = new SpanTool();
    expect(pressLabel(context(store, tool, other), ner, 0)).toBe('used-up');
    expect(readLabels(store.records()[1]!)).toEqual(['Misc']);
    tool.toggleArmed('ner', 0, false);
    expect(armedFor(tool, [ner], 'txt', store.records())).toBeNull();
    expect(tool.getSnapshot().note?.text).toMatch(/^“Person” is used up/);
    // Without the records (a caller that does not check), the armed label is still returned.
    expect(armedFor(tool, [ner], 'txt')?.labels).toEqual(['Person']);
  });
});
