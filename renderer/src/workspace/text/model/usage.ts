/**
 * Label Studio's `maxUsages` at the moment a span is made or relabelled: a Label's own limit (how
 * many regions may carry it in the task) and its control's (how many regions the control may make).
 * The submit check (core/labeling/validate.ts) reports a task over the limit; this keeps the
 * annotator from getting there, with a note saying why. Pure: no DOM.
 */
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';
import type { ResultRecord } from '../../../../../core/labeling/records.ts';
import { labelName, readLabels, resultType } from './spans.ts';

/** Regions (one per id) this control labelled, with their labels. */
function regionsOf(records: readonly ResultRecord[], control: ControlNode): Map<string, string[]> {
  const type = resultType(control);
  const out = new Map<string, string[]>();
  for (const r of records)
    if (r.fromName === control.name && r.type === type && r.id !== '')
      out.set(r.id, [...(out.get(r.id) ?? []), ...readLabels(r)]);
  return out;
}

/**
 * Why `labels` may not go on a new region of `control` (or on region `regionId` when relabelling,
 * which does not count against the control's total), or null when they may.
 */
export function usageRefusal(
  records: readonly ResultRecord[],
  control: ControlNode,
  labels: readonly string[],
  regionId: string | null = null,
): string | null {
  const regions = regionsOf(records, control);
  const total = Number(control.attrs['maxusages']);
  if (regionId === null && Number.isInteger(total) && total > 0 && regions.size >= total)
    return `No more spans here: ${control.name} allows ${total} region${total === 1 ? '' : 's'} in a task, and all are made.`;
  for (const label of labels) {
    const option = control.options.find((o) => labelName(o) === label);
    if (option?.maxUsages === undefined) continue;
    let used = 0;
    for (const [id, on] of regions) if (id !== regionId && on.includes(label)) used++;
    if (used >= option.maxUsages)
      return `“${option.value}” is used up: it may label ${option.maxUsages} region${option.maxUsages === 1 ? '' : 's'} in a task (${used} already).`;
  }
  return null;
}
