import { useState } from 'react';
import { useApi } from '../app/app-services.tsx';
import type { IpcError } from '../ipc.ts';
import { ErrorNote } from './ErrorNote.tsx';

/** "Export diagnostics": a zip for IT (audit log, settings in force, versions; no secrets). */
export function ExportDiagnostics() {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const result = await api.app.exportDiagnostics();
      if (result.ok) setSaved(result.value.file);
      else setError(result.error);
    } catch {
      setError({ code: 'INTERNAL', message: 'The app did not answer. Reload the window and try again.' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="diagnostics">
      <button type="button" onClick={() => void run()} disabled={busy}>
        Export diagnostics
      </button>
      <p role="status" className="muted" data-testid="diagnostics-saved">
        {saved && `Saved for your IT team: ${saved} (no passwords or keys in it).`}
      </p>
      {error && <ErrorNote error={error} />}
    </div>
  );
}
