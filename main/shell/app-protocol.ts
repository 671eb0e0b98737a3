/** The app:// scheme: registered privileged before ready, served from the renderer folder with CSP. */
import { protocol, type Protocol } from 'electron';
import { mediaFetch, type MediaHandler } from '../media/media-http.ts';
import { isMediaPath } from '../media/media-route.ts';
import { APP_SCHEME } from '../security/app-origin.ts';
import { serveAppAsset } from '../security/app-assets.ts';

export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // stream: audio and video read /media/ by byte ranges.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, stream: true },
    },
  ]);
}

/** Serves app:// on one session's protocol (the app window's), not Electron's default session. */
export function serveRenderer(
  sessionProtocol: Protocol,
  rendererDir: string,
  dataOrigins: () => readonly string[],
  media: () => MediaHandler | null = () => null,
): void {
  sessionProtocol.handle(APP_SCHEME, async (request) => {
    // Task media through main (main/media): the same route the browser harness serves.
    const mediaHandler = media();
    if (mediaHandler && isMediaPath(request.url)) return mediaFetch(mediaHandler, request);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405 });
    const asset = await serveAppAsset(rendererDir, request.url, { dataOrigins: dataOrigins() });
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(asset.body), {
      status: asset.status,
      headers: asset.headers,
    });
  });
}
