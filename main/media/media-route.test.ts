import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLogSinks } from '../log.ts';
import { StorageError } from '../storage/storage-errors.ts';
import { resolveRange } from './byte-range.ts';
import { MediaIds } from './media-ids.ts';
import {
  createMediaRoute,
  RangeNotSatisfiable,
  type MediaResponse,
  type MediaSource,
} from './media-route.ts';

const ROLE = 'org\u0000arn:aws:iam::1:role/a\u0000me';
const OTHER = 'org\u0000arn:aws:iam::1:role/b\u0000me';
const BYTES = randomBytes(10_000);
const target = { projectId: 'p1', bucket: 'bucket', key: 'media/clip.wav' };

let failWith: unknown = null;
let contentType = 'audio/wav';
const opened: unknown[] = [];

/** A source over BYTES that honours ranges as S3 does. */
const source: MediaSource = {
  async open(t, roleKey, { range, head }) {
    opened.push({ t, roleKey, range, head });
    if (failWith) throw failWith;
    const span = range ? resolveRange(range, BYTES.length) : { start: 0, end: BYTES.length - 1 };
    if (!span) throw new RangeNotSatisfiable(BYTES.length);
    const body = (async function* () {
      yield BYTES.subarray(span.start, span.end + 1);
    })();
    return { size: BYTES.length, contentType, ...span, ranged: range !== null, body: head ? null : body };
  },
};

let role: string | null = ROLE;
const ids = new MediaIds();
const route = createMediaRoute({ ids, currentRole: () => role, source });
const ask = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  route({ method: init.method ?? 'GET', url: `app://annotator${path}`, headers: init.headers ?? {} });

async function bodyOf(response: MediaResponse): Promise<Buffer> {
  if (response.body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(response.body)) return response.body;
  const parts: Uint8Array[] = [];
  for await (const part of response.body) parts.push(part);
  return Buffer.concat(parts);
}

beforeEach(() => {
  setLogSinks([]);
  role = ROLE;
  failWith = null;
  contentType = 'audio/wav';
  opened.length = 0;
});

describe('/media/<id>', () => {
  it('answers a GET with the bytes, their type and length, no-store and the app’s security headers', async () => {
    const id = ids.mint(ROLE, target);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ids.mint(ROLE, target)).toBe(id); // the same object keeps its URL
    const response = await ask(`/media/${id}`);
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'audio/wav',
      'content-length': '10000',
      'accept-ranges': 'bytes',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers['content-security-policy']).toContain('sandbox');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await bodyOf(response)).equals(BYTES)).toBe(true);
    expect(opened).toEqual([{ t: target, roleKey: ROLE, range: null, head: false }]);
  });

  it('answers one byte range with 206 and Content-Range (audio and video seek), suffix and open ranges too', async () => {
    const id = ids.mint(ROLE, target);
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=9990-', 9990, 9999],
      ['bytes=-10', 9990, 9999],
      ['bytes=5000-20000', 5000, 9999],
    ];
    for (const [range, start, end] of cases) {
      const response = await ask(`/media/${id}`, { headers: { range } });
      expect(response.status, range).toBe(206);
      expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/10000`);
      expect(response.headers['content-length']).toBe(String(end - start + 1));
      expect((await bodyOf(response)).equals(BYTES.subarray(start, end + 1))).toBe(true);
    }
  });

  it('answers a range past the end with 416 and the size; a malformed or multi-range header gets it all', async () => {
    const id = ids.mint(ROLE, target);
    const past = await ask(`/media/${id}`, { headers: { range: 'bytes=20000-' } });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe('bytes */10000');
    for (const range of ['bytes=0-1,5-6', 'items=0-5', 'bytes=9-2', 'bytes=-'])
      expect((await ask(`/media/${id}`, { headers: { range } })).status, range).toBe(200);
  });

  it('answers HEAD with the headers and no body', async () => {
    const id = ids.mint(ROLE, target);
    const response = await ask(`/media/${id}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe('10000');
    expect(response.body).toBeNull();
    expect(opened).toEqual([expect.objectContaining({ head: true })]);
    expect((await ask(`/media/${id}`, { method: 'POST' })).status).toBe(405);
  });

  it('404s unknown, malformed and traversal-looking ids without reading anything', async () => {
    ids.mint(ROLE, target);
    for (const path of [
      '/media/AAAAAAAAAAAAAAAAAAAAAA',
      '/media/../index.html',
      '/media/%2e%2e%2fetc%2fpasswd',
      '/media/..%2F..%2Fsecret',
      '/media/',
      `/media/${'a'.repeat(23)}`,
      '/media/abc/def',
    ])
      expect((await ask(path)).status, path).toBe(404);
    expect(opened).toEqual([]);
  });

  it('an id answers only its own role: another role or nobody signed in gets 404, and forgotten ids die', async () => {
    const id = ids.mint(ROLE, target);
    role = OTHER;
    expect((await ask(`/media/${id}`)).status).toBe(404);
    role = null;
    expect((await ask(`/media/${id}`)).status).toBe(404);
    role = ROLE;
    expect((await ask(`/media/${id}`)).status).toBe(200);
    ids.forget({ roleKey: ROLE });
    expect((await ask(`/media/${id}`)).status).toBe(404);
    expect(ids.size).toBe(0);
  });

  it('says why an object cannot be had: 404 missing, 403 refused, 504 offline, 502 otherwise', async () => {
    const id = ids.mint(ROLE, target);
    const cases: [StorageError['code'], number][] = [
      ['STORAGE_NO_SUCH_KEY', 404],
      ['STORAGE_ACCESS_DENIED', 403],
      ['STORAGE_OFFLINE', 504],
      ['STORAGE_TIMEOUT', 504],
      ['STORAGE_THROTTLED', 502],
    ];
    for (const [code, status] of cases) {
      failWith = new StorageError(code, 'x');
      const response = await ask(`/media/${id}`);
      expect(response.status, code).toBe(status);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      expect((await bodyOf(response)).toString()).not.toMatch(/STORAGE_|Error/);
    }
  });

  it('never serves a page, a script or a style from the app origin: such types become plain bytes', async () => {
    const id = ids.mint(ROLE, target);
    for (const [given, served] of [
      ['text/html', 'application/octet-stream'],
      ['image/svg+xml', 'application/octet-stream'],
      ['text/javascript', 'application/octet-stream'],
      ['text/css', 'application/octet-stream'],
      ['image/png', 'image/png'],
      ['video/mp4', 'video/mp4'],
      ['application/pdf', 'application/pdf'],
      ['audio/mpeg; charset=x', 'audio/mpeg'],
    ]) {
      contentType = given!;
      expect((await ask(`/media/${id}`)).headers['content-type'], given).toBe(served);
    }
  });
});
