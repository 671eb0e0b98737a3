import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { closeServer, listenOnLoopback, readBody } from './http-util.ts';

/** A plain upstream that echoes what it received, so forwarding can be checked byte for byte. */
let upstream: Server;
let upstreamUrl: string;
let proxy: FaultProxy;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    void readBody(req).then((body) => {
      const text = JSON.stringify({
        method: req.method,
        url: req.url,
        host: req.headers.host,
        body: String(body),
      });
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      res.end(text);
    });
  });
  upstreamUrl = `http://127.0.0.1:${await listenOnLoopback(upstream)}`;
  proxy = await startFaultProxy(upstreamUrl);
});

afterAll(async () => {
  await proxy?.close();
  await closeServer(upstream);
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** ms from sending to the first body byte and to the end. */
  firstByteMs: number;
  totalMs: number;
}

function call(
  path: string,
  options: { method?: string; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${proxy.endpoint}${path}`,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        let firstByteMs = -1;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (firstByteMs < 0) firstByteMs = performance.now() - started;
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            firstByteMs,
            totalMs: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('fault proxy', () => {
  it('forwards requests unchanged when no fault is queued (method, path, Host header, body)', async () => {
    const answer = await call('/bucket/a%20b.json?x=1', { method: 'PUT', body: 'hello' });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-upstream']).toBe('yes');
    expect(JSON.parse(answer.body)).toEqual({
      method: 'PUT',
      url: '/bucket/a%20b.json?x=1',
      host: new URL(proxy.endpoint).host,
      body: 'hello',
    });
  });

  it('answers S3 error documents for the next n matching requests only', async () => {
    proxy.inject({ fault: FAULTS.slowDown, times: 2, match: (r) => r.method === 'GET' });
    expect((await call('/x', { method: 'PUT' })).status).toBe(200);
    const first = await call('/x');
    expect([first.status, /<Code>SlowDown<\/Code>/.test(first.body)]).toEqual([503, true]);
    expect((await call('/x')).status).toBe(503);
    expect((await call('/x')).status).toBe(200);
    proxy.inject({ fault: FAULTS.conditionalConflict, match: (r) => r.conditional });
    expect((await call('/x', { method: 'PUT' })).status).toBe(200);
    const conflict = await call('/x', { method: 'PUT', headers: { 'if-none-match': '*' } });
    expect([conflict.status, conflict.body.includes('ConditionalRequestConflict')]).toEqual([409, true]);
    expect(proxy.applied.slice(-3)).toEqual([
      'error:SlowDown',
      'error:SlowDown',
      'error:ConditionalRequestConflict',
    ]);
  });

  it('resets the connection', async () => {
    proxy.inject({ fault: { kind: 'reset' } });
    await expect(call('/r')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await call('/r')).status).toBe(200);
  });

  it('never answers: only the client timeout ends the request', async () => {
    proxy.inject({ fault: { kind: 'never-answer' } });
    const started = performance.now();
    await expect(call('/n', { timeoutMs: 300 })).rejects.toThrow('client timeout');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('adds latency: the same answer, no sooner than the round trip it stands for', async () => {
    proxy.inject({ fault: { kind: 'latency', ms: 120 }, times: 1 });
    const slow = await call('/late?y=2', { method: 'PUT', body: 'late' });
    expect(slow.status).toBe(200);
    expect(JSON.parse(slow.body)).toMatchObject({ method: 'PUT', url: '/late?y=2', body: 'late' });
    // A lower bound only: a busy machine may add time, never take it away.
    expect(slow.firstByteMs).toBeGreaterThanOrEqual(115);
    expect(proxy.applied.at(-1)).toBe('latency');
  });

  it('trickles the body: headers at once, the whole body slowly', async () => {
    proxy.inject({ fault: { kind: 'trickle', intervalMs: 20, bytesPerTick: 10 } });
    const answer = await call('/trickled-path');
    const length = Buffer.byteLength(answer.body);
    expect(JSON.parse(answer.body).url).toBe('/trickled-path');
    // ceil(length / 10) ticks of 20 ms between the first and the last byte.
    expect(answer.totalMs - answer.firstByteMs).toBeGreaterThanOrEqual((Math.ceil(length / 10) - 1) * 20 - 5);
  });

  it('stalls mid-body: the first bytes arrive, then nothing', async () => {
    proxy.inject({ fault: { kind: 'stall-body', bytes: 5 } });
    const received: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(`${proxy.endpoint}/s`, { agent: false }, (res) => {
        expect(res.statusCode).toBe(200);
        res.on('data', (chunk: Buffer) => received.push(chunk));
        res.on('end', () => reject(new Error('the body should not end')));
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 300);
      });
      req.on('error', () => undefined);
      req.end();
    });
    expect(Buffer.concat(received).toString()).toBe('{"met');
  });
});
