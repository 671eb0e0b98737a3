/**
 * Each classification control's value, read from and written to result records in the exact shapes
 * Label Studio's editor writes (tags/control/*.js): choices `{choices}`, taxonomy `{taxonomy}`, textarea
 * `{text}`, rating `{rating}`, number `{number}`, datetime `{datetime}`, pairwise `{selected}`, ranker
 * `{ranker}`. A write reuses the existing record (same id, key and meta, unknown value keys kept) and
 * returns null when the value became empty, so the caller removes the item (an empty result is not
 * written). perRegion items carry the region's id; perItem items carry `item_index`.
 *
 * Pure: no node:, DOM, react, electron, main or renderer imports.
 */
import { newRecord } from './codec.ts';
// DateTime's formats live beside (one concept a file); re-exported so callers have one door.
export { dateTimeMode, formatDateTime, parseDateTime, type DateTimeMode } from './datetime-format.ts';
import type { ConfigOption, ControlNode } from './config-model.ts';
import type { ResultRecord } from './records.ts';

/** A choice as written: a value or alias, numbers allowed; a path of them with allowNested. */
export type ChoiceItem = string | number | (string | number)[];

/** The value each control edits, by tag. Empty values (`[]`, null, '') mean "no result item". */
export interface ControlValues {
  Choices: ChoiceItem[];
  Taxonomy: string[][];
  TextArea: string[];
  Rating: number | null;
  Number: number | null;
  DateTime: string | null;
  Pairwise: 'left' | 'right' | null;
  /** Column (the Ranker's name, or a bucket name) -> item ids in order. */
  Ranker: Record<string, string[]> | null;
}
export type ValueTag = keyof ControlValues;

/** Which item of a perRegion / perItem control. */
export interface ValueTarget {
  regionId?: string;
  itemIndex?: number;
}

interface Shape<T extends ValueTag> {
  type: string;
  key: string;
  read(raw: unknown): ControlValues[T];
  empty(value: ControlValues[T]): boolean;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const asArray = (raw: unknown): unknown[] => (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]);
const finite = (raw: unknown): number | null =>
  typeof raw === 'number' && Number.isFinite(raw) ? raw : null;

const SHAPES: { [T in ValueTag]: Shape<T> } = {
  Choices: {
    type: 'choices',
    key: 'choices',
    read: (raw) =>
      asArray(raw).filter(
        (v): v is ChoiceItem =>
          isText(v) ||
          typeof v === 'number' ||
          (Array.isArray(v) && v.every((p) => isText(p) || typeof p === 'number')),
      ),
    empty: (v) => v.length === 0,
  },
  Taxonomy: {
    type: 'taxonomy',
    key: 'taxonomy',
    read: (raw) =>
      asArray(raw)
        .map((path) => asArray(path).map(String))
        .filter((path) => path.length > 0),
    empty: (v) => v.length === 0,
  },
  TextArea: {
    type: 'textarea',
    key: 'text',
    read: (raw) => asArray(raw).filter(isText),
    empty: (v) => v.length === 0,
  },
  // Label Studio treats rating 0 as "not rated" (no result).
  Rating: { type: 'rating', key: 'rating', read: finite, empty: (v) => v === null || v <= 0 },
  Number: { type: 'number', key: 'number', read: finite, empty: (v) => v === null },
  DateTime: {
    type: 'datetime',
    key: 'datetime',
    read: (raw) => (isText(raw) && raw !== '' ? raw : typeof raw === 'number' ? String(raw) : null),
    empty: (v) => v === null || v === '',
  },
  Pairwise: {
    type: 'pairwise',
    key: 'selected',
    read: (raw) => (raw === 'left' || raw === 'right' ? raw : null),
    empty: (v) => v === null,
  },
  Ranker: {
    type: 'ranker',
    key: 'ranker',
    read: (raw) => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
      return Object.fromEntries(
        Object.entries(raw as Record<string, unknown>).map(([k, ids]) => [k, asArray(ids).map(String)]),
      );
    },
    empty: (v) => v === null,
  },
};

export function isValueTag(tag: string): tag is ValueTag {
  return Object.hasOwn(SHAPES, tag);
}

/** Label Studio's result `type` for a control tag. */
export function resultType(control: ControlNode): string {
  return shapeOf(control).type;
}

function shapeOf(control: ControlNode): Shape<ValueTag> {
  if (!isValueTag(control.tag))
    throw new Error(`${control.tag} "${control.name}" has no classification value.`);
  return SHAPES[control.tag] as unknown as Shape<ValueTag>;
}

/** The record holding this control's value for the target, if any. */
export function findControlRecord(
  control: ControlNode,
  records: readonly ResultRecord[],
  target: ValueTarget = {},
): ResultRecord | undefined {
  const type = shapeOf(control).type;
  const mine = records.filter((r) => r.fromName === control.name && r.type.toLowerCase() === type);
  if (target.regionId !== undefined) return mine.find((r) => r.id === target.regionId);
  // A perRegion control has no value while no region is selected.
  if (control.perRegion) return undefined;
  if (control.perItem) return mine.find((r) => (r.meta['item_index'] ?? 0) === (target.itemIndex ?? 0));
  return mine[0];
}

