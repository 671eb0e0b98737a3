/**
 * Applied to every webContents the app creates (checklist items 11-15): no webview, no new windows,
 * no navigation or redirect off the allowed origins; window.open of an allow-listed https link goes to
 * the system browser instead.
 */
import { app, shell, type WebContents } from 'electron';
import { isAppUrl } from '../security/app-origin.ts';
import { isAllowedExternalUrl } from '../security/external-urls.ts';
import { createLogger } from '../log.ts';

const log = createLogger('guards');

/** Per-webContents navigation policy; app windows allow app:// only, the IdP window its own origins. */
const navigationPolicies = new WeakMap<WebContents, (url: string) => boolean>();

export function setNavigationPolicy(contents: WebContents, allow: (url: string) => boolean): void {
  navigationPolicies.set(contents, allow);
}

export function installWebContentsGuards(externalHosts: () => readonly string[]): void {
  app.on('web-contents-created', (_event, contents) => {
    const allowed = (url: string) => (navigationPolicies.get(contents) ?? isAppUrl)(url);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event) => {
      if (!allowed(event.url)) {
        log.warn(`blocked navigation to ${new URL(event.url).origin}`);
        event.preventDefault();
      }
    });
    contents.on('will-redirect', (event) => {
      if (!allowed(event.url)) {
        log.warn(`blocked redirect to ${new URL(event.url).origin}`);
        event.preventDefault();
      }
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url, externalHosts())) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
