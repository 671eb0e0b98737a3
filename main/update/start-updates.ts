/**
 * The shell's one call for updates: electron-updater is loaded only when a check is due (a packaged
 * build with IT's update URL, not turned off), so development runs and the Electron stand-in never load
 * it. The first check waits a minute, so start-up (sign-in, the first task) has the network first.
 */
import type { AppSettings } from '../config/policy/app-settings.ts';
import { createUpdates, updateDecision, type Updates } from './updates.ts';

export function startUpdates(
  settings: Pick<AppSettings, 'updateUrl' | 'updatesDisabled'>,
  isPackaged: boolean,
  onReady: (update: { version: string }) => void,
  firstCheckMs = 60_000,
): Updates {
  const decision = updateDecision(settings, isPackaged);
  const updates = createUpdates({
    decision,
    // electron-updater's updater for this OS (NSIS, DMG/zip, AppImage, deb or rpm, as installed).
    updater: async () => (await import('electron-updater')).default.autoUpdater,
    onReady,
  });
  if (!decision.check) return updates;
  const first = setTimeout(() => void updates.check(), firstCheckMs);
  first.unref();
  return {
    check: updates.check,
    install: updates.install,
    dispose: () => {
      clearTimeout(first);
      updates.dispose();
    },
  };
}