export function readControlValue<T extends ValueTag>(
  control: ControlNode,
  records: readonly ResultRecord[],
  target: ValueTarget = {},
): ControlValues[T] {
  const shape = shapeOf(control) as unknown as Shape<T>;
  const record = findControlRecord(control, records, target);
  return shape.read(record?.value[shape.key]);
}

/** Region-level keys a perRegion item shares with its region (Label Studio writes them on every item). */
const REGION_META = ['original_width', 'original_height', 'image_rotation', 'item_index'] as const;

/** Where an audio segment is (it has a `channel`): Label Studio repeats it in each item's value. */
const AUDIO_PLACE = ['start', 'end', 'channel'] as const;

/**
 * The record to put for the new value, or null when it is empty (remove the existing one, if any).
 */
export function nextControlRecord<T extends ValueTag>(
  control: ControlNode,
  records: readonly ResultRecord[],
  value: ControlValues[T],
  target: ValueTarget = {},
): ResultRecord | null {
  const shape = shapeOf(control) as unknown as Shape<T>;
  if (shape.empty(value)) return null;
  const existing = findControlRecord(control, records, target);
  // Same id, key, meta and raw: the codec writes it in the raw's key order, and marks an edited
  // prediction `prediction-changed`.
  if (existing) return { ...existing, value: { ...existing.value, [shape.key]: value } };
  const region = target.regionId !== undefined ? records.find((r) => r.id === target.regionId) : undefined;
  const meta: Record<string, unknown> = {};
  if (region) for (const key of REGION_META) if (key in region.meta) meta[key] = region.meta[key];
  if (control.perItem && target.itemIndex !== undefined) meta['item_index'] = target.itemIndex;
  return newRecord({
    fromName: control.name,
    toName: toNameOf(control, region),
    type: shape.type,
    value: { ...audioPlace(region), [shape.key]: value },
    ...(region ? { id: region.id } : {}),
    meta,
  });
}

function audioPlace(region: ResultRecord | undefined): Record<string, unknown> {
  const place: Record<string, unknown> = {};
  if (region && typeof region.value['channel'] === 'number')
    for (const key of AUDIO_PLACE) if (key in region.value) place[key] = region.value[key];
  return place;
}

function toNameOf(control: ControlNode, region: ResultRecord | undefined): string {
  // Label Studio's Pairwise names itself as to_name (it compares two objects, not one).
  if (control.tag === 'Pairwise') return control.name;
  return region?.toName ?? control.toName[0] ?? '';
}

// ---- Choices ------------------------------------------------------------------------------------

/** `allowNested`: nested choices write paths (`[["Parent","Child"]]`); else only top-level ones count. */
export function choicesNested(control: ControlNode): boolean {
  return control.attrs['allownested'] === 'true';
}

/** One selectable choice with the path of options leading to it (itself last). */
export interface ChoiceEntry {
  option: ConfigOption;
  path: ConfigOption[];
  /** What is written for it: alias or value, or the path of those when nested. */
  item: ChoiceItem;
}

/** The choices a control offers, in document order (parents before their children). */
export function choiceEntries(control: ControlNode): ChoiceEntry[] {
  const nested = choicesNested(control);
  const out: ChoiceEntry[] = [];
  const walk = (options: ConfigOption[], parents: ConfigOption[]) => {
    for (const option of options) {
      const path = [...parents, option];
      const own = option.alias ?? option.value;
      out.push({ option, path, item: nested ? path.map((o) => o.alias ?? o.value) : own });
      if (nested) walk(option.children, path);
    }
  };
  walk(control.options, []);
  return out;
}

function sameItem(a: ChoiceItem, b: ChoiceItem): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => String(v) === String(b[i]));
  }
  // Numeric choices (`"choices": [1]`) match the option "1".
  return String(a) === String(b);
}

function isLeaf(entry: ChoiceEntry, nested: boolean): boolean {
  return !nested || entry.option.children.length === 0;
}

/** Selected, as Label Studio shows it: a parent is selected when all its children are. */
export function isChoiceSelected(
  control: ControlNode,
  selected: readonly ChoiceItem[],
  entry: ChoiceEntry,
): boolean {
  const nested = choicesNested(control);
  if (isLeaf(entry, nested)) return selected.some((s) => sameItem(s, entry.item));
  const leaves = choiceEntries(control).filter((e) => isDescendant(e, entry) && isLeaf(e, nested));
  return leaves.length > 0 && leaves.every((leaf) => isChoiceSelected(control, selected, leaf));
}

/** Some but not all of a parent's children are selected (a mixed checkbox). */
export function isChoicePartial(
  control: ControlNode,
  selected: readonly ChoiceItem[],
  entry: ChoiceEntry,
): boolean {
  const nested = choicesNested(control);
  if (isLeaf(entry, nested) || isChoiceSelected(control, selected, entry)) return false;
  return choiceEntries(control).some(
    (e) => isDescendant(e, entry) && isLeaf(e, nested) && isChoiceSelected(control, selected, e),
  );
}

