import { useMemo } from 'react';
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import { RegionList, type RegionRow } from '../panels/RegionList.tsx';
import { labelName, removeRegion, setSpanLabels } from '../text/model/spans.ts';
import { useWorkspace } from '../workspace-context.ts';
import type { Segment } from './model/segments.ts';
import { segmentRefusal } from './model/usage.ts';
import { formatTime } from './model/timeline.ts';

/**
 * The segments of one audio object in the shared region list: the keyboard path to every segment
 * (↑/↓ select, Delete removes, H hides, L locks, relabel). Selecting one moves the playhead to it.
 */
export function AudioRegions({
  objectName,
  segments,
  labelControls,
  hidden,
  locked,
  onToggleHidden,
  onToggleLocked,
  onSelect,
  onRefused,
}: {
  objectName: string;
  segments: readonly Segment[];
  labelControls: ReadonlyMap<string, ControlNode>;
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
  onToggleHidden: (id: string) => void;
  onToggleLocked: (id: string) => void;
  onSelect: (segment: Segment | undefined) => void;
  /** A relabel refused (a label used up): why, for the note beside the segments. */
  onRefused?: (why: string) => void;
}) {
  const ws = useWorkspace();
  const rows: RegionRow[] = useMemo(
    () =>
      segments.map((s) => ({
        id: s.id,
        kind: `Segment ${formatTime(s.start, 2)}–${formatTime(s.end, 2)}`,
        labels: [...s.labels],
        color: s.color,
        hidden: hidden.has(s.id),
        locked: locked.has(s.id),
        readOnly: s.record.meta.readonly === true,
      })),
    [segments, hidden, locked],
  );
  const controls = [...labelControls.values()];
  const only = controls.length === 1 ? controls[0] : undefined;
  const byId = new Map(segments.map((s) => [s.id, s]));
  return (
    <RegionList
      label={`Segments of ${objectName}`}
      rows={rows}
      selectedId={ws.selection.regionId}
      readOnly={ws.readOnly}
      labelChoices={only ? only.options.map(labelName) : []}
      onSelect={(id) => {
        ws.selectRegion(id);
        onSelect(id ? byId.get(id) : undefined);
      }}
      onToggleHidden={onToggleHidden}
      onToggleLocked={onToggleLocked}
      onDelete={(id) => {
        const s = byId.get(id);
        if (!s || ws.readOnly || locked.has(id) || s.record.meta.readonly === true) return;
        removeRegion(ws.store, id);
        ws.selectRegion(null);
      }}
      onRelabel={(id, label) => {
        const s = byId.get(id);
        if (!s || !label || ws.readOnly || locked.has(id) || s.record.meta.readonly === true) return;
        // maxUsages as when a segment is made, this segment's own labels not counted.
        const control = only ?? [...labelControls.values()].find((c) => c.name === s.record.fromName);
        const others = ws.store.records().filter((r) => r.id !== id);
        const why = control ? segmentRefusal(others, control, [label]) : null;
        if (why) return onRefused?.(why);
        setSpanLabels(ws.store, s.record, [label]);
      }}
    />
  );
}
