/**
 * The app's description of itself: what is running (app.version) and whether its subsystems work
 * (app.health). Runtime facts are passed in by whoever hosts main (Electron shell or harness).
 */
import { access, constants, mkdir } from 'node:fs/promises';
import type { ResponseOf } from '../../preload/contract.ts';

export interface RuntimeInfo {
  name: string;
  version: string;
  versions: { node: string; electron?: string; chrome?: string };
  platform: string;
  /** Where the app keeps its local data (Electron: app.getPath('userData')). */
  userDataDir: string;
  startedAt: number;
}

export function appVersion(runtime: RuntimeInfo): ResponseOf<'app.version'> {
  const { node, electron, chrome } = runtime.versions;
  return {
    name: runtime.name,
    version: runtime.version,
    runtime: { node, ...(electron ? { electron } : {}), ...(chrome ? { chrome } : {}) },
    platform: runtime.platform,
  };
}

type Check = ResponseOf<'app.health'>['checks'][number];

async function checkUserData(dir: string): Promise<Check> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return { name: 'local-data', ok: true, detail: 'The local data folder is writable.' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { name: 'local-data', ok: false, detail: `The local data folder cannot be written (${code}).` };
  }
}

export async function appHealth(runtime: RuntimeInfo, now = Date.now()): Promise<ResponseOf<'app.health'>> {
  const checks = [
    { name: 'ipc', ok: true, detail: 'Main process answers.' },
    await checkUserData(runtime.userDataDir),
  ];
  return { ok: checks.every((c) => c.ok), uptimeMs: Math.max(0, now - runtime.startedAt), checks };
}
