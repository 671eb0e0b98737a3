/**
 * The checks Label Studio runs at submit, over the document's records: required controls (per task, per
 * region, per item), one value for single choices, Number's min/max, TextArea's maxSubmissions, and
 * labels' maxUsages. Hidden controls are not required (Label Studio skips them too). Messages are for
 * the annotator and name the control (its `requiredMessage` when the config has one).
 */
import type { ConfigNode, ControlNode, LabelingConfig, VisibleWhen } from './config-model.ts';
import type { ResultRecord } from './records.ts';
import { REGION_RESULT_TYPES } from './region-types.ts';

export interface Problem {
  controlName: string;
  message: string;
  /** The region the problem is about (perRegion controls, maxUsages). */
  regionId?: string;
  /** The item of a multi-item object (perItem controls). */
  itemIndex?: number;
}

const ASK: Record<string, string> = {
  Choices: 'Choose a value for',
  Taxonomy: 'Choose a value for',
  TextArea: 'Write a text for',
  Rating: 'Give a rating for',
  Number: 'Enter a number for',
  DateTime: 'Enter a date for',
  Pairwise: 'Pick one side for',
  Ranker: 'Rank the items for',
};

export function validateDocument(config: LabelingConfig, records: readonly ResultRecord[]): Problem[] {
  const problems: Problem[] = [];
  const objects = new Map<string, ConfigNode>();
  visit(config.root, true, records, (node) => {
    if (node.kind === 'object') objects.set(node.name, node);
  });
  visit(config.root, true, records, (node, visible) => {
    if (node.kind !== 'control') return;
    const own = records.filter((r) => r.fromName === node.name && r.fromName !== '');
    if (node.required) problems.push(...requiredProblems(node, visible, own, records, objects));
    problems.push(...valueProblems(node, own));
  });
  return problems;
}

function requiredProblems(
  control: ControlNode,
  visible: boolean,
  own: ResultRecord[],
  records: readonly ResultRecord[],
  objects: Map<string, ConfigNode>,
): Problem[] {
  const message =
    control.attrs.requiredmessage || `${ASK[control.tag] ?? 'Mark at least one region for'} ${control.name}`;
  const base = { controlName: control.name, message };
  if (control.perRegion) {
    const problems: Problem[] = [];
    const answered = new Set(own.filter(hasValue).map((r) => r.id));
    for (const region of regions(records, control.toName)) {
      // Label Studio's rule: a region outside the control's visibility conditions needs no answer.
      const when = control.visibleWhen;
      if (when?.when === 'region-selected' && when.tagName && region.fromName !== when.tagName) continue;
      const labelValue = control.attrs.whenlabelvalue;
      if (labelValue && !labelValue.split(',').some((l) => region.labels.includes(l.trim()))) continue;
      if (!answered.has(region.id)) problems.push({ ...base, regionId: region.id });
    }
    return problems;
  }
  if (control.perItem) {
    const object = objects.get(control.toName[0] ?? '');
    const count = object?.kind === 'object' && object.value?.kind === 'list' ? object.value.items.length : 1;
    const problems: Problem[] = [];
    for (let index = 0; index < count; index++)
      if (!own.some((r) => (r.meta.item_index ?? 0) === index && hasValue(r)))
        problems.push({ ...base, itemIndex: index });
    return problems;
  }
  if (!visible) return [];
  return own.some(hasValue) ? [] : [base];
}

