import { useMemo, useState } from 'react';
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import { RegionList, type RegionRow } from '../panels/RegionList.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { labelName, removeRegion, setSpanLabels, type TextSpan } from './model/spans.ts';

const NONE: ReadonlySet<string> = new Set();

/**
 * The spans of one text (or HTML, or dialogue) in the shared region list: the keyboard path to any of
 * 10,000 spans (↑/↓ select, Delete removes, H hides, L locks, relabel), paged by the list. A view that
 * does not hide or lock (HyperText, Paragraphs) keeps its own sets empty.
 */
export function TextRegions({
  objectName,
  text,
  spans,
  labelControls,
  hidden: givenHidden,
  locked: givenLocked,
  onToggleHidden,
  onToggleLocked,
}: {
  objectName: string;
  /** The text the offsets index; absent: the span's stored `text` is quoted. */
  text?: string;
  spans: readonly TextSpan[];
  labelControls: ReadonlyMap<string, ControlNode>;
  hidden?: ReadonlySet<string>;
  locked?: ReadonlySet<string>;
  onToggleHidden?: (id: string) => void;
  onToggleLocked?: (id: string) => void;
}) {
  const ws = useWorkspace();
  const [ownHidden, setOwnHidden] = useState<ReadonlySet<string>>(NONE);
  const [ownLocked, setOwnLocked] = useState<ReadonlySet<string>>(NONE);
  const hidden = givenHidden ?? ownHidden;
  const locked = givenLocked ?? ownLocked;
  const flip = (set: ReadonlySet<string>, id: string) => {
    const next = new Set(set);
    if (!next.delete(id)) next.add(id);
    return next;
  };
  const rows: RegionRow[] = useMemo(
    () =>
      [...spans]
        .sort((a, b) => a.start - b.start || b.end - a.end)
        .map((s) => {
          const body = text !== undefined ? text.slice(s.start, s.end) : String(s.record.value.text ?? '');
          return {
            id: s.id,
            kind: `“${body.length > 40 ? `${body.slice(0, 40)}…` : body}” ${s.start}–${s.end}`,
            labels: [...s.labels],
            color: s.color,
            hidden: hidden.has(s.id),
            locked: locked.has(s.id),
            readOnly: s.record.meta.readonly === true,
          };
        }),
    [spans, text, hidden, locked],
  );
  const controls = [...labelControls.values()];
  const only = controls.length === 1 ? controls[0] : undefined;
  const byId = new Map(spans.map((s) => [s.id, s]));
  // A text only read for classification (no labels target it, no spans): no empty list to show.
  if (controls.length === 0 && spans.length === 0) return null;
  return (
    <RegionList
      label={`Spans of ${objectName}`}
      rows={rows}
      selectedId={ws.selection.regionId}
      readOnly={ws.readOnly}
      labelChoices={only ? only.options.map(labelName) : []}
      onSelect={(id) => ws.selectRegion(id)}
      onToggleHidden={onToggleHidden ?? ((id) => setOwnHidden((set) => flip(set, id)))}
      onToggleLocked={onToggleLocked ?? ((id) => setOwnLocked((set) => flip(set, id)))}
      onDelete={(id) => {
        const span = byId.get(id);
        if (!span || ws.readOnly || locked.has(id) || span.record.meta.readonly === true) return;
        removeRegion(ws.store, id);
        ws.selectRegion(null);
      }}
      onRelabel={(id, label) => {
        const span = byId.get(id);
        if (span && label && !locked.has(id)) setSpanLabels(ws.store, span.record, [label]);
      }}
    />
  );
}
