/**
 * The app window's session keeps nothing on disk: an in-memory partition (no "persist:") with its HTTP
 * cache off, hardened like the default session, and cleared on sign-out. Checked against the recording
 * Electron stand-in (it proves the wiring, not Chromium's enforcement of it).
 */
import { describe, expect, it, vi } from 'vitest';
import { missingHardening } from '../support/required-hardening.ts';

const calls = vi.hoisted(() => ({
  fromPartition: [] as { partition: string; options: unknown }[],
  hardened: [] as string[],
}));

vi.mock('electron', async () => {
  const standIn = await import('../support/electron-stand-in/electron.ts');
  return {
    ...standIn,
    session: {
      ...standIn.session,
      fromPartition: (partition: string, options?: unknown) => {
        calls.fromPartition.push({ partition, options });
        const ses = standIn.session.fromPartition(partition);
        return {
          ...ses,
          setPermissionRequestHandler: () => void calls.hardened.push('permission-request'),
          setPermissionCheckHandler: () => void calls.hardened.push('permission-check'),
          setDevicePermissionHandler: () => void calls.hardened.push('device'),
          on: (event: string) => void calls.hardened.push(`on:${event}`),
        };
      },
    },
  };
});

const { APP_WINDOW_PARTITION, appWindowSession, clearAppWindowSession } =
  await import('../../main/shell/session-policy.ts');
const { createMainWindow } = await import('../../main/shell/windows.ts');
const { record } = await import('../support/electron-stand-in/electron.ts');

describe('the app window session', () => {
  it('is an in-memory partition with the HTTP cache off, hardened like the default session', () => {
    const ses = appWindowSession();
    expect(ses).toBeDefined();
    expect(APP_WINDOW_PARTITION.startsWith('persist:')).toBe(false);
    expect(calls.fromPartition).toEqual([{ partition: APP_WINDOW_PARTITION, options: { cache: false } }]);
    expect(calls.hardened.sort()).toEqual([
      'device',
      'on:will-download',
      'permission-check',
      'permission-request',
    ]);
  });

  it('is the session of the app window, which keeps every hardening switch', () => {
    const ses = appWindowSession();
    const before = record.windows.length;
    createMainWindow('/dist/preload/preload.cjs', ses as never);
    const window = record.windows[before]!;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs.session).toBe(ses);
    expect(prefs.partition).toBeUndefined();
    expect(missingHardening(prefs)).toEqual([]);
    expect(window.loadedUrls).toEqual(['app://annotator/index.html']);
  });

  it('is cleared on sign-out: cache, storage and auth cache', async () => {
    const ses = appWindowSession();
    await clearAppWindowSession(ses as never);
    expect(record.partitions.get(APP_WINDOW_PARTITION)?.cleared.sort()).toEqual(['auth', 'cache', 'storage']);
  });
});
