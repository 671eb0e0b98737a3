import { useEffect, useState } from 'react';
import type { IpcError } from '../ipc.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { ExportDiagnostics } from './ExportDiagnostics.tsx';
import { useSessionAction } from './use-action.ts';

import type { AnnotatorApi } from '../../../preload/api.ts';
import { useApi } from '../app/app-services.tsx';

// A new organization brings new S3 origins for the page's CSP, which is fixed at load: reload.
const reloadOnSuccess = async <T,>(call: Promise<T & { ok: boolean }>) => {
  const result = await call;
  if (result.ok) location.reload();
  return result;
};
const importFile = (api: AnnotatorApi) => reloadOnSuccess(api.organization.importFile());
const useSandbox = (api: AnnotatorApi) => reloadOnSuccess(api.organization.useSandbox());

/** No organization yet: import the file IT gave you, or try the local sandbox. */
export function FirstRun({ problem }: { problem?: IpcError | undefined }) {
  const api = useApi();
  const [sandboxAvailable, setSandboxAvailable] = useState(false);
  const imported = useSessionAction(importFile);
  const sandbox = useSessionAction(useSandbox);
  useEffect(() => {
    void api.organization.choices().then((r) => r.ok && setSandboxAvailable(r.value.sandboxAvailable));
  }, [api]);

  return (
    <section className="card" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Welcome to Federated Annotator</h1>
      <p className="muted">
        Label your organization's data where it lives. First, tell the app who your organization is.
      </p>
      {problem && <ErrorNote error={problem} />}
      <div className="choices">
        <button type="button" className="choice" onClick={() => void imported.run()} disabled={imported.busy}>
          <strong>Use the file from IT</strong>
          <span>Your IT team gives you an organization file (.json) with your sign-in settings.</span>
        </button>
        {sandboxAvailable && (
          <button type="button" className="choice" onClick={() => void sandbox.run()} disabled={sandbox.busy}>
            <strong>Try the sandbox</strong>
            <span>A local organization with sample projects: the whole flow, no AWS account needed.</span>
          </button>
        )}
      </div>
      {imported.error && <ErrorNote error={imported.error} onRetry={() => void imported.run()} />}
      {sandbox.error && <ErrorNote error={sandbox.error} onRetry={() => void sandbox.run()} />}
      <footer className="organization-line">
        <ExportDiagnostics />
      </footer>
    </section>
  );
}
