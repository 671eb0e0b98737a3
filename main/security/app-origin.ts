/**
 * The app's own origin. The renderer is served from a privileged custom scheme, never file://, so
 * that the origin is fixed, CSP applies, and a local HTML file cannot pose as the app.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'annotator';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
