/**
 * When and how the app updates itself: only a packaged build, only from the URL IT's policy names,
 * never when the policy turns updates off. electron-updater does the work (version compare, download,
 * SHA-512 check, install on quit); this module decides whether it may, gives it the signed-feed
 * provider, and turns its outcome into "ready to install" or a reason for the log. Electron-free: the
 * shell passes in electron-updater's updater, tests pass one built on a Node app adapter.
 */
import type { AppUpdater } from 'electron-updater';
import type { AppSettings } from '../config/policy/app-settings.ts';
import { createLogger } from '../log.ts';
import { pinnedFeedPublicKey } from './feed-key.ts';
import { feedFileName, signedFeedOptions } from './signed-feed-provider.ts';
import { toUpdateError, type UpdateError } from './update-errors.ts';

const log = createLogger('update');

export type UpdateDecision =
  | { check: true; url: string }
  | { check: false; reason: 'not packaged' | 'no update URL' | 'turned off by IT policy' };

export function updateDecision(
  settings: Pick<AppSettings, 'updateUrl' | 'updatesDisabled'>,
  isPackaged: boolean,
): UpdateDecision {
  if (settings.updatesDisabled) return { check: false, reason: 'turned off by IT policy' };
  if (!isPackaged) return { check: false, reason: 'not packaged' };
  if (!settings.updateUrl) return { check: false, reason: 'no update URL' };
  return { check: true, url: settings.updateUrl };
}

export type UpdateOutcome =
  | { state: 'off'; reason: string }
  | { state: 'up-to-date'; version: string }
  | { state: 'ready'; version: string }
  | { state: 'refused'; error: UpdateError };

export interface UpdatesOptions {
  decision: UpdateDecision;
  /** electron-updater's updater for this OS (loaded only when a check is due). */
  updater: () => AppUpdater | Promise<AppUpdater>;
  /** An update is downloaded, verified and installs when the app quits. */
  onReady(update: { version: string }): void;
  /** Default: the pinned key (tests sign their feeds with their own). */
  publicKeyPem?: string;
  platform?: NodeJS.Platform;
  /** How often to look again (default 4 h; 0: only when asked). */
  intervalMs?: number;
}

export interface Updates {
  check(): Promise<UpdateOutcome>;
  /** "Restart now": quits and installs the downloaded update; false when none is ready. */
  install(): boolean;
  dispose(): void;
}

export function createUpdates(options: UpdatesOptions): Updates {
  const { decision } = options;
  if (!decision.check)
    return {
      check: async () => ({ state: 'off', reason: decision.reason }),
      install: () => false,
      dispose: () => undefined,
    };
  const server = new URL(decision.url).host;
  const feedFile = feedFileName(options.platform ?? process.platform);
  let configured: Promise<AppUpdater> | null = null;
  let running: Promise<UpdateOutcome> | null = null;
  let readyVersion: string | null = null;
  let installer: AppUpdater | null = null;

  const updater = () =>
    (configured ??= Promise.resolve(options.updater()).then((u) => {
      u.logger = log;
      // Downloaded by this module after the check, so its errors are told apart from the feed's.
      u.autoDownload = false;
      u.autoInstallOnAppQuit = true;
      u.allowDowngrade = false;
      // Only whole installers, each checked against the signed feed's SHA-512: no block-map patching,
      // no web installer (which fetches a package electron-updater does not verify).
      u.disableDifferentialDownload = true;
      u.disableWebInstaller = true;
      u.setFeedURL(signedFeedOptions(decision.url, options.publicKeyPem ?? pinnedFeedPublicKey));
      return u;
    }));

  async function run(): Promise<UpdateOutcome> {
    if (readyVersion) return { state: 'ready', version: readyVersion };
    try {
      const u = await updater();
      const result = await u.checkForUpdates();
      if (!result?.isUpdateAvailable) return { state: 'up-to-date', version: u.currentVersion.version };
      await u.downloadUpdate();
      installer = u;
      readyVersion = result.updateInfo.version;
      options.onReady({ version: readyVersion });
      return { state: 'ready', version: readyVersion };
    } catch (error) {
      const refused = toUpdateError(error, server, feedFile);
      log.warn(`update refused (${refused.code}): ${refused.message}`);
      return { state: 'refused', error: refused };
    }
  }

  const check = () => (running ??= run().finally(() => (running = null)));
  const interval = options.intervalMs ?? 4 * 3_600_000;
  const timer = interval > 0 ? setInterval(() => void check(), interval) : null;
  timer?.unref();
  return {
    check,
    install: () => {
      if (!readyVersion || !installer) return false;
      // Not silent, and the app starts again once installed (as "restart to install" promises).
      installer.quitAndInstall(false, true);
      return true;
    },
    dispose: () => {
      if (timer) clearInterval(timer);
    },
  };
}
