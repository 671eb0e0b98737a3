/**
 * "Update available — restart to install": shown once main says an update from IT's server is
 * downloaded and verified (app.updateReady). It installs when the app quits, so the notice only tells;
 * nothing interrupts the annotator's work.
 */
import { useEffect, useState } from 'react';
import { useApi } from './app-services.tsx';

export function UpdateNoticeView({ version }: { version: string }) {
  return (
    <p className="update-notice" role="status" data-testid="update-notice">
      Update available — restart to install <span className="muted">(version {version})</span>
    </p>
  );
}

export function UpdateNotice() {
  const api = useApi();
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => api.app.onUpdateReady((update) => setVersion(update.version)), [api]);
  return version ? <UpdateNoticeView version={version} /> : null;
}
