/**
 * `visibleWhen` as Label Studio's Visibility mixin reads it, over the records and the selection:
 * choice-selected / choice-unselected (whenTagName, whenChoiceValue: any of them, by value or alias),
 * region-selected (whenTagName: the region's labels control, whenLabelValue: any of its labels),
 * no-region-selected. A hidden View hides everything inside it (the view walks the tree).
 */
import type { ConfigNode, ControlNode, VisibleWhen } from '../../../../core/labeling/config-model.ts';
import {
  choiceEntries,
  readControlValue,
  taxonomyEntries,
  type ChoiceItem,
} from '../../../../core/labeling/control-values.ts';
import type { ResultRecord } from '../../../../core/labeling/records.ts';

export interface Selection {
  /** The selected region's result id, or null. */
  regionId: string | null;
}

export interface VisibilityContext {
  controls: ReadonlyMap<string, ControlNode>;
  records: readonly ResultRecord[];
  selection: Selection;
}

const lastOf = (item: ChoiceItem | string[]): string =>
  String(Array.isArray(item) ? (item.at(-1) ?? '') : item);

/** The selected values of a Choices or Taxonomy control, as written (last path element when nested). */
function selectedOf(control: ControlNode, ctx: VisibilityContext): string[] {
  const target =
    ctx.selection.regionId !== null && control.perRegion ? { regionId: ctx.selection.regionId } : {};
  if (control.tag === 'Choices') return readControlValue<'Choices'>(control, ctx.records, target).map(lastOf);
  if (control.tag === 'Taxonomy')
    return readControlValue<'Taxonomy'>(control, ctx.records, target).map(lastOf);
  return [];
}

/** `whenChoiceValue` names a choice by value or alias; results hold the alias when there is one. */
function written(control: ControlNode, wanted: string): string {
  const options =
    control.tag === 'Taxonomy'
      ? taxonomyEntries(control).map((e) => e.option)
      : choiceEntries(control).map((e) => e.option);
  const option = options.find((o) => o.value === wanted || o.alias === wanted);
  return option ? (option.alias ?? option.value) : wanted;
}

function choiceSelected(rule: VisibleWhen, ctx: VisibilityContext): boolean {
  if (!rule.tagName) {
    for (const control of ctx.controls.values())
      if (control.tag === 'Choices' && selectedOf(control, ctx).length > 0) return true;
    return false;
  }
  const control = ctx.controls.get(rule.tagName);
  if (!control) return false;
  const selected = selectedOf(control, ctx);
  const wanted = rule.choiceValues ?? [];
  if (wanted.length === 0) return selected.length > 0;
  return wanted.some((v) => selected.includes(written(control, v)));
}

function regionSelected(rule: VisibleWhen, ctx: VisibilityContext): boolean {
  const id = ctx.selection.regionId;
  if (id === null) return false;
  const items = ctx.records.filter((r) => r.id === id);
  if (items.length === 0) return false;
  // The region's labeling item: the one whose value carries `<type>` labels (rectanglelabels, labels...).
  const labelItems = items.filter((r) => Array.isArray(r.value[r.type]) && r.type.endsWith('labels'));
  if (rule.tagName && !labelItems.some((r) => r.fromName === rule.tagName)) return false;
  if (rule.labelValue) {
    const wanted = rule.labelValue.split(',').map((v) => v.trim());
    const labels = labelItems.flatMap((r) => (r.value[r.type] as unknown[]).map(String));
    return wanted.some((v) => labels.includes(v));
  }
  return true;
}

export function isVisible(node: { visibleWhen?: VisibleWhen | undefined }, ctx: VisibilityContext): boolean {
  const rule = node.visibleWhen;
  if (!rule) return true;
  switch (rule.when) {
    case 'choice-selected':
      return choiceSelected(rule, ctx);
    case 'choice-unselected':
      return !choiceSelected(rule, ctx);
    case 'region-selected':
      return regionSelected(rule, ctx);
    case 'no-region-selected':
      return ctx.selection.regionId === null;
  }
}

/** Whether a node shows: its own rule and every enclosing View's (a hidden View hides its content). */
export function isShown(root: ConfigNode, id: string, ctx: VisibilityContext): boolean {
  const path: ConfigNode[] = [];
  const find = (node: ConfigNode): boolean => {
    path.push(node);
    if (node.id === id) return true;
    if ((node.kind === 'view' || node.kind === 'other') && node.children.some(find)) return true;
    path.pop();
    return false;
  };
  return find(root) && path.every((node) => isVisible(node, ctx));
}
