/**
 * A disk that fills up: a 1 MiB tmpfs mounted for one test file, and a way to fill it. Mounting
 * needs root (CI runs as root); elsewhere `skipReason` says why, for the test's name.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

export interface SmallDisk {
  mountPoint: string;
  /** Null when mounted; else why the tests that need it are skipped. */
  skipReason: string | null;
  unmount(): void;
}

export function mountSmallDisk(prefix: string): SmallDisk {
  const mountPoint = mkdtempSync(join(tmpdir(), prefix));
  let skipReason: string | null = null;
  if (process.getuid?.() !== 0) skipReason = 'not running as root, so no tmpfs can be mounted';
  else
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
      skipReason = `mount -t tmpfs failed (${stderr || (error as Error).message})`;
    }
  return {
    mountPoint,
    skipReason,
    unmount() {
      if (skipReason === null) execFileSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    },
  };
}

/** Writes a file until the file system refuses: nothing is left for the store. Returns the bytes written. */
export function fillDisk(path: string): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1024, 0xa5);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    closeSync(fd);
  }
  return written;
}
