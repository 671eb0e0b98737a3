/**
 * Session-wide policy: permissions denied except the allow-list, no downloads of unknown origin; and
 * the app window's own session, which keeps nothing on disk.
 */
import { session as electronSession, type Session } from 'electron';
import { isPermissionAllowed } from '../security/permissions.ts';

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl ?? webContents?.getURL()));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

/**
 * The app window loads task media from presigned URLs, which carry the session's key id and token:
 * Chromium's HTTP cache on disk would keep both, and the media, past sign-out. The window's partition
 * has no "persist:" prefix, so Chromium keeps it in memory only, and its HTTP cache is off as well.
 * The renderer stores nothing of its own (no localStorage/IndexedDB), so nothing is lost by it.
 */
export const APP_WINDOW_PARTITION = 'app-window';

export function appWindowSession(): Session {
  const session = electronSession.fromPartition(APP_WINDOW_PARTITION, { cache: false });
  hardenSession(session);
  return session;
}

/** On sign-out: what the window's session held in memory (cache, storage) goes with the credentials. */
export async function clearAppWindowSession(session: Session): Promise<void> {
  await Promise.all([session.clearCache(), session.clearStorageData(), session.clearAuthCache()]);
}
