import { useCallback, useEffect, useRef, useState } from 'react';
import { useAppServices } from '../app/app-services.tsx';
import type { SessionView } from '../../../preload/contract.ts';
import type { AnnotatorApi } from '../../../preload/api.ts';
import { SignOutConfirm } from './SignOutConfirm.tsx';
import { useSessionAction } from './use-action.ts';

const signIn = (api: AnnotatorApi) => api.session.signIn();

type SignedIn = Extract<SessionView['session'], { status: 'signed-in' }>;

export function timeLeft(expiresAt: string, now: number): string {
  const minutes = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 60_000));
  if (minutes >= 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
  return minutes > 0 ? `${minutes} min left` : 'ending now';
}

/** Who is signed in, as which role, for how long; sign out; re-sign-in when the IdP asks for it. */
export function SessionBadge({
  session,
  keychain,
}: {
  session: SignedIn;
  keychain: SessionView['keychain'];
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const { api, beforeSignOut } = useAppServices();
  // The open task's draft is saved while the session still exists; then the session ends.
  const signOut = useCallback(
    async (api: AnnotatorApi) => {
      await Promise.allSettled([...beforeSignOut].map((save) => save()));
      return api.session.signOut();
    },
    [beforeSignOut],
  );
  const out = useSessionAction(signOut);
  const again = useSessionAction(signIn);
  const { identity, refresh } = session;
  // Submits still on this computer: asked about before signing out (null: not asking).
  const [unsent, setUnsent] = useState<number | null>(null);
  const [syncing, setSyncing] = useState(false);
  const askThenSignOut = async () => {
    const status = await api.sync.status().catch(() => null);
    if (status?.ok && status.value.pending > 0) setUnsent(status.value.pending);
    else void out.run();
  };
  // Which question a "Sync now" answers: a choice made while it runs (sign out, stay) wins over it.
  const asked = useRef(0);
  const syncNow = async () => {
    const question = asked.current;
    setSyncing(true);
    const status = await api.sync.now().catch(() => null);
    setSyncing(false);
    if (!status?.ok || question !== asked.current) return;
    if (status.value.pending > 0) return setUnsent(status.value.pending);
    setUnsent(null);
    void out.run();
  };
  const signOutButton = useRef<HTMLButtonElement>(null);
  const decide = (signOutNow: boolean) => {
    asked.current++;
    setUnsent(null);
    if (signOutNow) void out.run();
    // Staying: the focus goes back where the question came from (once the button is enabled again).
    else setTimeout(() => signOutButton.current?.focus(), 0);
  };
  return (
    <div className="badge" data-testid="session-badge">
      <div className="badge-text">
        <span className="badge-role">
          {identity.role.roleName} <span className="muted">· {identity.role.accountLabel}</span>
        </span>
        {/* The session name is what AWS logs and usually the e-mail; a NameID may be a transient id. */}
        <span className="badge-user muted" title={`NameID: ${identity.user}`}>
          {identity.sessionName} ·{' '}
          <span data-testid="session-expiry">{timeLeft(identity.expiresAt, now)}</span>
          {!keychain.persistent && <span title={keychain.message}> · not remembered</span>}
        </span>
      </div>
      {refresh === 'needs-sign-in' && (
        <button
          type="button"
          onClick={() => void again.run()}
          title="Your organization asks you to sign in again before the session ends."
        >
          Sign in again
        </button>
      )}
      <button
        type="button"
        ref={signOutButton}
        onClick={() => void askThenSignOut()}
        disabled={out.busy || unsent !== null}
      >
        Sign out
      </button>
      {unsent !== null && (
        <SignOutConfirm
          pending={unsent}
          roleName={identity.role.roleName}
          syncing={syncing}
          onSyncNow={() => void syncNow()}
          onSignOut={() => decide(true)}
          onStay={() => decide(false)}
        />
      )}
      {out.error && (
        <span className="badge-error" role="alert">
          {out.error.message}
        </span>
      )}
    </div>
  );
}
