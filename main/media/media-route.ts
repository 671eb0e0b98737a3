/**
 * `/media/<id>` on the app's own origin (app://annotator in Electron, the harness's http origin in
 * the browser), so a relative URL works in both and no bucket needs a CORS rule: GET and HEAD, one
 * byte range (audio and video seek), `cache-control: no-store` (Chromium keeps nothing on disk), the
 * app's security headers with a stricter policy (a served file can never run as a page or a script),
 * and a status that says why when the object cannot be had. Electron-free: the shell's protocol
 * handler and the harness server both call `handle`.
 */
import { securityHeaders } from '../security/app-assets.ts';
import { StorageError } from '../storage/storage-errors.ts';
import { parseRange, type RangeSpec } from './byte-range.ts';
import { MEDIA_ID, type MediaIds, type MediaTarget } from './media-ids.ts';

export interface MediaRequest {
  method: string;
  /** The full URL (app://annotator/media/…, http://127.0.0.1:…/media/…). */
  url: string;
  headers: Record<string, string | string[] | undefined> | Headers;
  signal?: AbortSignal;
}

export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  /** Null for HEAD and errors without a text; chunks as they are read otherwise. */
  body: AsyncIterable<Uint8Array> | Buffer | null;
}

/** What a source read: the object's size and type, and the span of it the body carries. */
export interface MediaBytes {
  size: number;
  contentType: string | undefined;
  /** Inclusive span; `ranged` when it answers a Range (206). */
  start: number;
  end: number;
  ranged: boolean;
  body: AsyncIterable<Uint8Array> | null;
}

export interface MediaSource {
  /** Throws RangeNotSatisfiable for a range past the end, StorageError when S3 could not answer. */
  open(
    target: MediaTarget,
    roleKey: string,
    options: { range: RangeSpec | null; head: boolean; signal?: AbortSignal },
  ): Promise<MediaBytes>;
}

export class RangeNotSatisfiable extends Error {
  readonly size: number;
  constructor(size: number) {
    super(`range not satisfiable (object of ${size} bytes)`);
    this.size = size;
  }
}

export const MEDIA_PREFIX = '/media/';

/** Types a served file may carry; anything else is plain bytes (never a page, a script or a style). */
const SAFE_TYPES =
  /^(image\/(?!svg)[\w.+-]+|audio\/[\w.+-]+|video\/[\w.+-]+|application\/pdf|text\/plain|application\/json)$/i;

/** A served file is a resource, never a document: sandboxed, no script, no style of its own. */
const MEDIA_CSP =
  "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

export function isMediaPath(url: string): boolean {
  try {
    return new URL(url).pathname.startsWith(MEDIA_PREFIX);
  } catch {
    return false;
  }
}

export function createMediaRoute(deps: {
  ids: MediaIds;
  /** The signed-in role's key, or null: no id answers then. */
  currentRole(): string | null;
  source: MediaSource;
}) {
  return async function handle(request: MediaRequest): Promise<MediaResponse> {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD')
      return text(405, 'Only GET and HEAD are answered here.', { allow: 'GET, HEAD' });
    let id: string;
    try {
      id = new URL(request.url).pathname.slice(MEDIA_PREFIX.length);
    } catch {
      return text(400, 'Bad request.');
    }
    if (!MEDIA_ID.test(id)) return text(404, 'No such file.');
    const roleKey = deps.currentRole();
    const target = deps.ids.resolve(id, roleKey);
    if (!target) return text(404, 'No such file (it may belong to a role that is no longer signed in).');
    const range = parseRange(header(request.headers, 'range'));
    try {
      const bytes = await deps.source.open(target, roleKey!, {
        range,
        head: method === 'HEAD',
        ...(request.signal ? { signal: request.signal } : {}),
      });
      const length = bytes.end - bytes.start + 1;
      return {
        status: bytes.ranged ? 206 : 200,
        headers: {
          ...mediaHeaders(),
          'content-type': safeType(bytes.contentType),
          'content-length': String(Math.max(0, length)),
          'accept-ranges': 'bytes',
          ...(bytes.ranged ? { 'content-range': `bytes ${bytes.start}-${bytes.end}/${bytes.size}` } : {}),
        },
        body: method === 'HEAD' ? null : bytes.body,
      };
    } catch (error) {
      if (error instanceof RangeNotSatisfiable)
        return text(416, 'That part of the file does not exist.', {
          'content-range': `bytes */${error.size}`,
        });
      return failure(error);
    }
  };
}

export type MediaRoute = ReturnType<typeof createMediaRoute>;

function failure(error: unknown): MediaResponse {
  if (!(error instanceof StorageError)) return text(500, 'The app could not read this file.');
  switch (error.code) {
    case 'STORAGE_NO_SUCH_KEY':
    case 'STORAGE_NO_SUCH_BUCKET':
      return text(404, 'This file is not in the project’s bucket.');
    case 'STORAGE_ACCESS_DENIED':
    case 'STORAGE_SESSION_EXPIRED':
    case 'STORAGE_BAD_CREDENTIALS':
      return text(403, 'Your role may not read this file, or your session ended.');
    case 'STORAGE_OFFLINE':
    case 'STORAGE_TIMEOUT':
      return text(504, 'S3 cannot be reached and this file is not kept on this computer.');
    default:
      return text(502, 'S3 could not send this file.');
  }
}

function mediaHeaders(): Record<string, string> {
  return { ...securityHeaders({}), 'content-security-policy': MEDIA_CSP, 'cache-control': 'no-store' };
}

function text(status: number, message: string, extra: Record<string, string> = {}): MediaResponse {
  return {
    status,
    headers: { ...mediaHeaders(), 'content-type': 'text/plain; charset=utf-8', ...extra },
    body: Buffer.from(message),
  };
}

function safeType(type: string | undefined): string {
  const bare = type?.split(';')[0]?.trim() ?? '';
  return SAFE_TYPES.test(bare) ? bare : 'application/octet-stream';
}

function header(headers: MediaRequest['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
