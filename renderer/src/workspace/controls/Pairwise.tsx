import { readControlValue } from '../../../../core/labeling/control-values.ts';
import { setControlValue } from '../model/commands.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ControlFrame, type ControlProps } from './ControlFrame.tsx';

/** Label Studio's Pairwise: which of its two objects wins; choosing the chosen one again clears it. */
export function Pairwise({ control, label, labelHidden }: ControlProps) {
  const ws = useWorkspace();
  const selected = readControlValue<'Pairwise'>(control, ws.records);
  const [left = 'left', right = 'right'] = control.toName;
  const pick = (side: 'left' | 'right') =>
    setControlValue<'Pairwise'>(ws.store, control, selected === side ? null : side, {});
  return (
    <ControlFrame control={control} label={label} labelHidden={labelHidden}>
      <div className="ws-row">
        {(['left', 'right'] as const).map((side) => (
          <button
            key={side}
            type="button"
            className={`ws-toggle${selected === side ? ' on' : ''}`}
            aria-pressed={selected === side}
            disabled={ws.readOnly}
            onClick={() => pick(side)}
          >
            {side === 'left' ? `← ${left}` : `${right} →`}
          </button>
        ))}
      </div>
    </ControlFrame>
  );
}
