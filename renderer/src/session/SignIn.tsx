import { useEffect, useState } from 'react';
import type { SessionView } from '../../../preload/contract.ts';
import { useApi } from '../app/app-services.tsx';
import type { AnnotatorApi } from '../../../preload/api.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { ExportDiagnostics } from './ExportDiagnostics.tsx';
import { useSessionAction } from './use-action.ts';

const signIn = (api: AnnotatorApi) => api.session.signIn();
const cancel = (api: AnnotatorApi) => api.session.cancelSignIn();
const change = (api: AnnotatorApi) => api.organization.change();

type Props = { view: SessionView; signingIn: boolean };
type Locked = { key: string; description: string }[];

/** The settings IT's policy enforces, to show as locked. */
function useLockedSettings(): Locked {
  const api = useApi();
  const [locked, setLocked] = useState<Locked>([]);
  useEffect(() => {
    void api.organization.choices().then((r) => r.ok && setLocked(r.value.locked));
  }, [api]);
  return locked;
}

/** Signed out (or signing in): one button, and what happens next. */
export function SignIn({ view, signingIn }: Props) {
  const action = useSessionAction(signIn);
  const cancelAction = useSessionAction(cancel);
  const changeAction = useSessionAction(change);
  const locked = useLockedSettings();
  const org = view.organization!;
  const notice = view.session.status === 'signed-out' ? view.session.notice : undefined;
  const waiting = signingIn || action.busy;
  return (
    <section className="card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to {org.name}</h1>
      <p className="muted">
        {waiting
          ? 'Finish signing in in the window your organization opened. This page continues on its own.'
          : 'You sign in with your organization account; the app then gets a short-lived AWS session for your role.'}
      </p>
      {notice && !action.error && <ErrorNote error={notice} />}
      {waiting ? (
        <div className="progress" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>Waiting for your organization's sign-in…</span>
          <button type="button" onClick={() => void cancelAction.run()}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="primary" onClick={() => void action.run()}>
          Sign in
        </button>
      )}
      {action.error && action.error.code !== 'SESSION_SIGN_IN_CANCELLED' && (
        <ErrorNote error={action.error} onRetry={() => void action.run()} />
      )}
      {locked.length > 0 && (
        <details className="locked-settings" data-testid="locked-settings">
          <summary>
            {locked.length === 1 ? '1 setting is' : `${locked.length} settings are`} locked by your IT
            department
          </summary>
          <ul>
            {locked.map((setting) => (
              <li key={setting.key}>
                <code>{setting.key}</code>: {setting.description}
              </li>
            ))}
          </ul>
        </details>
      )}
      <footer className="organization-line">
        {org.source === 'managed' ? (
          <p className="muted" data-testid="organization-locked">
            {org.name} is locked by your IT department.
          </p>
        ) : (
          <button
            type="button"
            onClick={() => void changeAction.run()}
            disabled={waiting || changeAction.busy}
          >
            Change organization
          </button>
        )}
        {changeAction.error && <ErrorNote error={changeAction.error} />}
        <ExportDiagnostics />
      </footer>
      {org.source === 'sandbox' && (
        <p className="hint">
          Sandbox: sign in as “annotator”, “linguist” or “multi”, password “lab-password”.
        </p>
      )}
    </section>
  );
}
