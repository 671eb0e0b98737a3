import { useSyncExternalStore } from 'react';
import { ControlFrame, type ControlProps } from '../controls/ControlFrame.tsx';
import { optionHotkey } from '../model/hotkeys.ts';
import { useWorkspace, type WorkspaceContextValue } from '../workspace-context.ts';
import { granularityOf } from './model/offsets.ts';
import { pressLabel, regionRecord, type PressContext } from './model/press-label.ts';
import { spanToolFor } from './model/span-tool.ts';
import { DEFAULT_LABEL_COLOR, labelName, readLabels } from './model/spans.ts';
import { usageRefusal } from './model/usage.ts';

/** The press context of a workspace: the text of its objects, its selection. */
export function pressContext(
  ws: Pick<WorkspaceContextValue, 'store' | 'objects' | 'selection' | 'selectRegion'>,
): PressContext {
  return {
    store: ws.store,
    tool: spanToolFor(ws.store),
    textOf: (name) => {
      const object = ws.objects.get(name);
      const value = object?.value;
      if (value?.kind !== 'text') return undefined;
      return {
        text: value.text,
        saveText: object?.attrs['savetextresult'] !== 'no',
        granularity: granularityOf(object?.attrs['granularity']),
      };
    },
    selectedRegionId: ws.selection.regionId,
    select: ws.selectRegion,
  };
}

/** Whether the control labels audio (its regions are segments drawn on a waveform, not text). */
function onAudio(ws: Pick<WorkspaceContextValue, 'objects'>, control: ControlProps['control']): boolean {
  return control.toName.some((name) => /^Audio(Plus)?$/.test(ws.objects.get(name)?.tag ?? ''));
}

/**
 * Label Studio's Labels: one toggle button per label (its colour, its hotkey). Pressed with text
 * selected it labels the selection; with a span selected it relabels it; otherwise it stays armed and
 * the next selection is labelled with it.
 */
export function LabelsControl({ control, label, labelHidden }: ControlProps) {
  const ws = useWorkspace();
  const tool = spanToolFor(ws.store);
  const state = useSyncExternalStore(tool.subscribe, tool.getSnapshot, tool.getSnapshot);
  const armed = state.armed.get(control.name) ?? [];
  const selected = ws.selection.regionId ? regionRecord(ws.records, ws.selection.regionId, control) : null;
  const onSpan = selected ? readLabels(selected) : [];
  const pendingHere = state.pending !== null && control.toName.includes(state.pending.object);
  const limit = (option: (typeof control.options)[number]) =>
    option.maxUsages === undefined ? '' : `at most ${option.maxUsages} in a task`;
  return (
    <ControlFrame control={control} label={label} labelHidden={labelHidden}>
      <div className="ws-labels">
        {control.options.map((option, entry) => {
          const key = optionHotkey(ws.hotkeys, control.name, entry, ws.mac);
          // A selection waiting for a label makes a new span: the buttons speak of that one.
          const forSpan = selected !== null && !pendingHere;
          const pressed = forSpan ? onSpan.includes(labelName(option)) : armed.includes(entry);
          // Used up (maxUsages): shown dimmed, still pressable, so the press can say why.
          const usedUp =
            !pressed &&
            usageRefusal(
              ws.records,
              control,
              [labelName(option)],
              forSpan ? (selected?.id ?? null) : null,
            ) !== null;
          return (
            <button
              key={entry}
              type="button"
              className="ws-label-button"
              aria-pressed={pressed}
              aria-disabled={usedUp || undefined}
              disabled={ws.readOnly}
              style={{ ['--label-color' as string]: option.background ?? DEFAULT_LABEL_COLOR }}
              onMouseDown={(e) => e.preventDefault() /* keep the text's focus and selection */}
              onClick={() => pressLabel(pressContext(ws), control, entry)}
              {...(option.hint || limit(option)
                ? { title: [option.hint, limit(option)].filter(Boolean).join(' · ') }
                : {})}
            >
              <span className="ws-label-swatch" aria-hidden="true" />
              {option.value}
              {key && <kbd className="ws-kbd">{key}</kbd>}
            </button>
          );
        })}
      </div>
      <p className="ws-hint">
        {onAudio(ws, control)
          ? selected
            ? 'A label changes the selected segment.'
            : 'Drag on the waveform and press a label, or press a label and then drag.'
          : selected && !pendingHere
            ? 'A label changes the selected span.'
            : 'Select text and press a label, or press a label and then select text.'}
      </p>
      {/* Why the last press made nothing (a label used up): said once, to screen readers too. */}
      <p className="ws-note" role="status" data-testid={`labels-note-${control.name}`}>
        {state.note?.control === control.name ? state.note.text : ''}
      </p>
    </ControlFrame>
  );
}
