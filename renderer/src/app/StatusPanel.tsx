import { useEffect } from 'react';
import type { AnnotatorApi } from '../../../preload/api.ts';
import { useApi } from './app-services.tsx';
import { useIpc } from './use-ipc.ts';

const loadHealth = (api: AnnotatorApi) => api.app.health();
const loadVersion = (api: AnnotatorApi) => api.app.version();

/** What is running and whether main's subsystems answer (for support requests). */
export function StatusPanel() {
  const api = useApi();
  const [version] = useIpc(loadVersion);
  const [health, reloadHealth] = useIpc(loadHealth);
  useEffect(() => api.app.onHealthChanged(() => reloadHealth()), [api, reloadHealth]);

  return (
    // Folded unless something is wrong: it is for support requests, not for everyday work.
    <details
      className="diagnostics"
      open={health.state === 'failed' || (health.state === 'ready' && !health.value.ok)}
    >
      <summary id="status-title">About this app</summary>
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
    </details>
  );
}
