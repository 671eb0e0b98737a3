import { useId } from 'react';
import {
  choiceEntries,
  isChoicePartial,
  isChoiceSelected,
  readControlValue,
  toggleChoice,
  type ChoiceEntry,
  type ChoiceItem,
} from '../../../../core/labeling/control-values.ts';
import { setControlValue, toggleChoiceEntry } from '../model/commands.ts';
import { optionHotkey } from '../model/hotkeys.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ControlFrame, type ControlProps } from './ControlFrame.tsx';

/**
 * Label Studio's Choices: `single` (checkboxes that keep one), `single-radio` (radios), `multiple`;
 * layout vertical / inline (`showInline`) / select; aliases written in place of values; nested choices
 * with allowNested (a parent shows mixed when some children are chosen); hotkeys shown beside.
 */
export function Choices({ control, label, regionId, labelHidden }: ControlProps) {
  const ws = useWorkspace();
  const target = regionId !== undefined ? { regionId } : {};
  const selected = readControlValue<'Choices'>(control, ws.records, target);
  const entries = choiceEntries(control);
  const mode = control.attrs['choice'] ?? 'single';
  const layout =
    control.attrs['showinline'] === 'true'
      ? 'inline'
      : control.attrs['showinline'] === 'false'
        ? 'vertical'
        : (control.attrs['layout'] ?? 'vertical');
  const name = useId();

  if (layout === 'select') {
    const id = `${name}-select`;
    const multiple = mode === 'multiple';
    const chosen = entries
      .filter((e) => isChoiceSelected(control, selected, e))
      .map((e) => entries.indexOf(e));
    return (
      <div className="ws-control ws-choices">
        <label htmlFor={id} className="ws-label">
          {label}
          {control.required && <span className="ws-required"> *</span>}
        </label>
        <select
          id={id}
          multiple={multiple}
          disabled={ws.readOnly}
          aria-required={control.required}
          value={multiple ? chosen.map(String) : String(chosen[0] ?? '')}
          onChange={(e) => {
            const picked = [...e.target.selectedOptions].map((o) => entries[Number(o.value)]).filter(Boolean);
            let next: ChoiceItem[] = [];
            for (const entry of picked as ChoiceEntry[]) next = toggleChoice(control, next, entry);
            setControlValue<'Choices'>(ws.store, control, next, target);
          }}
        >
          {!multiple && <option value="">—</option>}
          {entries.map((entry, i) => (
            <option key={i} value={String(i)} title={entry.option.hint}>
              {'\u00a0'.repeat((entry.path.length - 1) * 2)}
              {entry.option.value}
            </option>
          ))}
        </select>
      </div>
    );
  }

  const depthOf = (entry: ChoiceEntry) => entry.path.length - 1;
  return (
    <ControlFrame control={control} label={label} labelHidden={labelHidden}>
      <div className={`ws-options ws-${layout}`} role={mode === 'single-radio' ? 'radiogroup' : undefined}>
        {entries.map((entry, i) => {
          const checked = isChoiceSelected(control, selected, entry);
          const partial = isChoicePartial(control, selected, entry);
          const key = optionHotkey(ws.hotkeys, control.name, i, ws.mac);
          return (
            <label
              key={i}
              className="ws-option"
              style={depthOf(entry) > 0 ? { marginInlineStart: `${depthOf(entry) * 1.4}em` } : undefined}
              title={entry.option.hint}
            >
              <input
                type={mode === 'single-radio' ? 'radio' : 'checkbox'}
                name={name}
                checked={checked}
                disabled={ws.readOnly}
                ref={(el) => {
                  if (el) el.indeterminate = partial;
                }}
                onChange={() => toggleChoiceEntry(ws.store, control, i, target)}
              />
              <span>{entry.option.value}</span>
              {key && (
                <kbd className="ws-kbd" aria-label={`shortcut ${key}`}>
                  {key}
                </kbd>
              )}
            </label>
          );
        })}
      </div>
    </ControlFrame>
  );
}
