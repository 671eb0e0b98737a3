import { useEffect, useState } from 'react';
import type { AnnotatorApi } from '../../../preload/api.ts';
import { useApi } from '../app/app-services.tsx';
import type { IpcError } from '../ipc.ts';
import { ErrorNote } from '../session/ErrorNote.tsx';
import { SyncStatus } from './SyncStatus.tsx';
import { TaskList } from './TaskList.tsx';
import { TaskScreen, type TaskTarget } from './TaskScreen.tsx';

type Workspaces = Extract<
  Awaited<ReturnType<AnnotatorApi['projects']['list']>>,
  { ok: true }
>['value']['workspaces'];

/** The current role's workspaces and projects, the task list, and the open task. */
export function ProjectsScreen() {
  const api = useApi();
  const [workspaces, setWorkspaces] = useState<Workspaces | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [projectId, setProjectId] = useState<string | null>(null);
  const [target, setTarget] = useState<TaskTarget | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);

  useEffect(() => {
    let current = true;
    void (async () => {
      const [list, last] = await Promise.all([api.projects.list(), api.tasks.lastOpen()]);
      if (!current) return;
      if (!list.ok) return setError(list.error);
      setWorkspaces(list.value.workspaces);
      // A reload or a restart returns to the task that was open.
      const reopen = last.ok ? last.value.last : null;
      const known = list.value.workspaces.some((w) => w.projects.some((p) => p.id === reopen?.projectId));
      if (reopen && known) {
        setProjectId(reopen.projectId);
        setTarget({ kind: 'task', key: reopen.key, index: reopen.index });
      } else setProjectId(list.value.workspaces[0]?.projects[0]?.id ?? null);
    })();
    return () => {
      current = false;
    };
  }, [api]);

  if (error) return <ErrorNote error={error} />;
  if (!workspaces) return <p className="muted">Loading your projects…</p>;
  if (workspaces.length === 0) {
    return (
      <section className="card">
        <h1>No projects for this role</h1>
        <p className="muted">
          Your organization has no labeling project for the role you signed in with. Sign out and pick another
          role, or ask your project lead.
        </p>
      </section>
    );
  }
  const project = workspaces.flatMap((w) => w.projects).find((p) => p.id === projectId);
  return (
    <div className="projects">
      <nav className="sidebar" aria-label="Projects">
        {workspaces.map((w) => (
          <div key={w.id} className="workspace">
            <h2>{w.name}</h2>
            <ul>
              {w.projects.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className={p.id === projectId ? 'project active' : 'project'}
                    aria-current={p.id === projectId ? 'page' : undefined}
                    onClick={() => {
                      setProjectId(p.id);
                      setTarget(null);
                    }}
                  >
                    <span>{p.name}</span>
                    {p.viewOnlyTags.length > 0 && (
                      <span
                        className="chip chip-view-only"
                        title={`Needs ${p.viewOnlyTags.join(', ')}, which this version cannot edit yet`}
                        data-testid="view-only"
                      >
                        View only
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="project-main">
        <SyncStatus onSynced={() => setRefreshKey((k) => k + 1)} />
        {project && project.viewOnlyTags.length > 0 && target === null && (
          <p className="note" role="note" data-testid="view-only-note">
            This project labels with {project.viewOnlyTags.join(', ')}, which this version cannot edit yet:
            you can look at its tasks and annotations, and no task is claimed.
          </p>
        )}
        {project && (
          <div hidden={target !== null} className="project-list-pane">
            <TaskList
              projectId={project.id}
              onOpen={(key, index) => setTarget({ kind: 'task', key, index })}
              onLabelAll={() => setTarget({ kind: 'stream' })}
              refreshKey={refreshKey}
              viewOnly={project.viewOnlyTags.length > 0}
            />
          </div>
        )}
        {project && target && (
          <TaskScreen
            key={`${project.id}/${target.kind === 'task' ? `${target.key}#${target.index}` : 'stream'}`}
            projectId={project.id}
            target={target}
            onClose={() => {
              setTarget(null);
              setRefreshKey((k) => k + 1);
            }}
            onChanged={() => setRefreshKey((k) => k + 1)}
          />
        )}
      </div>
    </div>
  );
}
