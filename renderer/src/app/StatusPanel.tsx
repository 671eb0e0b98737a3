import { useEffect } from 'react';
import { getApi } from '../ipc.ts';
import { useIpc } from './use-ipc.ts';

const api = getApi();
const loadHealth = () => api.app.health();
const loadVersion = () => api.app.version();

/** What is running and whether main's subsystems answer: the first screen until sign-in exists. */
export function StatusPanel() {
  const [version] = useIpc(loadVersion);
  const [health, reloadHealth] = useIpc(loadHealth);
  useEffect(() => api.app.onHealthChanged(() => reloadHealth()), [reloadHealth]);

  return (
    <section className="card" aria-labelledby="status-title">
      <h1 id="status-title">Ready when you are</h1>
      <p className="muted">Sign in with your organization to see your labeling projects.</p>
      {version.state === 'ready' && (
        <dl className="facts" data-testid="runtime">
          <dt>Version</dt>
          <dd>{version.value.version}</dd>
          <dt>Runtime</dt>
          <dd>
            {version.value.runtime.electron
              ? `Electron ${version.value.runtime.electron}, `
              : 'Browser harness, '}
            Node {version.value.runtime.node}
          </dd>
          <dt>Platform</dt>
          <dd>{version.value.platform}</dd>
        </dl>
      )}
      {health.state === 'loading' && <p className="muted">Checking the app…</p>}
      {health.state === 'failed' && (
        <div className="error" role="alert">
          <strong>{health.error.message}</strong>
          <button type="button" onClick={reloadHealth}>
            Try again
          </button>
        </div>
      )}
      {health.state === 'ready' && (
        <ul className="checks" data-testid="health">
          {health.value.checks.map((check) => (
            <li key={check.name} className={check.ok ? 'ok' : 'bad'}>
              <span className="dot" aria-hidden="true" />
              <span>{check.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
