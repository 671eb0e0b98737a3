/**
 * ONE table of keyboard shortcuts: the key handler matches against it and the shortcuts sheet is
 * generated from it, so the two cannot disagree. Built-ins are Label Studio's (Ctrl/Cmd+Enter submit,
 * Ctrl/Cmd+Space skip) plus undo/redo, task paging and the sheet. Config hotkeys come from the
 * `hotkey` attribute of Choice/Label options (and Rating/Number), else 1..9 in document order across
 * the config's choices and labels. A config key equal to a built-in loses and is reported, as is a
 * key used twice. Pure: the matcher takes KeyboardEvent-like objects.
 */
import type { ConfigNode, ControlNode } from '../../../../core/labeling/config-model.ts';
import { choiceEntries } from '../../../../core/labeling/control-values.ts';
import { controlsOf } from './config-tree.ts';

export type BuiltInAction =
  'submit' | 'skip' | 'undo' | 'redo' | 'nextTask' | 'previousTask' | 'openShortcuts' | 'closeShortcuts';

export type HotkeyAction =
  | { kind: 'builtin'; id: BuiltInAction }
  /** Toggle entry `entry` of `choiceEntries(control)` (or option `entry` of a labels control). */
  | { kind: 'option'; control: string; entry: number }
  /** Rating/Number `hotkey`: the next value, as Label Studio's increaseValue. */
  | { kind: 'step'; control: string };

export type HotkeyScope = 'task' | 'sheet';

export interface Hotkey {
  id: string;
  /** Combos, e.g. `mod+enter`, `ctrl+y`, `alt+right`, `?`, `1`. `mod` is Ctrl, or Cmd on a Mac. */
  keys: string[];
  description: string;
  /** 'task': the workspace; 'sheet': only while the shortcuts sheet is open (it is modal). */
  scope: HotkeyScope;
  /** Still active while typing in a text field. */
  whileTyping?: boolean;
  /** The sheet's group. */
  group: string;
  action: HotkeyAction;
}

export interface HotkeyConflict {
  key: string;
  /** The binding that keeps the key. */
  kept: string;
  /** The config binding that lost it. */
  dropped: string;
  reason: 'built-in' | 'duplicate';
}

export interface HotkeyTable {
  hotkeys: Hotkey[];
  conflicts: HotkeyConflict[];
}

const builtin = (
  id: BuiltInAction,
  keys: string[],
  description: string,
  extra: Partial<Hotkey> = {},
): Hotkey => ({
  id,
  keys,
  description,
  scope: 'task',
  group: 'Task',
  action: { kind: 'builtin', id },
  ...extra,
});

export const BUILT_IN_HOTKEYS: readonly Hotkey[] = [
  builtin('submit', ['mod+enter'], 'Submit the annotation', { whileTyping: true }),
  builtin('skip', ['mod+space'], 'Skip the task'),
  builtin('undo', ['mod+z'], 'Undo', { group: 'Editing' }),
  builtin('redo', ['mod+shift+z', 'ctrl+y'], 'Redo', { group: 'Editing' }),
  builtin('nextTask', ['alt+right'], 'Next task'),
  builtin('previousTask', ['alt+left'], 'Previous task'),
  builtin('openShortcuts', ['?'], 'Show keyboard shortcuts', { group: 'Help' }),
  builtin('closeShortcuts', ['escape'], 'Close this sheet', { group: 'Help', scope: 'sheet' }),
];

const KEY_ALIASES: Record<string, string> = {
  ' ': 'space',
  spacebar: 'space',
  arrowright: 'right',
  arrowleft: 'left',
  arrowup: 'up',
  arrowdown: 'down',
  esc: 'escape',
  return: 'enter',
  command: 'meta',
  cmd: 'meta',
  '⌘': 'meta',
  option: 'alt',
  control: 'ctrl',
};
const MODIFIERS = ['mod', 'ctrl', 'meta', 'alt', 'shift'] as const;
type Modifier = (typeof MODIFIERS)[number];

interface Combo {
  mods: Set<Modifier>;
  key: string;
}

function parseCombo(text: string): Combo | null {
  // `+` alone (or as the last key, `shift++`) is the plus key.
  const parts = text.trim().toLowerCase().replace(/\+\+$/, '+plus').split('+');
  const mods = new Set<Modifier>();
  let key = '';
  for (const raw of parts) {
    const part = KEY_ALIASES[raw] ?? raw;
    if ((MODIFIERS as readonly string[]).includes(part)) mods.add(part as Modifier);
    else if (part !== '') key = part === 'plus' ? '+' : part;
  }
  return key ? { mods, key } : null;
}

