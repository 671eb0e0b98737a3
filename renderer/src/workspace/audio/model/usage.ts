/**
 * Label Studio's `maxUsages` for segments: a Label may label at most that many regions of a task,
 * and a labels control (its own `maxUsages`) may make at most that many. Checked when a segment is
 * made, so the annotator is told at once instead of at submit. Pure.
 */
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';
import type { ResultRecord } from '../../../../../core/labeling/records.ts';
import { labelName, readLabels } from '../../text/model/spans.ts';

/** Why a new region of `control` may not carry `labels`, or null when it may. */
export function segmentRefusal(
  records: readonly ResultRecord[],
  control: ControlNode,
  labels: readonly string[],
): string | null {
  const regions = new Map<string, string[]>();
  for (const r of records)
    if (r.fromName === control.name && r.type === 'labels')
      regions.set(r.id, [...(regions.get(r.id) ?? []), ...readLabels(r)]);
  const total = Number(control.attrs['maxusages']);
  if (Number.isInteger(total) && total > 0 && regions.size >= total)
    return `No more segments: ${control.name} allows ${total} in a task, and all are made.`;
  for (const label of labels) {
    const option = control.options.find((o) => labelName(o) === label);
    if (option?.maxUsages === undefined) continue;
    const used = [...regions.values()].filter((on) => on.includes(label)).length;
    if (used >= option.maxUsages)
      return `“${option.value}” is used up: it may label ${option.maxUsages} segment${option.maxUsages === 1 ? '' : 's'} in a task.`;
  }
  return null;
}
