/**
 * Applied to every webContents the app creates (checklist items 11-15): no webview, no new windows, no navigation or redirect off the allowed origins;
 * window.open of an allow-listed https link goes to the system browser instead.
 */
import { app, shell, type WebContents } from 'electron';
import { isAppUrl } from '../security/app-origin.ts';
import { isAllowedExternalUrl } from '../security/external-urls.ts';
import { createLogger } from '../log.ts';

const log = createLogger('guards');

interface NavigationPolicy {
  allow(url: string): boolean;
  /** Whether window.open of an allow-listed link may go to the system browser (app windows only). */
  external: boolean;
}

/** Per-webContents navigation policy; app windows allow app:// only, the IdP window its own origins. */
const navigationPolicies = new WeakMap<WebContents, NavigationPolicy>();
const appPolicy: NavigationPolicy = { allow: isAppUrl, external: true };

export function setNavigationPolicy(
  contents: WebContents,
  allow: (url: string) => boolean,
  { external }: { external: boolean },
): void {
  navigationPolicies.set(contents, { allow, external });
}

/** The one place the app hands a URL to the OS; anything not allow-listed is refused. */
export function openInBrowser(url: string, allowedHosts: readonly string[]): boolean {
  if (!isAllowedExternalUrl(url, allowedHosts)) return false;
  void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK (checked by isAllowedExternalUrl just above)
  return true;
}

function originForLog(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(unparsable URL)';
  }
}

export function installWebContentsGuards(externalHosts: () => readonly string[]): void {
  app.on('web-contents-created', (_event, contents) => {
    const policy = () => navigationPolicies.get(contents) ?? appPolicy;
    const allowed = (url: string) => policy().allow(url);
    const guard = (kind: string) => (event: { url: string; preventDefault(): void }) => {
      if (allowed(event.url)) return;
      log.warn(`blocked ${kind} to ${originForLog(event.url)}`);
      event.preventDefault();
    };
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', guard('navigation'));
    contents.on('will-frame-navigate', guard('frame navigation'));
    contents.on('will-redirect', guard('redirect'));
    contents.setWindowOpenHandler(({ url }) => {
      if (policy().external) openInBrowser(url, externalHosts());
      return { action: 'deny' };
    });
  });
}
