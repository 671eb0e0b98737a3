/**
 * "Update available — restart to install": shown once main says an update from IT's server is
 * downloaded and verified (app.updateReady). It installs when the app quits anyway; "Restart now"
 * does it at once (main saves nothing for the window: drafts are already on disk within a second).
 */
import { useEffect, useState } from 'react';
import { useApi } from './app-services.tsx';

export function UpdateNoticeView({
  version,
  restarting,
  onRestart,
}: {
  version: string;
  restarting: boolean;
  onRestart: () => void;
}) {
  return (
    <p className="update-notice" role="status" data-testid="update-notice">
      Update available — restart to install <span className="muted">(version {version})</span>{' '}
      <button type="button" onClick={onRestart} disabled={restarting}>
        {restarting ? 'Restarting…' : 'Restart now'}
      </button>
    </p>
  );
}

export function UpdateNotice() {
  const api = useApi();
  const [version, setVersion] = useState<string | null>(null);
  const [restarting, setRestarting] = useState(false);
  useEffect(() => api.app.onUpdateReady((update) => setVersion(update.version)), [api]);
  if (!version) return null;
  const restart = () => {
    setRestarting(true);
    // Not ready after all (another window installed it): the notice stays and quitting installs it.
    void api.app.installUpdate().then(
      (result) => setRestarting(result.ok && result.value.restarting),
      () => setRestarting(false),
    );
  };
  return <UpdateNoticeView version={version} restarting={restarting} onRestart={restart} />;
}
