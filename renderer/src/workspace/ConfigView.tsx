import { useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type {
  ConfigNode,
  ControlNode,
  LabelingConfig,
  ObjectNode,
  ObjectValue,
} from '../../../core/labeling/config-model.ts';
import { TaskMedia } from '../projects/TaskMedia.tsx';
import { Choices } from './controls/Choices.tsx';
import type { ControlProps } from './controls/ControlFrame.tsx';
import { DateTime } from './controls/DateTime.tsx';
import { NumberControl } from './controls/Number.tsx';
import { Pairwise } from './controls/Pairwise.tsx';
import { Ranker } from './controls/Ranker.tsx';
import { Rating } from './controls/Rating.tsx';
import { Taxonomy } from './controls/Taxonomy.tsx';
import { TextArea } from './controls/TextArea.tsx';
import { LabelsControl } from './text/LabelsControl.tsx';
import { RelationsControl } from './text/RelationsControl.tsx';
import { controlsByName, objectsByName } from './model/config-tree.ts';
import type { DocumentStore } from './model/document-store.ts';
import type { History } from './model/history.ts';
import { buildHotkeyTable, type HotkeyTable } from './model/hotkeys.ts';
import { parseStyle } from './model/view-style.ts';
import { OBJECT_VIEWS } from './object-views.ts';
import { isVisible, type Selection } from './model/visibility.ts';
import { isMac, WorkspaceContext, useWorkspace, type WorkspaceContextValue } from './workspace-context.ts';
import './workspace.css';

export interface ConfigViewProps {
  /** The bound config from main (objects carry this task's values). */
  config: LabelingConfig;
  store: DocumentStore;
  history: History;
  /** Everything disabled: someone else's annotation, a prediction, a task held by another. */
  readOnly: boolean;
  selection?: Selection;
  /** For TaskMedia: renewing an expired presigned URL. */
  projectId: string;
  /** The table the screen's key handler uses (so the keys shown are the keys that work). */
  table?: HotkeyTable;
  /** A text edit ended (blur, Enter): flush the draft. */
  onEditEnd?: () => void;
  /** Select a region (the task screen's selection store); absent: nothing can be selected. */
  onSelectRegion?: (regionId: string | null) => void;
}

const CONTROLS: Record<string, (props: ControlProps) => ReactNode> = {
  Choices,
  Taxonomy,
  TextArea,
  Rating,
  Number: NumberControl,
  DateTime,
  Pairwise,
  Ranker,
  Labels: LabelsControl,
  HyperTextLabels: LabelsControl,
  ParagraphLabels: LabelsControl,
  Relations: RelationsControl,
};

const NO_SELECTION: Selection = { regionId: null };
const noop = () => {};

/** The labeling config, rendered: layout, headers, the task's objects and the controls that edit it. */
export function ConfigView({
  config,
  store,
  history,
  readOnly,
  selection = NO_SELECTION,
  projectId,
  table: given,
  onEditEnd = noop,
  onSelectRegion = noop,
}: ConfigViewProps) {
  useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const records = store.records();
  const controls = useMemo(() => controlsByName(config.root), [config.root]);
  const objects = useMemo(() => objectsByName(config.root), [config.root]);
  const table = useMemo(() => given ?? buildHotkeyTable(config.root), [given, config.root]);
  const value: WorkspaceContextValue = {
    store,
    history,
    records,
    readOnly,
    selection,
    controls,
    objects,
    hotkeys: table,
    mac: isMac(),
    onEditEnd,
    selectRegion: onSelectRegion,
  };
  return (
    <WorkspaceContext.Provider value={value}>
      <div className="ws-config">
        <Node node={config.root} projectId={projectId} />
      </div>
    </WorkspaceContext.Provider>
  );
}

function Node({
  node,
  projectId,
  label,
}: {
  node: ConfigNode;
  projectId: string;
  label?: string;
}): ReactNode {
  const ws = useWorkspace();
  if (!isVisible(node, ws)) return null;
  switch (node.kind) {
    case 'view':
    case 'other':
      // Style, Filter, Collapse... have no view of their own; their children still show.
      return (
        <div className={node.kind === 'view' ? 'ws-view' : undefined} style={parseStyle(node.attrs['style'])}>
          <Children nodes={node.children} projectId={projectId} />
        </div>
      );
    case 'header':
      return <h3 className="ws-header">{node.text}</h3>;
    case 'object':
      return <ObjectView object={node} projectId={projectId} />;
    case 'control':
      return <Control control={node} label={label} />;
  }
}

/** Siblings in order; a Header directly before a control labels it. */
function Children({ nodes, projectId }: { nodes: ConfigNode[]; projectId: string }) {
  return nodes.map((node, i) => {
    const before = nodes[i - 1];
    const label = node.kind === 'control' && before?.kind === 'header' ? before.text : undefined;
    return <Node key={node.id} node={node} projectId={projectId} {...(label ? { label } : {})} />;
  });
}

function Control({ control, label }: { control: ControlNode; label: string | undefined }) {
  const ws = useWorkspace();
  const View = CONTROLS[control.tag];
  // Tags this version cannot edit are listed by the task screen; they get no inputs here.
  if (!control.editable || !View) return null;
  // perRegion controls describe the selected region: nothing to show without one.
  const regionId = control.perRegion ? ws.selection.regionId : undefined;
  if (control.perRegion && !regionId) return null;
  const text = label ?? (control.attrs['label'] || control.name);
  return (
    <View
      control={control}
      label={text}
      labelHidden={label !== undefined}
      {...(regionId ? { regionId } : {})}
    />
  );
}

function ObjectView({ object, projectId }: { object: ObjectNode; projectId: string }) {
  const ws = useWorkspace();
  const value = object.value;
  // A List ranked by a Ranker is shown by the Ranker (its items are what gets moved).
  if (
    object.tag === 'List' &&
    [...ws.controls.values()].some((c) => c.tag === 'Ranker' && c.toName[0] === object.name)
  )
    return null;
  return (
    <figure className="ws-object" data-object={object.name}>
      <ObjectContent object={object} value={value} projectId={projectId} />
    </figure>
  );
}

function ObjectContent({
  object,
  value,
  projectId,
}: {
  object: ObjectNode;
  value: ObjectValue | undefined;
  projectId: string;
}): ReactNode {
  if (!value || value.kind === 'missing')
    return <p className="muted">This task has no value for {object.name}.</p>;
  const Editor = OBJECT_VIEWS[object.tag];
  if (Editor) return <Editor object={object} value={value} projectId={projectId} />;
  switch (value.kind) {
    case 'text':
      // Markup in task data is shown as text, never rendered as HTML.
      return <p className="task-text">{value.text}</p>;
    case 'url':
      return <TaskMedia projectId={projectId} object={mediaObject(object, value)} />;
    case 'list':
      return (
        <div className="ws-object-list">
          {value.items.map((item, i) => (
            <ObjectContent key={i} object={object} value={item} projectId={projectId} />
          ))}
        </div>
      );
    case 'json':
      return <pre className="task-text ws-json">{JSON.stringify(value.json, null, 2)}</pre>;
  }
}

/** TaskMedia's shape: `{tag, name, value, source}`; text objects loaded from a URL are shown by main. */
function mediaObject(object: ObjectNode, value: { url: string; source?: string }) {
  return { tag: object.tag, name: object.name, value: value.url, source: value.source };
}
