import { describe, expect, it } from 'vitest';
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import { encodeRecord } from '../../../../core/labeling/codec.ts';
import { DocumentStore } from '../model/document-store.ts';
import { deleteRegions, setRegionLabels } from './commands.ts';
import { createRegion } from './create-region.ts';
import { regionsOf } from './model/regions.ts';

const SIZE = { width: 200, height: 100 };
const box: ControlNode = {
  kind: 'control',
  id: '1',
  tag: 'RectangleLabels',
  name: 'box',
  attrs: {},
  toName: ['pages'],
  required: false,
  perRegion: false,
  perItem: false,
  editable: true,
  options: [{ value: 'Word', alias: 'word', maxUsages: 2, children: [] }],
};
const rect = { kind: 'rect' as const, x: 20, y: 10, width: 40, height: 30, rotation: 0 };

describe('regions of a multi-image object (valueList)', () => {
  it('carry item_index; each image shows its own; maxUsages counts the whole task', () => {
    const store = new DocumentStore();
    const draw = (itemIndex: number) =>
      createRegion({
        store,
        objectName: 'pages',
        size: SIZE,
        shape: rect,
        controls: [box],
        active: { control: 'box', entry: 0 },
        itemIndex,
      });
    const first = draw(0)!;
    draw(1);
    draw(1);
    const item = encodeRecord(store.records().find((r) => r.id === first)!);
    expect(item).toMatchObject({
      original_width: 200,
      original_height: 100,
      image_rotation: 0,
      item_index: 0,
      value: { x: 10, y: 10, width: 20, height: 30, rotation: 0, rectanglelabels: ['word'] },
    });
    expect(regionsOf(store.records(), 'pages', SIZE, 0).map((r) => r.id)).toEqual([first]);
    expect(regionsOf(store.records(), 'pages', SIZE, 1)).toHaveLength(2);
    // The alias is written; the third region came after two uses of a label allowed twice.
    expect(regionsOf(store.records(), 'pages', SIZE).map((r) => r.labels)).toEqual([['word'], ['word'], []]);
  });

  it('relabels and deletes every record of a region, relations to it included', () => {
    const store = new DocumentStore();
    const id = createRegion({
      store,
      objectName: 'pages',
      size: SIZE,
      shape: rect,
      controls: [box],
      active: null,
    })!;
    let [region] = regionsOf(store.records(), 'pages', SIZE);
    expect(region!.labels).toEqual([]);
    setRegionLabels(store, region!, box, ['word']);
    [region] = regionsOf(store.records(), 'pages', SIZE);
    expect(region!.labels).toEqual(['word']);
    store.transact('user', (tx) =>
      tx.put({
        key: 'rel',
        id: '',
        fromName: '',
        toName: '',
        type: 'relation',
        value: {},
        meta: { from_id: id, to_id: 'other', direction: 'right' },
        order: 9,
        raw: null,
      }),
    );
    deleteRegions(store, [region!]);
    expect(store.records()).toEqual([]);
  });
});
