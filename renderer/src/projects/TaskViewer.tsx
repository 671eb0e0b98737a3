import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpenedTask, TaskAnnotation } from '../../../preload/contract.ts';
import type { IpcError } from '../ipc.ts';
import { getApi } from '../ipc.ts';
import { ErrorNote } from '../session/ErrorNote.tsx';
import { taskStateLabel } from './task-state-label.ts';
import { TaskMedia } from './TaskMedia.tsx';

const api = getApi();

type Conflicts = Extract<Awaited<ReturnType<typeof api.tasks.submit>>, { ok: true }>['value']['conflicts'];

function summarize(result: unknown[]): string {
  const parts = result.map((item) => {
    const value = (item as { value?: Record<string, unknown> }).value ?? {};
    const labels = Object.entries(value).find(([k]) => /choices|labels|text|rating/.test(k))?.[1];
    return Array.isArray(labels)
      ? labels.join(', ')
      : labels !== undefined
        ? String(labels)
        : ((item as { type?: string }).type ?? '…');
  });
  return parts.join('; ') || '(empty)';
}

function AnnotationList({ annotations }: { annotations: TaskAnnotation[] }) {
  if (annotations.length === 0) return <p className="muted">No annotations yet.</p>;
  return (
    <ul className="annotations" data-testid="existing-annotations">
      {annotations.map((a) => (
        <li key={String(a.id)} className={a.mine ? 'mine' : undefined}>
          <strong>{a.mine ? 'You' : (a.completedBy ?? 'Someone')}</strong>
          <span className="muted"> · {a.updatedAt ? new Date(a.updatedAt).toLocaleString() : ''}</span>
          <div>{summarize(a.result)}</div>
        </li>
      ))}
    </ul>
  );
}

/** The choices the annotator made earlier, so that editing starts from them. */
function pickedFromOwn(task: OpenedTask): Record<string, string[]> {
  const own = task.annotations.find((a) => a.mine);
  const picked: Record<string, string[]> = {};
  for (const item of own?.result ?? []) {
    const { from_name: name, value } = item as { from_name?: string; value?: { choices?: unknown } };
    if (name && Array.isArray(value?.choices))
      picked[name] = value.choices.filter((c): c is string => typeof c === 'string');
  }
  return picked;
}

