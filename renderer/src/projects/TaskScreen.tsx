import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useApi, useAppServices } from '../app/app-services.tsx';
import { ErrorNote } from '../session/ErrorNote.tsx';
import { ConfigView } from '../workspace/ConfigView.tsx';
import { ShortcutsSheet } from '../workspace/ShortcutsSheet.tsx';
import { AUDIO_SHORTCUTS } from '../workspace/audio/use-audio-keys.ts';
import { IMAGE_SHORTCUTS } from '../workspace/image/use-image-keys.ts';
import type { ConfigNode } from '../../../core/labeling/config-model.ts';
import { buildHotkeyTable } from '../workspace/model/hotkeys.ts';
import { useWorkspaceHotkeys } from '../workspace/use-workspace-hotkeys.ts';
import { AnnotationTabs } from './AnnotationTabs.tsx';
import { DraftStatusNote } from './DraftStatusNote.tsx';
import { LeaseNote } from './LeaseNote.tsx';
import { summarizeResult } from './result-summary.ts';
import { TaskController, type TaskTarget } from './task-controller.ts';
import { taskStateLabel } from './task-state-label.ts';

export type { TaskTarget };

const NO_SELECTION = { regionId: null };

function hasObject(node: ConfigNode, tag: string): boolean {
  if (node.kind === 'object') return node.tag === tag;
  return 'children' in node && node.children.some((child) => hasObject(child, tag));
}
const EMPTY_ROOT: ConfigNode = { kind: 'view', id: '0', tag: 'View', attrs: {}, children: [] };
const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

function fileName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1) || key;
}

const viewReasons = {
  tools: (tags: string[]) =>
    `This project labels with ${tags.join(', ')}, which this version cannot edit yet. You can look; no task is claimed.`,
  claimed: () => 'Someone else is working on this task. You can look, but not submit.',
  done: () => 'This task already has all the annotations the project asks for. You can look.',
  reviewer: () => 'Your role may read this project but not take tasks: the task is open read-only.',
} as const;

