import { useEffect, useState } from 'react';
import type { IpcError } from '../ipc.ts';
import { getApi } from '../ipc.ts';
import { ErrorNote } from '../session/ErrorNote.tsx';
import { TaskList } from './TaskList.tsx';
import { TaskViewer } from './TaskViewer.tsx';

const api = getApi();
type Workspaces = Extract<Awaited<ReturnType<typeof api.projects.list>>, { ok: true }>['value']['workspaces'];

/** The current role's workspaces and projects, the task list, and the open task. */
export function ProjectsScreen() {
  const [workspaces, setWorkspaces] = useState<Workspaces | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [projectId, setProjectId] = useState<string | null>(null);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);

  useEffect(() => {
    let current = true;
    void api.projects.list().then((r) => {
      if (!current) return;
      if (r.ok) {
        setWorkspaces(r.value.workspaces);
        setProjectId(r.value.workspaces[0]?.projects[0]?.id ?? null);
      } else setError(r.error);
    });
    return () => {
      current = false;
    };
  }, []);

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
                      setOpenKey(null);
                    }}
                  >
                    {p.name}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="project-main">
        {projectId && (
          <div hidden={openKey !== null} className="project-list-pane">
            <TaskList projectId={projectId} onOpen={setOpenKey} refreshKey={refreshKey} />
          </div>
        )}
        {projectId && openKey && (
          <TaskViewer
            projectId={projectId}
            taskKey={openKey}
            onClose={() => setOpenKey(null)}
            onSaved={() => setRefreshKey((k) => k + 1)}
          />
        )}
      </div>
    </div>
  );
}
