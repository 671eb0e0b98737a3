import { useId, useState } from 'react';
import { readControlValue } from '../../../../core/labeling/control-values.ts';
import { setControlValue } from '../model/commands.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ControlFrame, type ControlProps } from './ControlFrame.tsx';

/** Label Studio's Number: min, max, step (a slider with slider="true"); an emptied box removes the value. */
export function NumberControl({ control, label, regionId, labelHidden }: ControlProps) {
  const ws = useWorkspace();
  const target = regionId !== undefined ? { regionId } : {};
  const value = readControlValue<'Number'>(control, ws.records, target);
  // What is typed, while it is not a number yet ("-", "1e"): the document keeps the last number.
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();
  const slider = control.attrs['slider'] === 'true';
  const num = (key: string) => {
    const v = Number.parseFloat(control.attrs[key] ?? '');
    return Number.isFinite(v) ? v : undefined;
  };
  return (
    <ControlFrame control={control} label={label} labelHidden={labelHidden}>
      <label htmlFor={id} className="ws-sr">
        {label}
      </label>
      <input
        id={id}
        className="ws-input ws-number"
        type={slider ? 'range' : 'number'}
        min={num('min')}
        max={num('max')}
        step={control.attrs['step'] ?? 1}
        disabled={ws.readOnly}
        aria-required={control.required}
        value={draft ?? (value === null ? '' : String(value))}
        onChange={(e) => {
          const text = e.target.value;
          const parsed = text.trim() === '' ? null : Number(text);
          if (parsed !== null && !Number.isFinite(parsed)) return setDraft(text);
          setDraft(null);
          setControlValue<'Number'>(ws.store, control, parsed, {
            ...target,
            coalesce: `number:${control.name}`,
          });
        }}
        onBlur={() => {
          setDraft(null);
          ws.history.mark();
          ws.onEditEnd();
        }}
      />
      {slider && <output htmlFor={id}>{value ?? ''}</output>}
    </ControlFrame>
  );
}
