/**
 * What pressing a label (its button or its hotkey) does, as in Label Studio: with text selected in an
 * object the control labels, it makes a span; with one of this control's spans selected, it relabels
 * that span; otherwise it arms the label, so the next selection is made with it. Pure: no DOM.
 */
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';
import type { ResultRecord } from '../../../../../core/labeling/records.ts';
import type { DocumentStore } from '../../model/document-store.ts';
import { applyGranularity, type Granularity } from './offsets.ts';
import type { SpanTool } from './span-tool.ts';
import { createShapedSpan, createSpan, labelName, readLabels, toggleSpanLabel } from './spans.ts';
import { usageRefusal } from './usage.ts';

export interface PressContext {
  store: DocumentStore;
  tool: SpanTool;
  /** The text of an object by name and whether spans save it (undefined: not a text object). */
  textOf: (objectName: string) => { text: string; saveText: boolean; granularity: Granularity } | undefined;
  selectedRegionId: string | null;
  select: (regionId: string | null) => void;
}

export type PressOutcome = 'created' | 'relabelled' | 'armed' | 'used-up' | 'none';

export function isMultiple(control: ControlNode): boolean {
  return control.attrs['choice'] === 'multiple';
}

export function pressLabel(ctx: PressContext, control: ControlNode, entry: number): PressOutcome {
  const option = control.options[entry];
  if (!option) return 'none';
  const label = labelName(option);
  const { pending } = ctx.tool.getSnapshot();
  const refused = (regionId: string | null): boolean => {
    const why = usageRefusal(ctx.store.records(), control, [label], regionId);
    if (why) ctx.tool.setNote(control.name, why);
    return why !== null;
  };
  if (pending && control.toName.includes(pending.object) && refused(null)) return 'used-up';
  if (pending?.shape && control.toName.includes(pending.object)) {
    const id = createShapedSpan(ctx.store, control, pending.object, pending.shape, [label]);
    ctx.tool.setPending(null);
    ctx.select(id);
    return 'created';
  }
  if (pending && control.toName.includes(pending.object)) {
    const target = ctx.textOf(pending.object);
    if (target === undefined) return 'none';
    // A keyboard selection is widened here, as a mouse selection is when it ends.
    const range = applyGranularity(target.text, pending, target.granularity);
    if (!range) return 'none';
    const id = createSpan(ctx.store, control, pending.object, target.text, range, [label], target.saveText);
    ctx.tool.setPending(null);
    ctx.select(id);
    return 'created';
  }
  const selected = ctx.selectedRegionId
    ? regionRecord(ctx.store.records(), ctx.selectedRegionId, control)
    : null;
  if (selected) {
    if (!readLabels(selected).includes(label) && refused(selected.id)) return 'used-up';
    toggleSpanLabel(ctx.store, selected, label, isMultiple(control));
    return 'relabelled';
  }
  ctx.tool.toggleArmed(control.name, entry, isMultiple(control));
  return 'armed';
}

/** The labels record of region `id` written by `control`, if any. */
export function regionRecord(
  records: readonly ResultRecord[],
  id: string,
  control: ControlNode,
): ResultRecord | null {
  return records.find((r) => r.id === id && r.fromName === control.name) ?? null;
}

/**
 * Labels armed on a control that labels `objectName`: a selection there becomes a span at once.
 * Given the records, labels that are used up (maxUsages) arm nothing: the tool says why, and the
 * selection stays for another label.
 */
export function armedFor(
  tool: SpanTool,
  controls: Iterable<ControlNode>,
  objectName: string,
  records?: readonly ResultRecord[],
): { control: ControlNode; labels: string[] } | null {
  const { armed } = tool.getSnapshot();
  for (const control of controls) {
    const entries = armed.get(control.name);
    if (!entries || !control.toName.includes(objectName)) continue;
    const labels = entries.flatMap((e) => (control.options[e] ? [labelName(control.options[e])] : []));
    if (labels.length === 0) continue;
    const why = records ? usageRefusal(records, control, labels) : null;
    if (why) {
      tool.setNote(control.name, why);
      return null;
    }
    return { control, labels };
  }
  return null;
}
