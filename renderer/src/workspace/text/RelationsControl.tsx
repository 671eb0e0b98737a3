import { useEffect, useSyncExternalStore } from 'react';
import type { ResultRecord } from '../../../../core/labeling/records.ts';
import { ControlFrame, type ControlProps } from '../controls/ControlFrame.tsx';
import { useWorkspace } from '../workspace-context.ts';
import {
  addRelation,
  cycleDirection,
  readRelations,
  removeRelation,
  toggleRelationLabel,
  type Direction,
} from './model/relations.ts';
import { spanToolFor } from './model/span-tool.ts';
import { readLabels } from './model/spans.ts';

const ARROWS: Record<Direction, string> = { right: '→', left: '←', bi: '↔' };
const DIRECTION_NAMES: Record<Direction, string> = {
  right: 'from first to second',
  left: 'from second to first',
  bi: 'both ways',
};

/**
 * Label Studio's Relations: link the selected region to another (press "Link", then select the other
 * region — by click, or with the keyboard in the text or the region list), set the direction, pick
 * relation labels, delete. Works for any region kind: it watches the selection, not a view.
 */
export function RelationsControl({ control, label, labelHidden }: ControlProps) {
  const ws = useWorkspace();
  const tool = spanToolFor(ws.store);
  const { linkingFrom } = useSyncExternalStore(tool.subscribe, tool.getSnapshot, tool.getSnapshot);
  const selected = ws.selection.regionId;
  const relations = readRelations(ws.records);
  const multiple = control.attrs['choice'] === 'multiple';

  // Linking: the next other region selected is the relation's target.
  useEffect(() => {
    if (!linkingFrom || !selected || selected === linkingFrom) return;
    addRelation(ws.store, linkingFrom, selected);
    tool.setLinking(null);
  }, [linkingFrom, selected, ws.store, tool]);

  const name = (id: string) => regionName(ws.records, id);
  const title = label || 'Relations';
  return (
    <ControlFrame control={control} label={title} labelHidden={labelHidden}>
      <button
        type="button"
        aria-pressed={linkingFrom !== null}
        disabled={ws.readOnly || (!selected && !linkingFrom)}
        onClick={() => tool.setLinking(linkingFrom ? null : selected)}
      >
        {linkingFrom ? 'Cancel the link' : 'Link the selected region to…'}
      </button>
      <p className="ws-hint" role="status">
        {linkingFrom ? `Linking from ${name(linkingFrom)}: select the region it relates to.` : ''}
      </p>
      {relations.length > 0 && (
        <ul className="ws-relations" aria-label="Relations">
          {relations.map((r) => {
            const text = `${name(r.from)} ${ARROWS[r.direction]} ${name(r.to)}`;
            return (
              <li key={r.key} className="ws-relation" data-testid="relation">
                <span className="ws-relation-ends">{text}</span>
                <button
                  type="button"
                  disabled={ws.readOnly}
                  aria-label={`Direction of ${text}: ${DIRECTION_NAMES[r.direction]}. Change`}
                  onClick={() => cycleDirection(ws.store, r.key)}
                >
                  {ARROWS[r.direction]}
                </button>
                {control.options.map((option) => {
                  const value = option.alias ?? option.value;
                  return (
                    <button
                      key={value}
                      type="button"
                      className="ws-label-button"
                      aria-pressed={r.labels.includes(value)}
                      disabled={ws.readOnly}
                      onClick={() => toggleRelationLabel(ws.store, r.key, value, multiple)}
                    >
                      {option.value}
                    </button>
                  );
                })}
                <button
                  type="button"
                  aria-label={`Delete the relation ${text}`}
                  disabled={ws.readOnly}
                  onClick={() => removeRelation(ws.store, r.key)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </ControlFrame>
  );
}

/** A region as people know it: its text (a span) or its labels, else its id. */
function regionName(records: readonly ResultRecord[], id: string): string {
  const record = records.find((r) => r.id === id && r.type !== 'relation' && readLabels(r).length > 0);
  if (!record) return id;
  const text = record.value.text;
  return typeof text === 'string' && text !== ''
    ? `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`
    : readLabels(record).join(', ');
}
