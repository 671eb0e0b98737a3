import { useEffect, useRef } from 'react';

/** Words of the question, apart so they are tested without a browser. */
export function signOutWarning(pending: number, roleName: string): string {
  const what = pending === 1 ? '1 submit has' : `${pending} submits have`;
  return (
    `${what} not reached S3 yet. ${pending === 1 ? 'It stays' : 'They stay'} on this computer, encrypted, ` +
    `and ${pending === 1 ? 'is' : 'are'} sent the next time you sign in as ${roleName}. ` +
    'Signing out deletes nothing of it.'
  );
}

/**
 * Asked before a sign-out that leaves work unsent: queued submits are never wiped, but the person
 * should know they wait for the same role, and may send them now instead.
 */
export function SignOutConfirm({
  pending,
  roleName,
  syncing,
  onSyncNow,
  onSignOut,
  onStay,
}: {
  pending: number;
  roleName: string;
  syncing: boolean;
  onSyncNow: () => void;
  onSignOut: () => void;
  onStay: () => void;
}) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div
      className="sign-out-confirm"
      role="alertdialog"
      aria-labelledby="sign-out-confirm-title"
      aria-describedby="sign-out-confirm-text"
      data-testid="sign-out-confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onStay();
      }}
    >
      <strong id="sign-out-confirm-title">Work waiting to sync</strong>
      <p id="sign-out-confirm-text">{signOutWarning(pending, roleName)}</p>
      <div className="sign-out-confirm-actions">
        {/* aria-disabled, not disabled: the focus stays here (and Escape works) while it sends. */}
        <button
          type="button"
          ref={first}
          onClick={() => !syncing && onSyncNow()}
          aria-disabled={syncing || undefined}
        >
          {syncing ? 'Sending…' : 'Sync now'}
        </button>
        <button type="button" onClick={onSignOut}>
          Sign out anyway
        </button>
        <button type="button" onClick={onStay}>
          Stay signed in
        </button>
      </div>
    </div>
  );
}
