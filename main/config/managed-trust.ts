/**
 * Whether a file IT placed can be trusted: an administrator owns it and nobody else can write or swap
 * it, as other managed apps require (the managed settings file, Linux and macOS policy files).
 */
import { lstat } from 'node:fs/promises';
import { ConfigError } from './organization.ts';

/** Refuses a managed file that a non-administrator could have written or swapped. */
export async function checkManagedFileTrust(file: string, ownerUid: number): Promise<void> {
  const info = await lstat(file);
  const problems: string[] = [];
  if (info.isSymbolicLink()) problems.push('it is a symbolic link');
  else if (!info.isFile()) problems.push('it is not a regular file');
  if (process.platform !== 'win32') {
    if (info.uid !== ownerUid)
      problems.push(`it must be owned by ${ownerUid === 0 ? 'root' : `uid ${ownerUid}`}`);
    if (info.mode & 0o022) problems.push('group or others can write it');
  }
  if (problems.length) throw new ConfigError(file, problems);
}

export async function pathExists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}
