import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRange } from './byte-range.ts';
import { mediaFetch, serveMedia } from './media-http.ts';
import { MediaIds } from './media-ids.ts';
import { createMediaRoute, RangeNotSatisfiable } from './media-route.ts';

const ROLE = 'org\u0000arn:aws:iam::1:role/a\u0000me';
const BYTES = randomBytes(3 * 65_536 + 11);
const ids = new MediaIds();
const id = ids.mint(ROLE, { projectId: 'p', bucket: 'b', key: 'k.mp4' });
const route = createMediaRoute({
  ids,
  currentRole: () => ROLE,
  source: {
    async open(_t, _r, { range, head }) {
      const span = range ? resolveRange(range, BYTES.length) : { start: 0, end: BYTES.length - 1 };
      if (!span) throw new RangeNotSatisfiable(BYTES.length);
      // In 64 KiB pieces, as S3's body or the cache's chunks arrive.
      const body = (async function* () {
        for (let at = span.start; at <= span.end; at += 65_536)
          yield BYTES.subarray(at, Math.min(at + 65_536, span.end + 1));
      })();
      return {
        size: BYTES.length,
        contentType: 'video/mp4',
        ...span,
        ranged: range !== null,
        body: head ? null : body,
      };
    },
  },
});
const media = { handle: route };
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => void serveMedia(media, req, res, origin));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the media route on an http server (the harness) and as a fetch Response (Electron)', () => {
  it('streams the whole object and one range over HTTP, with the route’s headers', async () => {
    const whole = await fetch(`${origin}/media/${id}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('cache-control')).toBe('no-store');
    expect(whole.headers.get('content-length')).toBe(String(BYTES.length));
    expect(Buffer.from(await whole.arrayBuffer()).equals(BYTES)).toBe(true);
    const part = await fetch(`${origin}/media/${id}`, { headers: { range: 'bytes=65530-131080' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 65530-131080/${BYTES.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(BYTES.subarray(65530, 131081))).toBe(true);
    const head = await fetch(`${origin}/media/${id}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect((await fetch(`${origin}/media/unknown`)).status).toBe(404);
  });

  it('answers a fetch Request with a streamed Response (the app:// protocol handler)', async () => {
    const response = await mediaFetch(
      media,
      new Request(`app://annotator/media/${id}`, { headers: { range: 'bytes=-11' } }),
    );
    expect(response.status).toBe(206);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await response.arrayBuffer()).equals(BYTES.subarray(-11))).toBe(true);
    const missing = await mediaFetch(media, new Request('app://annotator/media/AAAAAAAAAAAAAAAAAAAAAA'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/No such file/);
  });
});
