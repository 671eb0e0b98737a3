/**
 * Electron grants every permission request by default. The app needs almost none: writing to the
 * clipboard (copy a task id) and fullscreen (review media). Everything else (camera, geolocation,
 * notifications, HID, serial, ...) is denied, and only for the app's own origin.
 */
import { isAppUrl } from './app-origin.ts';

export const allowedPermissions: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'fullscreen']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return allowedPermissions.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl);
}
