/** What every control view needs, passed once by ConfigView instead of through each layer. */
import { createContext, useContext } from 'react';
import type { ControlNode, ObjectNode } from '../../../core/labeling/config-model.ts';
import type { ResultRecord } from '../../../core/labeling/records.ts';
import type { DocumentStore } from './model/document-store.ts';
import type { History } from './model/history.ts';
import type { HotkeyTable } from './model/hotkeys.ts';
import type { Selection } from './model/visibility.ts';

export interface WorkspaceContextValue {
  store: DocumentStore;
  history: History;
  records: readonly ResultRecord[];
  readOnly: boolean;
  selection: Selection;
  controls: ReadonlyMap<string, ControlNode>;
  objects: ReadonlyMap<string, ObjectNode>;
  hotkeys: HotkeyTable;
  mac: boolean;
  /** A text edit ended (blur, Enter): the lead flushes the draft here. */
  onEditEnd: () => void;
  /** Selects a region (or none): object views and the region list call it; perRegion controls follow. */
  selectRegion: (regionId: string | null) => void;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('A workspace control was rendered outside ConfigView.');
  return value;
}

/** Whether this platform's shortcut modifier is Cmd. */
export function isMac(): boolean {
  return (
    typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
  );
}
