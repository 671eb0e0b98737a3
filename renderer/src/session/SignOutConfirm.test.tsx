/** The question before a sign-out that leaves submits unsent: its words and what a keyboard gets. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SignOutConfirm, signOutWarning } from './SignOutConfirm.tsx';

const noop = () => {};

describe('the sign-out question', () => {
  it('says how many submits wait, that they are kept, and for which role', () => {
    expect(signOutWarning(3, 'Annotator')).toBe(
      '3 submits have not reached S3 yet. They stay on this computer, encrypted, and are sent the next time you sign in as Annotator. Signing out deletes nothing of it.',
    );
    expect(signOutWarning(1, 'Reviewer')).toMatch(
      /^1 submit has not reached S3 yet\. It stays .* is sent .* as Reviewer\./,
    );
  });

  it('is an alert dialog with its title and text named, and three choices', () => {
    const html = renderToStaticMarkup(
      <SignOutConfirm
        pending={2}
        roleName="Annotator"
        syncing={false}
        onSyncNow={noop}
        onSignOut={noop}
        onStay={noop}
      />,
    );
    expect(html).toContain('role="alertdialog"');
    expect(html).toContain('aria-labelledby="sign-out-confirm-title"');
    expect(html).toContain('aria-describedby="sign-out-confirm-text"');
    const buttons = [...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((m) => m[1]);
    expect(buttons).toEqual(['Sync now', 'Sign out anyway', 'Stay signed in']);
  });

  it('shows the sync as running and does not offer it twice', () => {
    const html = renderToStaticMarkup(
      <SignOutConfirm
        pending={2}
        roleName="Annotator"
        syncing
        onSyncNow={noop}
        onSignOut={noop}
        onStay={noop}
      />,
    );
    expect(html).toMatch(/<button type="button" aria-disabled="true">Sending…<\/button>/);
  });
});
