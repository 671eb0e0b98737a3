import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { ErrorNote } from '../session/ErrorNote.tsx';
import { TaskListStore } from './task-list-store.ts';
import { taskStateLabel } from './task-state-label.ts';
import { VirtualList } from './VirtualList.tsx';

function fileName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1) || key;
}

export function TaskList({
  projectId,
  onOpen,
  refreshKey,
}: {
  projectId: string;
  onOpen: (key: string) => void;
  refreshKey: number;
}) {
  const store = useMemo(() => new TaskListStore(projectId), [projectId]);
  useEffect(() => {
    const detach = store.attach();
    void store.sync();
    return detach;
  }, [store]);
  useEffect(() => {
    if (refreshKey > 0) store.invalidate();
  }, [refreshKey, store]);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);

  return (
    <section className="task-list" aria-label="Tasks">
      <div className="task-list-head">
        <span data-testid="task-count">
          {snapshot.total.toLocaleString()} {snapshot.total === 1 ? 'task' : 'tasks'}
          {snapshot.syncing && <span className="muted"> · listing…</span>}
        </span>
        <button
          type="button"
          onClick={() => void store.sync(true)}
          disabled={snapshot.syncing}
          title="List every object again and pick up changed files"
        >
          Refresh
        </button>
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
              onClick={() => onOpen(row.key)}
              title={row.key}
              data-state={row.state}
            >
              <span className="task-name">{fileName(row.key)}</span>
              <span className="row-chips">
                {/* A file of several tasks: how many of them have annotations so far. */}
                {row.state === 'open' && row.annotated > 0 && (
                  <span className="chip">{row.annotated} done</span>
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