/** The task: its data from S3, the annotations already made, and the controls to add one. */
export function TaskViewer({
  projectId,
  taskKey,
  onClose,
  onSaved,
}: {
  projectId: string;
  taskKey: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [task, setTask] = useState<OpenedTask | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [picked, setPicked] = useState<Record<string, string[]>>({});
  const [saving, setSaving] = useState(false);
  const [conflicts, setConflicts] = useState<Conflicts>([]);
  const [saved, setSaved] = useState(false);
  // When the task was opened: Label Studio's lead_time is the seconds spent on it.
  const openedAt = useRef(0);

  // Bumped to read the task again (retry, or after a submit to show the merged annotations).
  const [reads, setReads] = useState(0);
  // Which task of a multi-task file (JSON array, JSONL) is shown.
  const [taskIndex, setTaskIndex] = useState(0);
  const open = useCallback(() => setReads((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    void api.tasks.open({ projectId, key: taskKey, index: taskIndex }).then((result) => {
      if (!current) return;
      if (result.ok) {
        setError(null);
        setTask(result.value);
        setPicked((current) => (Object.keys(current).length > 0 ? current : pickedFromOwn(result.value)));
        if (openedAt.current === 0) openedAt.current = Date.now();
      } else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [projectId, taskKey, taskIndex, reads]);

  // Whatever unmounts the viewer (another project, sign-out, a reload), a held lease goes back.
  const held = useRef<string | null>(null);
  useEffect(() => {
    held.current = task?.claim.held && !saved ? task.taskId : null;
  }, [task, saved]);
  useEffect(
    () => () => {
      if (held.current) void api.tasks.release({ projectId, taskId: held.current });
    },
    [projectId],
  );

  const selectTask = (index: number) => {
    if (task && task.claim.held && !saved) void api.tasks.release({ projectId, taskId: task.taskId });
    setPicked({});
    setSaved(false);
    setConflicts([]);
    openedAt.current = 0;
    setTaskIndex(index);
  };

  const close = () => {
    if (task && task.claim.held && !saved) void api.tasks.release({ projectId, taskId: task.taskId });
    onClose();
  };

  const submit = async () => {
    if (!task) return;
    setSaving(true);
    setError(null);
    const result = task.controls
      .filter((c) => (picked[c.name] ?? []).length > 0)
      .map((c) => ({
        from_name: c.name,
        to_name: c.toName[0] ?? '',
        type: 'choices',
        value: { choices: picked[c.name] },
      }));
    const response = await api.tasks.submit({
      projectId,
      taskId: task.taskId,
      result,
      controls: task.controls.map((c) => c.name),
      leadTimeSeconds: (Date.now() - openedAt.current) / 1000,
    });
    setSaving(false);
    if (!response.ok) return setError(response.error);
    // Time spent after this submit counts from now (lead_time adds up on the annotation).
    openedAt.current = Date.now();
    setConflicts(response.value.conflicts);
    setSaved(true);
    onSaved();
    open();
  };

  if (error && !task) {
    return (
      <section className="task-viewer">
        <ErrorNote error={error} onRetry={open} />
        <button type="button" onClick={onClose}>
          Back to the list
        </button>
      </section>
    );
  }
  if (!task) return <section className="task-viewer muted">Opening the task…</section>;

  const claimedByOther = !task.claim.held && task.claim.holder;
  return (
    <section className="task-viewer" aria-label={`Task ${task.taskId}`} data-testid="task-viewer">
      <header className="task-viewer-head">
        <button type="button" onClick={close}>
          ← Tasks
        </button>
        <h2 title={task.key}>{task.key.slice(task.key.lastIndexOf('/') + 1)}</h2>
        {task.taskCount > 1 && (
          <span className="pager" aria-label="Tasks in this file">
            <button
              type="button"
              disabled={task.taskIndex === 0}
              onClick={() => selectTask(task.taskIndex - 1)}
              aria-label="Previous task"
            >
              ‹
            </button>
            <span data-testid="task-position">
              Task {task.taskIndex + 1} of {task.taskCount}
            </span>
            <button
              type="button"
              disabled={task.taskIndex + 1 >= task.taskCount}
              onClick={() => selectTask(task.taskIndex + 1)}
              aria-label="Next task"
            >
              ›
            </button>
          </span>
        )}
        <span className={`chip chip-${task.state}`}>{taskStateLabel[task.state]}</span>
      </header>
      {claimedByOther && (
        <p className="note" role="note" data-testid="claimed-note">
          {task.claim.holder} is working on this task
          {task.claim.expiresAt ? ` until ${new Date(task.claim.expiresAt).toLocaleTimeString()}` : ''}. You
          can look, but not submit.
        </p>
      )}
      <div className="task-objects">
        {task.objects.map((object) => (
          // Keyed by task too: the next task of a file has objects of the same names, new content.
          <figure key={`${task.taskId}/${object.name}`} className="task-object">
            <TaskMedia projectId={projectId} object={object} />
            <figcaption className="muted">{object.name}</figcaption>
          </figure>
        ))}
      </div>
      <h3>Annotations</h3>
      <AnnotationList annotations={task.annotations} />
      {conflicts.length > 0 && (
        <div className="conflicts" role="alert" data-testid="conflicts">
          <strong>
            Someone else changed your annotation at the same time. Nothing was overwritten; both versions:
          </strong>
          <span>Submit again to keep yours; leave it to keep theirs.</span>
          {conflicts.map((c) => (
            <div key={String(c.annotationId)} className="conflict">
              <div>
                <em>Yours:</em> {c.mine ? summarize(c.mine.result) : '(deleted)'}
              </div>
              <div>
                <em>Theirs:</em> {c.theirs ? summarize(c.theirs.result) : '(deleted)'}
              </div>
            </div>
          ))}
        </div>
      )}
      {task.unsupportedControls.length > 0 && (
        <p className="muted" data-testid="unsupported-controls">
          This project also labels with {task.unsupportedControls.join(', ')}, which this version shows but
          cannot edit yet.
        </p>
      )}
      {task.controls.length > 0 &&
        !claimedByOther &&
        (task.state !== 'done' || task.annotations.some((a) => a.mine)) && (
          <form
            className="controls"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            {task.controls.map((control) => (
              <fieldset key={control.name}>
                <legend>{control.name}</legend>
                {control.choices.map((choice) => {
                  const chosen = (picked[control.name] ?? []).includes(choice.value);
                  return (
                    <label key={choice.value} className="choice-option">
                      <input
                        type={control.choice === 'multiple' ? 'checkbox' : 'radio'}
                        name={control.name}
                        checked={chosen}
                        onChange={() =>
                          setPicked((p) => ({
                            ...p,
                            [control.name]:
                              control.choice === 'multiple'
                                ? chosen
                                  ? (p[control.name] ?? []).filter((v) => v !== choice.value)
                                  : [...(p[control.name] ?? []), choice.value]
                                : [choice.value],
                          }))
                        }
                      />
                      {choice.label}
                    </label>
                  );
                })}
              </fieldset>
            ))}
            <button
              type="submit"
              className="primary"
              disabled={saving || Object.values(picked).every((v) => v.length === 0)}
            >
              {saving ? 'Saving…' : 'Submit'}
            </button>
            {saved && conflicts.length === 0 && (
              <span className="saved" role="status">
                Saved to S3.
              </span>
            )}
          </form>
        )}
      {error && <ErrorNote error={error} onRetry={() => void submit()} />}
    </section>
  );
}