function isDescendant(entry: ChoiceEntry, parent: ChoiceEntry): boolean {
  return entry.path.length > parent.path.length && entry.path[parent.path.length - 1] === parent.option;
}

/**
 * Toggles a choice. Single (`single`, `single-radio`) keeps at most that one (Label Studio lets a
 * single choice be unselected again, except that a radio is not unchecked by clicking it). A parent
 * toggles its whole subtree; the result lists every selected entry in document order, a fully selected
 * parent included, as Label Studio writes it.
 */
export function toggleChoice(
  control: ControlNode,
  selected: readonly ChoiceItem[],
  entry: ChoiceEntry,
): ChoiceItem[] {
  const nested = choicesNested(control);
  const entries = choiceEntries(control);
  const was = isChoiceSelected(control, selected, entry);
  const multiple = control.attrs['choice'] === 'multiple';
  const radio = control.attrs['choice'] === 'single-radio';
  if (was && radio && !multiple) return [...selected];
  const leaves = new Set(
    entries.filter((e) => isLeaf(e, nested) && isChoiceSelected(control, selected, e)).map((e) => e.option),
  );
  if (!multiple) leaves.clear();
  const affected = isLeaf(entry, nested)
    ? [entry]
    : entries.filter((e) => isDescendant(e, entry) && isLeaf(e, nested));
  for (const e of affected) {
    if (was) leaves.delete(e.option);
    else leaves.add(e.option);
  }
  const leafItems = entries.filter((e) => leaves.has(e.option)).map((e) => e.item);
  // Values not offered by the config (an older config, a dynamic list that changed) are kept.
  const unknown = selected.filter((s) => !entries.some((e) => sameItem(s, e.item)));
  const picked = entries.filter((e) =>
    isLeaf(e, nested) ? leaves.has(e.option) : isChoiceSelected(control, leafItems, e),
  );
  return [...picked.map((e) => e.item), ...(multiple ? unknown : [])];
}

/** Choices marked `selected="true"`, as a new annotation starts with them. */
export function preselectedChoices(control: ControlNode): ChoiceItem[] {
  let picked: ChoiceItem[] = [];
  for (const entry of choiceEntries(control))
    if (entry.option.selected) picked = toggleChoice(control, picked, entry);
  return picked;
}

// ---- Taxonomy -----------------------------------------------------------------------------------

/** A taxonomy node with the path written for it (alias or value at each level). */
export interface TaxonomyEntry {
  option: ConfigOption;
  path: string[];
  depth: number;
  leaf: boolean;
}

/** Depth-first, a value repeated at one level shown once (Label Studio's `visitUnique`). */
export function taxonomyEntries(control: ControlNode): TaxonomyEntry[] {
  const out: TaxonomyEntry[] = [];
  const walk = (options: ConfigOption[], parents: string[]) => {
    const seen = new Set<string>();
    for (const option of options) {
      if (seen.has(option.value)) continue;
      seen.add(option.value);
      const path = [...parents, option.alias ?? option.value];
      out.push({ option, path, depth: parents.length, leaf: option.children.length === 0 });
      walk(option.children, path);
    }
  };
  walk(control.options, []);
  return out;
}

const samePath = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

export function isTaxonomySelected(selected: readonly string[][], path: readonly string[]): boolean {
  return selected.some((s) => samePath(s, path));
}

/**
 * Adds or removes one path. `leafsOnly` refuses inner nodes; `maxUsages="1"` makes it single, a larger
 * `maxUsages` refuses more than that many.
 */
export function toggleTaxonomy(
  control: ControlNode,
  selected: readonly string[][],
  entry: TaxonomyEntry,
): string[][] {
  if (isTaxonomySelected(selected, entry.path)) return selected.filter((s) => !samePath(s, entry.path));
  if (control.attrs['leafsonly'] === 'true' && !entry.leaf) return [...selected];
  const max = Number.parseInt(control.attrs['maxusages'] ?? '', 10);
  if (max === 1) return [entry.path];
  if (max > 1 && selected.length >= max) return [...selected];
  return [...selected, entry.path];
}

// ---- Ranker -------------------------------------------------------------------------------------

/** Rank mode (no buckets): the one column is named after the Ranker (`{"ranker": {"rank": [ids]}}`). */
export function rankerOrder(
  control: ControlNode,
  value: ControlValues['Ranker'],
  ids: readonly string[],
): string[] {
  const saved = value?.[control.name] ?? [];
  // Items the saved order does not know (a list that grew) follow, in list order.
  return [...saved.filter((id) => ids.includes(id)), ...ids.filter((id) => !saved.includes(id))];
}

export function rankerValue(
  control: ControlNode,
  order: readonly string[],
): NonNullable<ControlValues['Ranker']> {
  return { [control.name]: [...order] };
}