/** Canonical forms a combo can take on some platform: `mod` is ctrl or meta. */
function canonical(text: string): string[] {
  const combo = parseCombo(text);
  if (!combo) return [];
  const base = MODIFIERS.filter((m) => m !== 'mod' && combo.mods.has(m));
  const variants = combo.mods.has('mod')
    ? [
        [...base, 'ctrl'],
        [...base, 'meta'],
      ]
    : [base];
  return variants.map((mods) => [...new Set(mods)].sort().concat(combo.key).join('+'));
}

/** Config hotkeys from options and controls; digits 1..9 for the options that have none. */
function configHotkeys(root: ConfigNode): Hotkey[] {
  const out: Hotkey[] = [];
  const auto: { control: ControlNode; entry: number; label: string }[] = [];
  const taken = new Set<string>();
  for (const control of controlsOf(root)) {
    if (!control.editable && !control.tag.endsWith('Labels')) continue;
    const options =
      control.tag === 'Choices'
        ? choiceEntries(control).map((e) => e.option)
        : control.tag.endsWith('Labels')
          ? control.options
          : [];
    options.forEach((option, entry) => {
      const label = `${controlLabel(control)}: ${option.value}`;
      const action: HotkeyAction = { kind: 'option', control: control.name, entry };
      if (option.hotkey) {
        const keys = option.hotkey
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean);
        keys.forEach((k) => taken.add(canonical(k).join()));
        out.push({
          id: `option:${control.name}:${entry}`,
          keys,
          description: label,
          scope: 'task',
          group: 'Labels',
          action,
        });
      } else auto.push({ control, entry, label });
    });
    const step = control.attrs['hotkey'];
    if (step && (control.tag === 'Rating' || control.tag === 'Number')) {
      out.push({
        id: `step:${control.name}`,
        keys: [step],
        description: `${controlLabel(control)}: next value`,
        scope: 'task',
        group: 'Labels',
        action: { kind: 'step', control: control.name },
      });
    }
  }
  const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].filter((d) => !taken.has(canonical(d).join()));
  for (const { control, entry, label } of auto) {
    const digit = digits.shift();
    if (!digit) break;
    out.push({
      id: `option:${control.name}:${entry}`,
      keys: [digit],
      description: label,
      scope: 'task',
      group: 'Labels',
      action: { kind: 'option', control: control.name, entry },
    });
  }
  return out;
}

function controlLabel(control: ControlNode): string {
  return control.attrs['label'] || control.name;
}

/** The table for one config: built-ins first; config keys that collide are dropped and reported. */
export function buildHotkeyTable(root: ConfigNode | null): HotkeyTable {
  const hotkeys: Hotkey[] = [...BUILT_IN_HOTKEYS];
  const conflicts: HotkeyConflict[] = [];
  const owner = new Map<string, Hotkey>();
  for (const h of hotkeys)
    for (const k of h.keys) for (const c of canonical(k)) owner.set(`${h.scope}:${c}`, h);
  for (const h of root ? configHotkeys(root) : []) {
    const keys = h.keys.filter((k) => {
      const holder = canonical(k)
        .map((c) => owner.get(`${h.scope}:${c}`))
        .find((o) => o !== undefined);
      if (!holder) return true;
      conflicts.push({
        key: k,
        kept: holder.id,
        dropped: h.id,
        reason: holder.action.kind === 'builtin' ? 'built-in' : 'duplicate',
      });
      return false;
    });
    if (keys.length === 0) continue;
    const kept = { ...h, keys };
    for (const k of keys) for (const c of canonical(k)) owner.set(`${h.scope}:${c}`, kept);
    hotkeys.push(kept);
  }
  return { hotkeys, conflicts };
}

/** What the matcher reads of a KeyboardEvent. */
export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
  target?: unknown;
}

const TEXT_INPUTS = new Set([
  '',
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'time',
  'datetime-local',
  'month',
  'week',
]);

/** Typing: in a textarea, a contenteditable, or a text-like input (not a checkbox or radio). */
export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const el = target as { tagName?: unknown; type?: unknown; isContentEditable?: unknown };
  if (el.isContentEditable === true) return true;
  const tag = typeof el.tagName === 'string' ? el.tagName.toUpperCase() : '';
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return TEXT_INPUTS.has(typeof el.type === 'string' ? el.type.toLowerCase() : '');
}