function valueProblems(control: ControlNode, own: ResultRecord[]): Problem[] {
  const problems: Problem[] = [];
  const add = (record: ResultRecord, message: string) =>
    problems.push({ controlName: control.name, message, ...(record.id ? { regionId: record.id } : {}) });
  for (const record of own) {
    const value = record.value;
    if (
      control.tag === 'Choices' &&
      control.attrs.choice !== 'multiple' &&
      Array.isArray(value.choices) &&
      value.choices.length > 1
    )
      add(record, `Choose only one value for ${control.name}`);
    if (control.tag === 'Number' && typeof value.number === 'number') {
      const min = numberAttr(control.attrs.min);
      const max = numberAttr(control.attrs.max);
      if (min !== undefined && value.number < min)
        add(record, `The number for ${control.name} must be at least ${min}`);
      if (max !== undefined && value.number > max)
        add(record, `The number for ${control.name} must be at most ${max}`);
    }
    const maxTexts = numberAttr(control.attrs.maxsubmissions);
    if (
      control.tag === 'TextArea' &&
      maxTexts !== undefined &&
      Array.isArray(value.text) &&
      value.text.length > maxTexts
    )
      add(record, `${control.name} takes at most ${maxTexts} text${maxTexts === 1 ? '' : 's'}`);
  }
  // maxUsages: per label (how many regions may carry it), and on the control (how many regions in all).
  const labelled = own.filter((r) => REGION_RESULT_TYPES.has(r.type));
  for (const option of control.options) {
    if (option.maxUsages === undefined) continue;
    const label = option.alias ?? option.value;
    const used = labelled.filter((r) => labelsOf(r).includes(label)).length;
    if (used > option.maxUsages)
      problems.push({
        controlName: control.name,
        message: `"${option.value}" may label at most ${option.maxUsages} region${option.maxUsages === 1 ? '' : 's'} (${used} now)`,
      });
  }
  const total = numberAttr(control.attrs.maxusages);
  const regionCount = new Set(labelled.map((r) => r.id)).size;
  if (total !== undefined && regionCount > total)
    problems.push({
      controlName: control.name,
      message: `${control.name} allows at most ${total} regions (${regionCount} now)`,
    });
  return problems;
}

interface Region {
  id: string;
  /** The labels control that made it. */
  fromName: string;
  labels: string[];
}

function regions(records: readonly ResultRecord[], toNames: string[]): Region[] {
  const byId = new Map<string, Region>();
  for (const record of records) {
    if (!REGION_RESULT_TYPES.has(record.type) || record.id === '' || !toNames.includes(record.toName))
      continue;
    const region = byId.get(record.id) ?? { id: record.id, fromName: record.fromName, labels: [] };
    region.labels.push(...labelsOf(record));
    byId.set(record.id, region);
  }
  return [...byId.values()];
}

function labelsOf(record: ResultRecord): string[] {
  const labels = record.value[record.type] ?? record.value.labels;
  return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [];
}

/** Does an item carry an answer (an empty choices list or blank text does not)? */
function hasValue(record: ResultRecord): boolean {
  const values = Object.values(record.value);
  if (REGION_RESULT_TYPES.has(record.type)) return true;
  return values.some((v) => {
    if (Array.isArray(v))
      return v.some((item) => (typeof item === 'string' ? item.trim() !== '' : item !== null));
    if (typeof v === 'string') return v.trim() !== '';
    if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
    return v !== null && v !== undefined;
  });
}

function numberAttr(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Depth-first over the tree with each node's visibility (a hidden View hides all it holds). */
function visit(
  node: ConfigNode,
  parentVisible: boolean,
  records: readonly ResultRecord[],
  fn: (node: ConfigNode, visible: boolean) => void,
): void {
  const visible = parentVisible && (!node.visibleWhen || isVisible(node.visibleWhen, records));
  fn(node, visible);
  if (node.kind === 'view' || node.kind === 'other')
    for (const child of node.children) visit(child, visible, records, fn);
}

/**
 * visibleWhen at submit time: choice conditions read the records; no region is selected then, so
 * "region-selected" hides and "no-region-selected" shows.
 */
export function isVisible(when: VisibleWhen, records: readonly ResultRecord[]): boolean {
  if (when.when === 'region-selected') return false;
  if (when.when === 'no-region-selected') return true;
  const selected = records
    .filter(
      (r) =>
        (r.type === 'choices' || r.type === 'taxonomy') && (!when.tagName || r.fromName === when.tagName),
    )
    .flatMap((r) => {
      const values = r.value[r.type];
      return Array.isArray(values) ? values.flat().map(String) : [];
    });
  const chosen = when.choiceValues?.length
    ? when.choiceValues.some((v) => selected.includes(v))
    : selected.length > 0;
  return when.when === 'choice-selected' ? chosen : !chosen;
}
