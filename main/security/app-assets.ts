/**
 * Resolves and reads a renderer asset for the app:// protocol (and for the browser harness, which
 * serves the same files through this same function). The path check is the guard against
 * `app://annotator/../../etc/passwd` and its encoded forms: the decoded, normalized path must stay
 * inside the renderer folder, and no NUL byte, backslash or encoded slash is accepted.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy, withMetaPolicy, type CspOptions } from './csp.ts';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface AssetResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type AssetPath = { ok: true; file: string } | { ok: false; status: 400 | 404; reason: string };

/** Maps a request pathname (still percent-encoded) to a file under root, or says why not. */
export function resolveAssetPath(root: string, pathname: string): AssetPath {
  if (/%2f|%5c|%00/i.test(pathname)) return { ok: false, status: 400, reason: 'encoded separator' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\'))
    return { ok: false, status: 400, reason: 'bad character' };
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  const rootWithSep = path.resolve(root) + path.sep;
  if (!file.startsWith(rootWithSep)) return { ok: false, status: 404, reason: 'outside the renderer folder' };
  return { ok: true, file };
}

/** Headers every answer of the app origin carries (assets here, media in main/media). */
export const securityHeaders = (csp: CspOptions) => ({
  'content-security-policy': contentSecurityPolicy(csp),
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
});

export async function serveAppAsset(root: string, url: string, csp: CspOptions = {}): Promise<AssetResponse> {
  const notFound = (status: number, text: string): AssetResponse => ({
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders(csp) },
    body: Buffer.from(text),
  });
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return notFound(400, 'Bad request');
  }
  const resolved = resolveAssetPath(root, pathname);
  if (!resolved.ok) return notFound(resolved.status, resolved.status === 400 ? 'Bad request' : 'Not found');
  try {
    // A symlink inside the folder must not lead outside it either.
    const real = await realpath(resolved.file);
    const realRoot = await realpath(root);
    if (!real.startsWith(realRoot + path.sep)) return notFound(404, 'Not found');
    const type = mimeTypes[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
    let body = await readFile(real);
    if (type.startsWith('text/html')) body = Buffer.from(withMetaPolicy(body.toString('utf8'), csp));
    return { status: 200, headers: { 'content-type': type, ...securityHeaders(csp) }, body };
  } catch {
    return notFound(404, 'Not found');
  }
}
