import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../../../core/labeling/parse-config.ts';
import { buildHotkeyTable, formatCombo, matchHotkey, shortcutSheet, type KeyLike } from './hotkeys.ts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});
const textarea = { tagName: 'TEXTAREA' };
const checkbox = { tagName: 'INPUT', type: 'checkbox' };
const idle = { sheetOpen: false };

const config = parseLabelingConfig(`<View>
  <Text name="txt" value="$text"/>
  <Choices name="sentiment" toName="txt">
    <Choice value="Positive"/><Choice value="Negative" hotkey="n"/><Choice value="Neutral"/>
  </Choices>
  <Choices name="topic" toName="txt" choice="multiple">
    <Choice value="Sport" hotkey="2"/><Choice value="Politics"/><Choice value="Undo me" hotkey="ctrl+z"/>
  </Choices>
  <Rating name="stars" toName="txt" hotkey="r"/>
</View>`).root;

describe('hotkey table', () => {
  const table = buildHotkeyTable(config);
  const hit = (event: KeyLike, context = idle) => matchHotkey(table, event, context)?.id ?? null;

  it('built-ins: submit, skip, undo, redo, paging, sheet', () => {
    expect(hit(key('Enter', { ctrlKey: true }))).toBe('submit');
    expect(hit(key('Enter', { metaKey: true }))).toBe('submit');
    expect(hit(key(' ', { ctrlKey: true }))).toBe('skip');
    expect(hit(key('z', { ctrlKey: true }))).toBe('undo');
    expect(hit(key('Z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(hit(key('y', { ctrlKey: true }))).toBe('redo');
    expect(hit(key('ArrowRight', { altKey: true }))).toBe('nextTask');
    expect(hit(key('ArrowLeft', { altKey: true }))).toBe('previousTask');
    expect(hit(key('?', { shiftKey: true }))).toBe('openShortcuts');
    expect(hit(key('Enter'))).toBeNull();
  });

  it('config keys: the hotkey attribute, else 1..9 in order, skipping digits taken', () => {
    expect(hit(key('1'))).toBe('option:sentiment:0');
    expect(hit(key('n'))).toBe('option:sentiment:1');
    expect(hit(key('3'))).toBe('option:sentiment:2'); // 2 is Sport's own key
    expect(hit(key('2'))).toBe('option:topic:0');
    expect(hit(key('4'))).toBe('option:topic:1');
    expect(hit(key('r'))).toBe('step:stars');
    // The physical key still counts when a layout or Alt changes `key`.
    expect(hit(key('ж', { code: 'KeyN' }))).toBe('option:sentiment:1');
  });

  it('a config key equal to a built-in loses, and is reported', () => {
    expect(table.conflicts).toEqual([
      { key: 'ctrl+z', kept: 'undo', dropped: 'option:topic:2', reason: 'built-in' },
    ]);
    expect(table.hotkeys.some((h) => h.id === 'option:topic:2')).toBe(false);
  });

  it('a key used twice in the config keeps the first', () => {
    const twice = buildHotkeyTable(
      parseLabelingConfig(
        '<View><Text name="t" value="$t"/><Choices name="c" toName="t"><Choice value="A" hotkey="a"/><Choice value="B" hotkey="a"/></Choices></View>',
      ).root,
    );
    expect(twice.conflicts).toEqual([
      { key: 'a', kept: 'option:c:0', dropped: 'option:c:1', reason: 'duplicate' },
    ]);
  });

  it('off while typing, except Ctrl+Enter; a checkbox is not typing', () => {
    expect(hit(key('1', { target: textarea }))).toBeNull();
    expect(hit(key('z', { ctrlKey: true, target: { tagName: 'INPUT', type: 'text' } }))).toBeNull();
    expect(hit(key('n', { target: { tagName: 'DIV', isContentEditable: true } }))).toBeNull();
    expect(hit(key('Enter', { ctrlKey: true, target: textarea }))).toBe('submit');
    expect(hit(key('1', { target: checkbox }))).toBe('option:sentiment:0');
    expect(hit(key('1', { isComposing: true }))).toBeNull();
  });

  it('the open sheet takes only its own keys', () => {
    expect(hit(key('Escape'), { sheetOpen: true })).toBe('closeShortcuts');
    expect(hit(key('1'), { sheetOpen: true })).toBeNull();
    expect(hit(key('Escape'))).toBeNull();
  });

  it('the sheet is generated from the same table', () => {
    const sheet = shortcutSheet(table, false);
    const rows = sheet.flatMap((g) => g.rows);
    // Every binding once, grouped.
    expect(rows.map((r) => r.id).sort()).toEqual(table.hotkeys.map((h) => h.id).sort());
    expect(sheet.map((g) => g.title)).toEqual(['Task', 'Editing', 'Help', 'Labels']);
    expect(rows.find((r) => r.id === 'redo')?.keys).toEqual(['Ctrl+Shift+Z', 'Ctrl+Y']);
    expect(rows.find((r) => r.id === 'option:sentiment:1')).toMatchObject({
      keys: ['N'],
      description: 'sentiment: Negative',
    });
    expect(formatCombo('mod+enter', true)).toBe('⌘ Enter');
  });
});
