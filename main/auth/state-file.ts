/**
 * Small JSON files the sign-in keeps in the app's data folder (the replay cache, the roles' session
 * maximums). Written whole to a temporary file and renamed over the old one, so a crash or a full disk
 * never leaves half a file; one write at a time per file, the latest state last. Unreadable or
 * damaged content reads as "nothing stored": these files only ever make sign-in faster or safer.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const queues = new Map<string, Promise<void>>();

export async function readStateFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

export function writeStateFile(file: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      try {
        await writeFile(temp, text, { mode: 0o600 });
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    });
  queues.set(file, next);
  void next.finally(() => {
    if (queues.get(file) === next) queues.delete(file);
  });
  return next;
}
