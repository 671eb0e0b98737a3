import type { SessionView } from '../../../preload/contract.ts';
import type { AnnotatorApi } from '../../../preload/api.ts';
import { FirstRun } from '../session/FirstRun.tsx';
import { RolePicker } from '../session/RolePicker.tsx';
import { SessionBadge } from '../session/SessionBadge.tsx';
import { SignIn } from '../session/SignIn.tsx';
import { useSessionView } from '../session/session-store.ts';
import { ProjectsScreen } from '../projects/ProjectsScreen.tsx';
import { StatusPanel } from './StatusPanel.tsx';
import { UpdateNotice } from './UpdateNotice.tsx';
import { useIpc } from './use-ipc.ts';

const loadVersion = (api: AnnotatorApi) => api.app.version();

function Screen({ view }: { view: SessionView }) {
  const { session } = view;
  switch (session.status) {
    case 'no-organization':
      return <FirstRun problem={session.problem} />;
    case 'signed-out':
    case 'signing-in':
      return <SignIn view={view} signingIn={session.status === 'signing-in'} />;
    case 'choosing-role':
      return <RolePicker roles={session.roles} suggestedRoleArn={session.suggestedRoleArn} />;
    case 'signed-in':
      // Keyed by role: another role sees other projects, so nothing of the previous one is kept.
      return <ProjectsScreen key={session.identity.role.roleArn} />;
  }
}

export function App() {
  const [version] = useIpc(loadVersion);
  const view = useSessionView();
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <img className="brand-mark" src="./icon.svg" alt="" />
          <span className="brand-name">Federated Annotator</span>
          {view?.organization && <span className="org-name muted">{view.organization.name}</span>}
        </div>
        <div className="header-end">
          {view?.session.status === 'signed-in' && (
            <SessionBadge session={view.session} keychain={view.keychain} />
          )}
          <UpdateNotice />
          <span className="app-version" data-testid="app-version">
            {version.state === 'ready' ? `v${version.value.version}` : ''}
          </span>
        </div>
      </header>
      <main className={view?.session.status === 'signed-in' ? 'app-main app-main-wide' : 'app-main'}>
        {view ? <Screen view={view} /> : <p className="muted">Starting…</p>}
        {/* Once signed in, the session badge says "not remembered" (its tooltip has the reason). */}
        {view &&
          !view.keychain.persistent &&
          view.session.status !== 'no-organization' &&
          view.session.status !== 'signed-in' && (
            <p className="keychain-note" role="note" data-testid="keychain-note">
              {view.keychain.message}
            </p>
          )}
        {view?.session.status !== 'signed-in' && <StatusPanel />}
      </main>
    </div>
  );
}
