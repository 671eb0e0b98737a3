import { describe, expect, it } from 'vitest';
import { encodeRecord } from '../../../../core/labeling/codec.ts';
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import { parseLabelingConfig } from '../../../../core/labeling/parse-config.ts';
import { applyPreselected, setControlValue, stepControlValue, toggleChoiceEntry } from './commands.ts';
import { controlsByName } from './config-tree.ts';
import { DocumentStore, type Diff } from './document-store.ts';
import { History } from './history.ts';

const root = parseLabelingConfig(`<View>
  <Text name="txt" value="$text"/>
  <Choices name="c" toName="txt"><Choice value="A" selected="true"/><Choice value="B"/></Choices>
  <TextArea name="notes" toName="txt"/>
  <Rating name="stars" toName="txt" maxRating="3"/>
</View>`).root;
const controls = controlsByName(root);
const get = (name: string) => controls.get(name) as ControlNode;
const items = (store: DocumentStore) => store.records().map((r) => encodeRecord(r));

describe('commands', () => {
  it('preselected choices start the document as load (not undoable)', () => {
    const store = new DocumentStore();
    const history = new History(store);
    applyPreselected(store, root);
    expect(items(store)).toMatchObject([{ from_name: 'c', value: { choices: ['A'] } }]);
    expect(history.canUndo).toBe(false);
    applyPreselected(store, root); // already has a value: untouched
    expect(store.records()).toHaveLength(1);
  });

  it('each command is one user diff; emptying a control removes its item', () => {
    const store = new DocumentStore();
    const diffs: Diff[] = [];
    store.listen((d) => diffs.push(d));
    toggleChoiceEntry(store, get('c'), 1);
    expect(items(store)).toMatchObject([{ value: { choices: ['B'] } }]);
    toggleChoiceEntry(store, get('c'), 1);
    expect(store.records()).toHaveLength(0);
    setControlValue<'TextArea'>(store, get('notes'), ['hi'], { coalesce: 'notes' });
    expect(diffs.map((d) => [d.source, d.coalesce])).toEqual([
      ['user', undefined],
      ['user', undefined],
      ['user', 'notes'],
    ]);
  });

  it('the Rating hotkey counts up and wraps to no rating', () => {
    const store = new DocumentStore();
    const seen: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      stepControlValue(store, get('stars'));
      seen.push(store.records()[0]?.value['rating'] ?? null);
    }
    expect(seen).toEqual([1, 2, 3, null]);
  });
});
