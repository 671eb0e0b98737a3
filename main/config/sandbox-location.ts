/**
 * Where a running sandbox (`npm run sandbox`, dev tooling) leaves its organization file, so the
 * first-run screen can offer "Try the sandbox". The sandbox removes the file when it stops.
 */
import { lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function sandboxOrganizationFile(): string {
  return (
    process.env.FA_SANDBOX_FILE ?? path.join(tmpdir(), 'federated-annotator-sandbox', 'organization.json')
  );
}

/** A regular file (not a link) of this user's that nobody else can write; false when absent. */
export async function isOwnPrivateFile(file: string): Promise<boolean> {
  const info = await lstat(file).catch(() => null);
  if (!info?.isFile()) return false;
  if (process.platform === 'win32') return true;
  return info.uid === process.getuid?.() && (info.mode & 0o022) === 0;
}