function eventKeys(event: KeyLike): string[] {
  const key = event.key.toLowerCase();
  const keys = [KEY_ALIASES[key] ?? key];
  // Alt and non-Latin layouts change `key`; the physical key still names the letter or digit.
  const code = /^(?:Key([A-Z])|Digit(\d))$/.exec(event.code ?? '');
  if (code) keys.push((code[1] ?? code[2] ?? '').toLowerCase());
  return keys;
}

function comboMatches(text: string, event: KeyLike): boolean {
  const combo = parseCombo(text);
  if (!combo || !eventKeys(event).includes(combo.key)) return false;
  const { mods } = combo;
  const wantsCtrl = mods.has('ctrl');
  const wantsMeta = mods.has('meta');
  if (mods.has('mod')) {
    if (!(event.ctrlKey || event.metaKey)) return false;
    if (event.ctrlKey && event.metaKey && !(wantsCtrl && wantsMeta)) return false;
  } else if (event.ctrlKey !== wantsCtrl || event.metaKey !== wantsMeta) return false;
  if (event.altKey !== mods.has('alt')) return false;
  // A symbol (`?`) is typed with Shift on most layouts: Shift is part of the key, not a modifier.
  const symbol = combo.key.length === 1 && !/[a-z0-9]/.test(combo.key);
  if (!symbol && event.shiftKey !== mods.has('shift')) return false;
  return true;
}

export interface MatchContext {
  /** The shortcuts sheet is open: only its own keys work. */
  sheetOpen: boolean;
}

/** The hotkey this key press triggers, or null (typing, composing, or no binding). */
export function matchHotkey(table: HotkeyTable, event: KeyLike, context: MatchContext): Hotkey | null {
  if (event.isComposing) return null;
  const typing = isTypingTarget(event.target);
  const scope: HotkeyScope = context.sheetOpen ? 'sheet' : 'task';
  for (const hotkey of table.hotkeys) {
    if (hotkey.scope !== scope) continue;
    if (typing && !hotkey.whileTyping) continue;
    if (hotkey.keys.some((k) => comboMatches(k, event))) return hotkey;
  }
  return null;
}

const KEY_NAMES: Record<string, string> = {
  enter: 'Enter',
  space: 'Space',
  escape: 'Esc',
  right: '→',
  left: '←',
  up: '↑',
  down: '↓',
};

/** How a combo is printed on the sheet: `Ctrl+Enter`, or `⌘ Enter` on a Mac. */
export function formatCombo(text: string, mac: boolean): string {
  const combo = parseCombo(text);
  if (!combo) return text;
  const names: string[] = [];
  if (combo.mods.has('mod')) names.push(mac ? '⌘' : 'Ctrl');
  if (combo.mods.has('ctrl')) names.push('Ctrl');
  if (combo.mods.has('meta')) names.push(mac ? '⌘' : 'Meta');
  if (combo.mods.has('alt')) names.push(mac ? '⌥' : 'Alt');
  if (combo.mods.has('shift')) names.push(mac ? '⇧' : 'Shift');
  names.push(KEY_NAMES[combo.key] ?? (combo.key.length === 1 ? combo.key.toUpperCase() : combo.key));
  return names.join(mac ? ' ' : '+');
}

export interface SheetGroup {
  title: string;
  rows: { id: string; keys: string[]; description: string }[];
}

/** The shortcuts sheet's content, in table order, grouped. */
export function shortcutSheet(table: HotkeyTable, mac: boolean): SheetGroup[] {
  const groups = new Map<string, SheetGroup>();
  for (const h of table.hotkeys) {
    const group = groups.get(h.group) ?? { title: h.group, rows: [] };
    groups.set(h.group, group);
    group.rows.push({ id: h.id, keys: h.keys.map((k) => formatCombo(k, mac)), description: h.description });
  }
  return [...groups.values()];
}

/** The printed key of a config option (for the control to show next to it), if it has one. */
export function optionHotkey(
  table: HotkeyTable,
  control: string,
  entry: number,
  mac: boolean,
): string | undefined {
  const h = table.hotkeys.find(
    (k) => k.action.kind === 'option' && k.action.control === control && k.action.entry === entry,
  );
  return h?.keys[0] !== undefined ? formatCombo(h.keys[0], mac) : undefined;
}
