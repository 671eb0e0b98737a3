import { describe, expect, it } from 'vitest';
import { decodeResult } from '../../../../core/labeling/codec.ts';
import type { ConfigNode } from '../../../../core/labeling/config-model.ts';
import { parseLabelingConfig } from '../../../../core/labeling/parse-config.ts';
import { controlsByName, walk } from './config-tree.ts';
import { isShown, isVisible, type Selection } from './visibility.ts';

const root = parseLabelingConfig(`<View>
  <Image name="img" value="$image"/>
  <RectangleLabels name="bbox" toName="img"><Label value="Car"/><Label value="Person"/></RectangleLabels>
  <Choices name="kind" toName="img"><Choice value="Vehicle" alias="veh"/><Choice value="Other"/></Choices>
  <Taxonomy name="tax" toName="img"><Choice value="A"><Choice value="B" alias="b"/></Choice></Taxonomy>
  <View name="v1" visibleWhen="choice-selected" whenTagName="kind" whenChoiceValue="Vehicle"/>
  <View name="v2" visibleWhen="choice-unselected" whenTagName="kind" whenChoiceValue="veh,Other"/>
  <View name="v3" visibleWhen="choice-selected"/>
  <View name="v4" visibleWhen="choice-selected" whenTagName="tax" whenChoiceValue="B"/>
  <View name="v5" visibleWhen="region-selected" whenTagName="bbox" whenLabelValue="Person,Car"/>
  <View name="v6" visibleWhen="no-region-selected"/>
  <View name="v7" visibleWhen="region-selected" whenLabelValue="Person"/>
</View>`).root;

const views = new Map<string, ConfigNode>();
for (const node of walk(root)) if (node.attrs['name']?.startsWith('v')) views.set(node.attrs['name'], node);

function visible(result: unknown[], selection: Selection = { regionId: null }) {
  const ctx = { controls: controlsByName(root), records: decodeResult(result).records, selection };
  return [...views].filter(([, node]) => isVisible(node, ctx)).map(([name]) => name);
}

const region = {
  id: 'r1',
  from_name: 'bbox',
  to_name: 'img',
  type: 'rectanglelabels',
  value: { x: 0, y: 0, width: 1, height: 1, rectanglelabels: ['Car'] },
};

describe('visibleWhen', () => {
  it('nothing chosen, no region', () => {
    expect(visible([])).toEqual(['v2', 'v6']);
  });

  it('choice-selected by value or alias; choice-unselected is its inverse; any choice without a tag', () => {
    const chosen = {
      id: 'c',
      from_name: 'kind',
      to_name: 'img',
      type: 'choices',
      value: { choices: ['veh'] },
    };
    expect(visible([chosen])).toEqual(['v1', 'v3', 'v6']);
  });

  it('taxonomy: the last element of a selected path', () => {
    const tax = {
      id: 't',
      from_name: 'tax',
      to_name: 'img',
      type: 'taxonomy',
      value: { taxonomy: [['A', 'b']] },
    };
    expect(visible([tax])).toContain('v4');
  });

  it('region-selected with its labels control and label values', () => {
    expect(visible([region], { regionId: 'r1' })).toEqual(['v2', 'v5']);
    expect(visible([region], { regionId: 'gone' })).toEqual(['v2']);
  });
});

describe('isShown', () => {
  it('a control inside a hidden View is hidden', () => {
    const nested = parseLabelingConfig(`<View>
      <Text name="t" value="$t"/>
      <Choices name="kind" toName="t"><Choice value="A"/></Choices>
      <View visibleWhen="choice-selected" whenTagName="kind"><Choices name="inner" toName="t"><Choice value="X"/></Choices></View>
    </View>`).root;
    const inner = [...walk(nested)].find((n) => n.attrs['name'] === 'inner')!;
    const ctx = (result: unknown[]) => ({
      controls: controlsByName(nested),
      records: decodeResult(result).records,
      selection: { regionId: null },
    });
    expect(isShown(nested, inner.id, ctx([]))).toBe(false);
    const chosen = { id: 'c', from_name: 'kind', to_name: 't', type: 'choices', value: { choices: ['A'] } };
    expect(isShown(nested, inner.id, ctx([chosen]))).toBe(true);
  });
});
