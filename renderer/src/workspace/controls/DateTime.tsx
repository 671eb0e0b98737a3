import { useId } from 'react';
import {
  dateTimeMode,
  formatDateTime,
  parseDateTime,
  readControlValue,
} from '../../../../core/labeling/control-values.ts';
import { setControlValue } from '../model/commands.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ControlFrame, type ControlProps } from './ControlFrame.tsx';

/** Label Studio's DateTime: only="date", only="time", only="year", or date and time (the default). */
export function DateTime({ control, label, regionId, labelHidden }: ControlProps) {
  const ws = useWorkspace();
  const target = regionId !== undefined ? { regionId } : {};
  const value = readControlValue<'DateTime'>(control, ws.records, target);
  const parts = parseDateTime(control, value);
  const mode = dateTimeMode(control);
  const id = useId();
  const set = (change: Partial<typeof parts>) =>
    setControlValue<'DateTime'>(ws.store, control, formatDateTime(control, { ...parts, ...change }), target);
  const min = control.attrs['min'];
  const max = control.attrs['max'];
  return (
    <ControlFrame control={control} label={label} labelHidden={labelHidden}>
      <div className="ws-row">
        {(mode === 'date' || mode === 'datetime') && (
          <>
            <label htmlFor={`${id}-d`} className="ws-sublabel">
              Date
            </label>
            <input
              id={`${id}-d`}
              type="date"
              className="ws-input"
              value={parts.date}
              min={min}
              max={max}
              disabled={ws.readOnly}
              aria-required={control.required}
              onChange={(e) => set({ date: e.target.value })}
            />
          </>
        )}
        {(mode === 'time' || mode === 'datetime') && (
          <>
            <label htmlFor={`${id}-t`} className="ws-sublabel">
              Time
            </label>
            <input
              id={`${id}-t`}
              type="time"
              className="ws-input"
              value={parts.time}
              disabled={ws.readOnly}
              onChange={(e) => set({ time: e.target.value })}
            />
          </>
        )}
        {mode === 'year' && (
          <>
            <label htmlFor={`${id}-y`} className="ws-sublabel">
              Year
            </label>
            <input
              id={`${id}-y`}
              type="number"
              className="ws-input ws-number"
              min={min ?? 1000}
              max={max ?? 9999}
              value={parts.year}
              disabled={ws.readOnly}
              onChange={(e) => set({ year: e.target.value })}
            />
          </>
        )}
        {mode === 'datetime' && parts.time !== '' && parts.date === '' && (
          <span className="ws-hint">Pick a date too.</span>
        )}
      </div>
    </ControlFrame>
  );
}
