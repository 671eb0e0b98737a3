/**
 * One handler per contract channel: plain functions over the services main is built from. The shell
 * and the browser harness both build this table, so the harness exercises the same code as the app.
 */
import { appHealth, appVersion, type RuntimeInfo } from '../app/app-info.ts';
import { AppError } from '../errors.ts';
import { isAllowedExternalUrl } from '../security/external-urls.ts';
import type { Handlers } from './dispatcher.ts';

export interface Services {
  runtime: RuntimeInfo;
  /** Opens an already allow-listed URL in the system browser (Electron: shell.openExternal). */
  openInBrowser(url: string): void;
  /** Hosts the app may send people to (help desk, IdP password reset), from configuration. */
  externalHosts: readonly string[];
}

function hostForMessage(url: string): string {
  try {
    return new URL(url).host || url.slice(0, 80);
  } catch {
    return url.slice(0, 80);
  }
}

export function createHandlers(services: Services): Handlers {
  return {
    'app.version': () => appVersion(services.runtime),
    'app.health': () => appHealth(services.runtime),
    'app.openExternal': ({ url }) => {
      if (!isAllowedExternalUrl(url, services.externalHosts)) {
        throw new AppError(
          'EXTERNAL_URL_REFUSED',
          `The app only opens https links to approved sites; "${hostForMessage(url)}" is not one of them.`,
        );
      }
      services.openInBrowser(url);
      return { opened: true as const };
    },
  };
}
