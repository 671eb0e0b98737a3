import { useId } from 'react';
import { readControlValue } from '../../../../core/labeling/control-values.ts';
import { setControlValue } from '../model/commands.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ControlFrame, type ControlProps } from './ControlFrame.tsx';

/** Label Studio's Rating: a radio group of `maxRating` stars (arrow keys move), and a way back to none. */
export function Rating({ control, label, regionId, labelHidden }: ControlProps) {
  const ws = useWorkspace();
  const target = regionId !== undefined ? { regionId } : {};
  const rating = readControlValue<'Rating'>(control, ws.records, target) ?? 0;
  const max = Math.max(1, Math.min(100, Number.parseInt(control.attrs['maxrating'] ?? '5', 10) || 5));
  const name = useId();
  const set = (n: number | null) => setControlValue<'Rating'>(ws.store, control, n, target);
  const hotkey = control.attrs['hotkey'];
  return (
    <ControlFrame
      control={control}
      label={label}
      labelHidden={labelHidden}
      extra={hotkey ? <kbd className="ws-kbd">{hotkey.toUpperCase()}</kbd> : undefined}
    >
      <div className="ws-stars" role="radiogroup" aria-label={label}>
        {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
          <label key={n} className={`ws-star${n <= rating ? ' on' : ''}`}>
            <input
              type="radio"
              className="ws-sr-input"
              name={name}
              value={n}
              checked={rating === n}
              disabled={ws.readOnly}
              onChange={() => set(n)}
            />
            <span aria-hidden="true">★</span>
            <span className="ws-sr">
              {n} of {max}
            </span>
          </label>
        ))}
        {rating > 0 && !ws.readOnly && (
          <button type="button" className="ws-link" onClick={() => set(null)}>
            Clear
          </button>
        )}
      </div>
    </ControlFrame>
  );
}
