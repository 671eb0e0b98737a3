/**
 * The media route's answer written out where it is served: as a fetch Response (Electron's
 * `protocol.handle` for app://) or onto a Node ServerResponse (the browser harness). The body is
 * streamed in both, and stops when the window stops reading (a seek, a closed task).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaRequest, MediaResponse } from './media-route.ts';

export interface MediaHandler {
  handle(request: MediaRequest): Promise<MediaResponse>;
}

/** Electron: `if (isMediaPath(request.url)) return mediaFetch(media, request);` in the app:// handler. */
export async function mediaFetch(media: MediaHandler, request: Request): Promise<Response> {
  const answer = await media.handle({
    method: request.method,
    url: request.url,
    headers: request.headers,
    signal: request.signal,
  });
  const body =
    answer.body === null
      ? null
      : Buffer.isBuffer(answer.body)
        ? new Uint8Array(answer.body)
        : (Readable.toWeb(Readable.from(answer.body)) as ReadableStream<Uint8Array>);
  return new Response(body, { status: answer.status, headers: answer.headers });
}

/** The harness: the same route on its http origin. */
export async function serveMedia(
  media: MediaHandler,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
) {
  const stop = new AbortController();
  res.on('close', () => stop.abort());
  const answer = await media.handle({
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', origin).href,
    headers: req.headers,
    signal: stop.signal,
  });
  res.writeHead(answer.status, answer.headers);
  if (answer.body === null) return void res.end();
  if (Buffer.isBuffer(answer.body)) return void res.end(answer.body);
  await pipeline(Readable.from(answer.body), res).catch(() => undefined);
}
