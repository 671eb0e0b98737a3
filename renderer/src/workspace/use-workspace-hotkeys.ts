import { useEffect, useRef } from 'react';
import type { ConfigNode } from '../../../core/labeling/config-model.ts';
import { stepControlValue, toggleChoiceEntry } from './model/commands.ts';
import { controlsByName, objectsByName } from './model/config-tree.ts';
import type { DocumentStore } from './model/document-store.ts';
import type { History } from './model/history.ts';
import { matchHotkey, type BuiltInAction, type HotkeyTable } from './model/hotkeys.ts';
import { isShown, type Selection } from './model/visibility.ts';
import { pressContext } from './text/LabelsControl.tsx';
import { pressLabel } from './text/model/press-label.ts';

/** Labels controls whose keys make or relabel spans (text, HTML, dialogue turns). */
const SPAN_LABEL_TAGS = new Set(['Labels', 'HyperTextLabels', 'ParagraphLabels']);

export interface WorkspaceHotkeysOptions {
  table: HotkeyTable;
  root: ConfigNode;
  store: DocumentStore;
  history: History;
  readOnly: boolean;
  selection?: Selection;
  sheetOpen: boolean;
  setSheetOpen: (open: boolean) => void;
  /** Selects a region: a label's key over a text selection makes a span and selects it. */
  selectRegion?: (regionId: string | null) => void;
  /** submit, skip, nextTask, previousTask: the task screen's to do. */
  onCommand: (action: Exclude<BuiltInAction, 'undo' | 'redo' | 'openShortcuts' | 'closeShortcuts'>) => void;
}

/**
 * The workspace's key handler: one listener on the document, matching against the hotkey table.
 * Undo/redo, option toggles and the sheet are done here; the task-level actions go to `onCommand`.
 * A choice's key does nothing while its control is hidden, read-only, or perRegion without a region.
 */
export function useWorkspaceHotkeys(options: WorkspaceHotkeysOptions): void {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const o = latest.current;
      const hotkey = matchHotkey(o.table, event, { sheetOpen: o.sheetOpen });
      if (!hotkey) return;
      const { action } = hotkey;
      const selection = o.selection ?? { regionId: null };
      if (action.kind === 'builtin') {
        event.preventDefault();
        switch (action.id) {
          case 'undo':
            if (!o.readOnly) o.history.undo();
            return;
          case 'redo':
            if (!o.readOnly) o.history.redo();
            return;
          case 'openShortcuts':
            return o.setSheetOpen(true);
          case 'closeShortcuts':
            return o.setSheetOpen(false);
          default:
            return o.onCommand(action.id);
        }
      }
      if (o.readOnly) return;
      const control = controlsByName(o.root).get(action.control);
      if (!control || !control.editable) return;
      const ctx = { controls: controlsByName(o.root), records: o.store.records(), selection };
      if (!isShown(o.root, control.id, ctx)) return;
      const target = control.perRegion ? (selection.regionId ? { regionId: selection.regionId } : null) : {};
      if (!target) return;
      event.preventDefault();
      if (action.kind === 'option' && control.tag === 'Choices')
        toggleChoiceEntry(o.store, control, action.entry, target);
      if (action.kind === 'step') stepControlValue(o.store, control, target);
      if (action.kind === 'option' && SPAN_LABEL_TAGS.has(control.tag))
        pressLabel(
          pressContext({
            store: o.store,
            objects: objectsByName(o.root),
            selection,
            selectRegion: o.selectRegion ?? (() => {}),
          }),
          control,
          action.entry,
        );
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
