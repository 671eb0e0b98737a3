import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { setLogSinks, type LogSink } from '../log.ts';
import { cachedSystemResolver, createProxyRouter } from './proxy-resolution.ts';

const lines: string[] = [];
const previous = setLogSinks([((line) => void lines.push(line.message)) as LogSink]);
afterEach(() => void (lines.length = 0));
afterAll(() => void setLogSinks(previous));

const sts = 'https://sts.eu-west-1.amazonaws.com/';
const s3 = 'https://bucket.s3.eu-west-1.amazonaws.com/key.json';
const env = { HTTPS_PROXY: 'http://env-proxy:3128', NO_PROXY: 'sts.eu-west-1.amazonaws.com' };

describe('proxy resolution order', () => {
  it("IT's explicit proxy wins over the system settings and the environment; its noProxy goes direct", async () => {
    const route = createProxyRouter({
      explicit: { url: 'http://it-proxy:8080', noProxy: '.amazonaws.com' },
      system: async () => 'PROXY pac-proxy:8080',
      env,
    });
    expect(await route('https://example.org/')).toEqual({
      routes: [{ kind: 'proxy', url: 'http://it-proxy:8080' }],
      source: 'explicit',
    });
    expect(await route(s3)).toEqual({ routes: [{ kind: 'direct' }], source: 'explicit' });
  });

  it('then the system answer (PAC / OS settings), asked with the origin only', async () => {
    const asked: string[] = [];
    const route = createProxyRouter({
      system: async (url) => (asked.push(url), 'PROXY pac-proxy:8080; DIRECT'),
      env,
    });
    expect(await route(s3)).toEqual({
      routes: [{ kind: 'proxy', url: 'http://pac-proxy:8080' }, { kind: 'direct' }],
      source: 'system',
    });
    expect(asked).toEqual(['https://bucket.s3.eu-west-1.amazonaws.com/']);
  });

  it('a system answer of DIRECT (no proxy in the OS) leaves the choice to the environment', async () => {
    const route = createProxyRouter({ system: async () => 'DIRECT', env });
    expect(await route(s3)).toEqual({
      routes: [{ kind: 'proxy', url: 'http://env-proxy:3128' }],
      source: 'environment',
    });
    expect(await route(sts)).toEqual({ routes: [{ kind: 'direct' }], source: 'environment' });
  });

  it('a SOCKS-only answer is logged as not supported and falls back like DIRECT', async () => {
    const route = createProxyRouter({ system: async () => 'SOCKS5 socks.corp:1080', env: {} });
    expect(await route(s3)).toEqual({ routes: [{ kind: 'direct' }], source: 'none' });
    expect(lines.join('\n')).toMatch(/not supported\): SOCKS5 socks\.corp:1080/);
  });

  it('a system resolver that fails is logged and the environment decides', async () => {
    const route = createProxyRouter({
      system: async () => {
        throw new Error('PAC script error');
      },
      env,
    });
    expect((await route(s3)).source).toBe('environment');
    expect(lines.join('\n')).toMatch(/system proxy settings could not be read/);
  });

  it('reads the environment as curl does: lowercase wins, no scheme means http, http URLs use HTTP_PROXY', async () => {
    const route = createProxyRouter({
      env: { https_proxy: 'lower:1', HTTPS_PROXY: 'http://upper:2', HTTP_PROXY: 'http://plain:3' },
    });
    expect((await route(s3)).routes).toEqual([{ kind: 'proxy', url: 'http://lower:1' }]);
    expect((await route('http://127.0.0.1:9000/')).routes).toEqual([
      { kind: 'proxy', url: 'http://plain:3' },
    ]);
    expect(await createProxyRouter({ env: { HTTPS_PROXY: 'ftp://x:21' } })(s3)).toEqual({
      routes: [{ kind: 'direct' }],
      source: 'none',
    });
  });

  it('keeps credentials of an environment proxy for Basic auth but never logs them', async () => {
    const route = createProxyRouter({
      system: async () => 'SOCKS5 s:1',
      env: { HTTPS_PROXY: 'http://bob:s3cret@proxy:8080' },
    });
    expect((await route(s3)).routes).toEqual([{ kind: 'proxy', url: 'http://bob:s3cret@proxy:8080' }]);
    expect(lines.join('\n')).not.toContain('s3cret');
  });
});

describe('cached system answers', () => {
  it('asks once per origin within the time to live, shares a pending answer, and asks again after', async () => {
    let now = 0;
    const asked: string[] = [];
    const resolve = cachedSystemResolver(
      async (url) => {
        asked.push(url);
        return 'DIRECT';
      },
      { ttlMs: 1_000, now: () => now },
    );
    await Promise.all([resolve(s3), resolve(`${s3}?other`), resolve(sts)]);
    expect(asked).toEqual(['https://bucket.s3.eu-west-1.amazonaws.com/', sts]);
    now = 999;
    await resolve(s3);
    expect(asked).toHaveLength(2);
    now = 1_000;
    await resolve(s3);
    expect(asked).toHaveLength(3);
  });

  it('does not keep a failed lookup', async () => {
    let calls = 0;
    const resolve = cachedSystemResolver(async () => {
      calls++;
      if (calls === 1) throw new Error('PAC not loaded yet');
      return 'DIRECT';
    });
    await expect(resolve(s3)).rejects.toThrow('PAC not loaded yet');
    await expect(resolve(s3)).resolves.toBe('DIRECT');
    expect(calls).toBe(2);
  });
});
