/**
 * Where a running sandbox (`npm run sandbox`, dev tooling) leaves its organization file, so the
 * first-run screen can offer "Try the sandbox". The sandbox removes the file when it stops.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';

export function sandboxOrganizationFile(): string {
  return (
    process.env.FA_SANDBOX_FILE ?? path.join(tmpdir(), 'federated-annotator-sandbox', 'organization.json')
  );
}