/** One task (or the "label all tasks" stream): the config's controls, the annotator's actions, hotkeys. */
export function TaskScreen({
  projectId,
  target,
  onClose,
  onChanged,
}: {
  projectId: string;
  target: TaskTarget;
  onClose: () => void;
  onChanged: () => void;
}) {
  const api = useApi();
  const controller = useMemo(() => new TaskController(api, projectId, target), [api, projectId, target]);
  useEffect(() => () => controller.dispose(), [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const draft = useSyncExternalStore(controller.subscribeDraft, controller.draftStatus);
  const history = useSyncExternalStore(controller.history.subscribe, controller.history.getSnapshot);
  const selection = useSyncExternalStore(controller.selection.subscribe, controller.selection.getSnapshot);
  const [sheetOpen, setSheetOpen] = useState(false);
  const task = state.task;
  // Read-only while a submit or a move is under way: a change then would belong to no task.
  const editable = task?.access.mode === 'edit' && state.viewing.kind === 'mine' && state.busy === null;
  const table = useMemo(() => buildHotkeyTable(task?.config.root ?? null), [task]);

  // The list behind shows the new states after each submit or skip (only then: the callback may be new
  // on every render of the parent).
  const changed = useRef(onChanged);
  useEffect(() => {
    changed.current = onChanged;
  });
  useEffect(() => {
    if (state.streamDone > 0) changed.current();
  }, [state.streamDone]);

  // Signing out saves the draft first (afterwards there is no session to save it under).
  const { beforeSignOut } = useAppServices();
  useEffect(() => {
    const save = () => controller.flush();
    beforeSignOut.add(save);
    return () => void beforeSignOut.delete(save);
  }, [beforeSignOut, controller]);

  // The window losing focus or going away saves the draft at once.
  useEffect(() => {
    const save = () => void controller.flush();
    window.addEventListener('blur', save);
    window.addEventListener('pagehide', save);
    return () => {
      window.removeEventListener('blur', save);
      window.removeEventListener('pagehide', save);
    };
  }, [controller]);

  useWorkspaceHotkeys({
    table,
    root: task?.config.root ?? EMPTY_ROOT,
    store: controller.store,
    history: controller.history,
    readOnly: !editable,
    selection,
    selectRegion: (id) => controller.selection.select(id),
    sheetOpen,
    setSheetOpen,
    onCommand: (command) => {
      if (command === 'submit') void controller.submit();
      else if (command === 'skip') void controller.skip();
      else if (command === 'nextTask') void controller.move(1);
      else void controller.move(-1);
    },
  });

  const close = () => controller.close(onClose);

  if (state.phase === 'opening') return <section className="task-viewer muted">Opening the task…</section>;
  if (state.phase === 'failed' || !task) {
    return (
      <section className="task-viewer">
        {state.error && <ErrorNote error={state.error} />}
        <button type="button" onClick={onClose}>
          Back to the list
        </button>
      </section>
    );
  }
  if (state.phase === 'finished') {
    return (
      <section className="task-viewer card" data-testid="stream-finished" aria-live="polite">
        <h2>Nothing left to label here</h2>
        <p className="muted">
          {state.notice ? `${state.notice} ` : ''}Every task of this project is done, submitted or being
          worked on by someone else.{' '}
          {state.streamDone > 0 ? `You finished ${state.streamDone} in this session.` : ''}
        </p>
        <button type="button" className="primary" onClick={onClose}>
          Back to the list
        </button>
      </section>
    );
  }

  const own = task.annotations.find((a) => a.mine);
  const readOnlyNote =
    task.access.mode === 'view' ? viewReasons[task.access.reason](task.access.tags ?? []) : null;
  return (
    <section className="task-viewer" aria-label={`Task ${task.taskId}`} data-testid="task-viewer">
      <header className="task-viewer-head">
        <button type="button" onClick={() => void close()}>
          ← Tasks
        </button>
        <h2 title={task.key}>{fileName(task.key)}</h2>
        {task.taskCount > 1 && (
          <span className="pager" aria-label="Tasks in this file">
            <button
              type="button"
              disabled={task.taskIndex === 0 || state.busy !== null}
              onClick={() => void controller.move(-1)}
              aria-label="Previous task in this file"
            >
              ‹
            </button>
            <span data-testid="task-position">
              Task {task.taskIndex + 1} of {task.taskCount}
            </span>
            <button
              type="button"
              disabled={task.taskIndex + 1 >= task.taskCount || state.busy !== null}
              onClick={() => void controller.move(1)}
              aria-label="Next task in this file"
            >
              ›
            </button>
          </span>
        )}
        <span className={`chip chip-${task.state}`} data-testid="task-state">
          {taskStateLabel[task.state]}
        </span>
        {controller.stream && (
          <span className="chip" data-testid="stream-count">
            Labeling all tasks · {state.streamDone} done
          </span>
        )}
        <span className="spacer" />
        {task.access.mode === 'edit' && <DraftStatusNote status={draft} />}
        <button
          type="button"
          onClick={() => setSheetOpen(true)}
          aria-label="Keyboard shortcuts"
          title="Shortcuts (?)"
        >
          ?
        </button>
      </header>
      {state.notice && (
        <p className="saved" role="status" data-testid="task-notice">
          {state.notice}
        </p>
      )}
      {task.access.mode === 'edit' && <LeaseNote projectId={projectId} taskId={task.taskId} />}
      {task.ownAnnotationUnknown && (
        <p className="note" role="note" data-testid="own-annotation-unknown">
          Opened offline: your earlier annotation of this task is in S3 but not on this computer. A new submit
          is compared with it when it syncs; if they differ, both are shown for you to choose.
        </p>
      )}
      {readOnlyNote && (
        <p
          className="note"
          role="note"
          data-testid={task.access.mode === 'view' ? `read-only-${task.access.reason}` : undefined}
        >
          {readOnlyNote}
        </p>
      )}
      <AnnotationTabs controller={controller} task={task} viewing={state.viewing} />
      <div className="workspace-pane">
        <ConfigView
          config={task.config}
          store={state.viewing.kind === 'mine' ? controller.store : controller.viewStore}
          history={controller.history}
          readOnly={!editable}
          selection={state.viewing.kind === 'mine' ? selection : NO_SELECTION}
          onSelectRegion={(id) => controller.selection.select(id)}
          projectId={projectId}
          table={table}
        />
      </div>
      {state.problems.length > 0 && (
        <div className="problems" role="alert" data-testid="problems">
          <strong>Before submitting:</strong>
          <ul>
            {state.problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      )}
      {state.conflicts.length > 0 && (
        <div className="conflicts" role="alert" data-testid="conflicts">
          <strong>
            Someone else changed your annotation at the same time. Nothing was overwritten; theirs is in the
            tabs above.
          </strong>
          <span>Submit again to keep yours; go back to the list to keep theirs.</span>
          {state.conflicts.map((c) => (
            <div key={String(c.annotationId)} className="conflict">
              <div>
                <em>Yours:</em> {c.mine ? summarizeResult(c.mine.result) : '(deleted)'}
              </div>
              <div>
                <em>Theirs:</em> {c.theirs ? summarizeResult(c.theirs.result) : '(deleted)'}
              </div>
            </div>
          ))}
        </div>
      )}
      {state.error && <ErrorNote error={state.error} />}
      {state.unsaved && (
        <div className="problems" role="alert" data-testid="unsaved">
          <strong>Your last change could not be saved on this computer:</strong> {state.unsaved.message}
          <div className="task-actions">
            <button type="button" onClick={() => void controller.retrySave()}>
              Try again
            </button>
            <button type="button" onClick={() => void controller.leaveAnyway()}>
              Leave without saving
            </button>
          </div>
        </div>
      )}
      {task.access.mode === 'edit' && state.viewing.kind === 'mine' && (
        <footer className="task-actions">
          {controller.canGoBack && (
            <button type="button" onClick={() => void controller.back()} disabled={state.busy !== null}>
              Back
            </button>
          )}
          <button
            type="button"
            onClick={() => controller.history.undo()}
            disabled={!history.canUndo}
            title="Ctrl+Z"
          >
            Undo
          </button>
          <button
            type="button"
            onClick={() => controller.history.redo()}
            disabled={!history.canRedo}
            title="Ctrl+Shift+Z"
          >
            Redo
          </button>
          <span className="spacer" />
          <button
            type="button"
            onClick={() => void controller.skip()}
            disabled={state.busy !== null}
            title={isMac ? '⌘ Space' : 'Ctrl+Space'}
            data-testid="skip"
          >
            {state.busy === 'skip' ? 'Skipping…' : 'Skip'}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void controller.submit()}
            disabled={state.busy !== null}
            title={isMac ? '⌘ Enter' : 'Ctrl+Enter'}
            data-testid="submit"
          >
            {state.busy === 'submit' ? 'Saving…' : own && !own.skipped ? 'Update' : 'Submit'}
          </button>
        </footer>
      )}
      {sheetOpen && (
        <ShortcutsSheet
          table={table}
          mac={isMac}
          onClose={() => setSheetOpen(false)}
          extra={[
            ...(hasObject(task.config.root, 'Image') ? [{ title: 'Image', rows: IMAGE_SHORTCUTS }] : []),
            ...(hasObject(task.config.root, 'Audio') || hasObject(task.config.root, 'AudioPlus')
              ? [{ title: 'Audio', rows: AUDIO_SHORTCUTS }]
              : []),
          ]}
        />
      )}
    </section>
  );
}
