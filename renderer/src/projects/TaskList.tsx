import { useEffect, useId, useMemo, useState, useSyncExternalStore } from 'react';
import type { TaskListFilter, TaskRow } from '../../../preload/contract.ts';
import { useApi } from '../app/app-services.tsx';
import { ErrorNote } from '../session/ErrorNote.tsx';
import { TaskListStore } from './task-list-store.ts';
import { taskFilterOptions, taskStateLabel } from './task-state-label.ts';
import { VirtualList } from './VirtualList.tsx';

function fileName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1) || key;
}

function rowLabel(row: TaskRow): string {
  return row.taskCount > 1
    ? `${fileName(row.key)} · task ${row.index + 1} of ${row.taskCount}`
    : fileName(row.key);
}

/** The project's tasks: a virtual list of task rows, their states, a filter, a search, and progress. */
export function TaskList({
  projectId,
  onOpen,
  onLabelAll,
  refreshKey,
  viewOnly,
}: {
  projectId: string;
  onOpen: (key: string, index: number) => void;
  onLabelAll: () => void;
  refreshKey: number;
  viewOnly: boolean;
}) {
  const api = useApi();
  const store = useMemo(() => new TaskListStore(api, projectId), [api, projectId]);
  const [search, setSearch] = useState('');
  const [state, setState] = useState<string>('');
  const searchId = useId();
  const filterId = useId();
  useEffect(() => {
    const detach = store.attach();
    void store.sync();
    return detach;
  }, [store]);
  useEffect(() => {
    if (refreshKey > 0) store.invalidate();
  }, [refreshKey, store]);
  useEffect(() => {
    // Typing a search waits a moment, so each keystroke does not ask main for a filtered page.
    const timer = setTimeout(() => {
      const filter: TaskListFilter = {
        ...(state ? { state: state as NonNullable<TaskListFilter['state']> } : {}),
        ...(search.trim() ? { search: search.trim() } : {}),
      };
      if (JSON.stringify(filter) !== JSON.stringify(store.filter)) store.setFilter(filter);
    }, 200);
    return () => clearTimeout(timer);
  }, [search, state, store]);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const progress = snapshot.progress;

  return (
    <section className="task-list" aria-label="Tasks">
      <div className="task-list-head">
        <span data-testid="task-count">
          {snapshot.total.toLocaleString()} {snapshot.total === 1 ? 'task' : 'tasks'}
          {snapshot.syncing && <span className="muted"> · listing…</span>}
        </span>
        {progress && progress.total > 0 && (
          <span className="project-progress" data-testid="project-progress">
            <progress value={progress.done} max={progress.total} aria-label="Project progress" />
            {progress.done.toLocaleString()} of {progress.total.toLocaleString()} done
          </span>
        )}
        <span className="spacer" />
        {!viewOnly && (
          <button type="button" className="primary" onClick={onLabelAll} data-testid="label-all">
            Label all tasks
          </button>
        )}
        <button
          type="button"
          onClick={() => void store.sync(true)}
          disabled={snapshot.syncing}
          title="List every object again and pick up changed files"
        >
          Refresh
        </button>
      </div>
      <div className="task-list-filters">
        <label htmlFor={filterId}>Show</label>
        <select
          id={filterId}
          value={state}
          onChange={(e) => setState(e.target.value)}
          data-testid="task-filter"
        >
          {taskFilterOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <label htmlFor={searchId} className="visually-hidden">
          Search tasks by id or file name
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Search by id or file name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="task-search"
        />
      </div>
      {snapshot.syncing && <div className="progress-bar" role="progressbar" aria-label="Listing tasks" />}
      {snapshot.error && <ErrorNote error={snapshot.error} onRetry={() => void store.sync()} />}
      <VirtualList
        count={snapshot.total}
        rowHeight={36}
        label="Tasks"
        renderRow={(index) => {
          const row = store.row(index);
          if (!row) return <span className="muted">…</span>;
          return (
            <button
              type="button"
              className="task-row"
              onClick={() => onOpen(row.key, row.index)}
              title={row.key}
              data-state={row.draft ? 'draft' : row.state}
              data-task-id={row.taskId}
            >
              <span className="task-name">{rowLabel(row)}</span>
              <span className="row-chips">
                {/* A file not read yet stands for its tasks: how many of them have annotations so far. */}
                {row.state === 'open' && row.annotated > 0 && row.taskCount === 1 && (
                  <span className="chip">{row.annotated} done</span>
                )}
                {row.draft && <span className="chip chip-draft">Draft</span>}
                {row.waitingToSync && (
                  <span
                    className="chip chip-waiting"
                    title="Kept on this computer; sent to S3 as soon as it can be reached"
                    data-testid="waiting-to-sync"
                  >
                    Waiting to sync
                  </span>
                )}
                <span className={`chip chip-${row.state}`}>{taskStateLabel[row.state]}</span>
              </span>
            </button>
          );
        }}
      />
    </section>
  );
}
