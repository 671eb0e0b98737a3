import { useId, useState, type KeyboardEvent } from 'react';
import { readControlValue } from '../../../../core/labeling/control-values.ts';
import { setControlValue } from '../model/commands.ts';
import { givenTexts, livePending, removeText, typeInBox } from '../model/text-entry.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ControlFrame, type ControlProps } from './ControlFrame.tsx';

/**
 * Label Studio's TextArea: a box for a new text (one line when rows="1", its default) and the texts
 * already given, up to maxSubmissions. As in Label Studio, Enter adds in a one-line box; in a box of
 * several rows Shift+Enter adds and Enter is a new line. Typed text is in the document at once (Label
 * Studio adds what is left in the box at submit; here it is already the last text), so drafts keep it;
 * keystrokes within a second on one box are one undo step. With editable="true" the given texts can be
 * changed; each can be removed.
 */
export function TextArea({ control, label, regionId, labelHidden }: ControlProps) {
  const ws = useWorkspace();
  const target = regionId !== undefined ? { regionId } : {};
  const texts = readControlValue<'TextArea'>(control, ws.records, target);
  // Index of the text the box is typing, while it is not added yet.
  const [pending, setPending] = useState<number | null>(null);
  const typing = livePending(texts, pending);
  const rows = Math.max(1, Number.parseInt(control.attrs['rows'] ?? '1', 10) || 1);
  const max = Number.parseInt(control.attrs['maxsubmissions'] ?? '', 10);
  const given = givenTexts(texts, pending);
  const canAdd = !ws.readOnly && (!(max > 0) || given.length < max);
  const editable = control.attrs['editable'] === 'true';
  const boxId = useId();
  const coalesce = `text:${control.name}:${regionId ?? ''}`;

  const write = (next: string[]) =>
    setControlValue<'TextArea'>(ws.store, control, next, { ...target, coalesce });
  const type = (value: string) => {
    const next = typeInBox(texts, pending, value);
    setPending(next.pending);
    write(next.texts);
  };
  const add = () => {
    if (typing === null) return;
    setPending(null);
    ws.history.mark();
    ws.onEditEnd();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.nativeEvent.isComposing) return;
    if (rows === 1 || e.shiftKey) {
      e.preventDefault();
      add();
    }
  };
  const onBlur = () => {
    ws.history.mark();
    ws.onEditEnd();
  };
  const common = {
    id: boxId,
    className: 'ws-input',
    value: typing !== null ? (texts[typing] ?? '') : '',
    placeholder: control.attrs['placeholder'] ?? '',
    onChange: (e: { target: { value: string } }) => type(e.target.value),
    onKeyDown,
    onBlur,
    'aria-required': control.required,
  };

  return (
    <ControlFrame control={control} label={label} labelHidden={labelHidden}>
      {(canAdd || typing !== null) && (
        <div className="ws-textarea-box">
          <label htmlFor={boxId} className="ws-sr">
            {label}
          </label>
          {rows === 1 ? <input type="text" {...common} /> : <textarea rows={rows} {...common} />}
          <button type="button" onClick={add} disabled={typing === null}>
            Add
          </button>
          <span className="ws-hint">{rows === 1 ? 'Enter adds' : 'Shift+Enter adds'}</span>
        </div>
      )}
      {given.length > 0 && (
        <ol className="ws-texts" aria-label={`${label}: given`}>
          {given.map(({ text, index: i }) => (
            <li key={i}>
              {editable && !ws.readOnly ? (
                <textarea
                  className="ws-input"
                  rows={Math.min(6, Math.max(1, text.split('\n').length))}
                  aria-label={`${label}, text ${i + 1}`}
                  value={text}
                  onChange={(e) => write(texts.map((t, j) => (j === i ? e.target.value : t)))}
                  onBlur={onBlur}
                />
              ) : (
                <span className="ws-text">{text}</span>
              )}
              {!ws.readOnly && (
                <button
                  type="button"
                  className="ws-chip-remove"
                  aria-label={`Remove text ${i + 1}`}
                  onClick={() => {
                    const next = removeText(texts, pending, i);
                    setPending(next.pending);
                    write(next.texts);
                    ws.history.mark();
                  }}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </ControlFrame>
  );
}
