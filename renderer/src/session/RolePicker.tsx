import { useCallback, useMemo, useState } from 'react';
import type { AnnotatorApi } from '../../../preload/api.ts';
import type { RoleOption } from '../../../preload/contract.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { useSessionAction } from './use-action.ts';

/** Several roles: shown by account and role name (not raw ARNs); the last choice is preselected. */
export function RolePicker({
  roles,
  suggestedRoleArn,
}: {
  roles: RoleOption[];
  suggestedRoleArn?: string | undefined;
}) {
  const [selected, setSelected] = useState(suggestedRoleArn ?? roles[0]?.roleArn ?? '');
  const choose = useCallback(
    (api: AnnotatorApi) => api.session.chooseRole({ roleArn: selected }),
    [selected],
  );
  const action = useSessionAction(choose);
  const byAccount = useMemo(() => {
    const groups = new Map<string, RoleOption[]>();
    for (const role of roles) groups.set(role.accountLabel, [...(groups.get(role.accountLabel) ?? []), role]);
    return [...groups.entries()];
  }, [roles]);

  return (
    <section className="card" aria-labelledby="role-title">
      <h1 id="role-title">Choose a role</h1>
      <p className="muted">Your organization gave you several roles. Each sees different projects.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run();
        }}
      >
        {byAccount.map(([account, accountRoles]) => (
          <fieldset key={account} className="role-group">
            <legend>
              {account}
              {accountRoles[0] && account !== accountRoles[0].accountId && (
                <span className="muted"> · {accountRoles[0].accountId}</span>
              )}
            </legend>
            {accountRoles.map((role) => (
              <label key={role.roleArn} className="role-option">
                <input
                  type="radio"
                  name="role"
                  value={role.roleArn}
                  checked={selected === role.roleArn}
                  onChange={() => setSelected(role.roleArn)}
                />
                <span className="role-name">{role.roleName}</span>
                {role.roleArn === suggestedRoleArn && <span className="tag">last used</span>}
              </label>
            ))}
          </fieldset>
        ))}
        <button type="submit" className="primary" disabled={!selected || action.busy}>
          {action.busy ? 'Signing in…' : 'Continue'}
        </button>
      </form>
      {action.error && <ErrorNote error={action.error} onRetry={() => void action.run()} />}
    </section>
  );
}
