/** The app:// scheme: registered privileged before ready, served from the renderer folder with CSP. */
import { protocol, type Protocol } from 'electron';
import { APP_SCHEME } from '../security/app-origin.ts';
import { serveAppAsset } from '../security/app-assets.ts';

export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves app:// on one session's protocol (the app window's), not Electron's default session. */
export function serveRenderer(
  sessionProtocol: Protocol,
  rendererDir: string,
  dataOrigins: () => readonly string[],
): void {
  sessionProtocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405 });
    const asset = await serveAppAsset(rendererDir, request.url, { dataOrigins: dataOrigins() });
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(asset.body), {
      status: asset.status,
      headers: asset.headers,
    });
  });
}
