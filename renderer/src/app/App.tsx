import { getApi } from '../ipc.ts';
import { useIpc } from './use-ipc.ts';
import { StatusPanel } from './StatusPanel.tsx';

const api = getApi();
const loadVersion = () => api.app.version();

export function App() {
  const [version] = useIpc(loadVersion);
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Federated Annotator</span>
        </div>
        <span className="app-version" data-testid="app-version">
          {version.state === 'ready' ? `v${version.value.version}` : ''}
        </span>
      </header>
      <main className="app-main">
        <StatusPanel />
      </main>
    </div>
  );
}
