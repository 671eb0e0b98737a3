import { describe, expect, it } from 'vitest';
import { describeRoute, parsePacAnswer } from './pac-answer.ts';

describe('PAC answers (as session.resolveProxy writes them)', () => {
  it('reads PROXY, HTTP and HTTPS entries as CONNECT proxies and DIRECT, in order', () => {
    expect(parsePacAnswer('PROXY proxy.corp:8080; HTTPS secure.corp:8443;DIRECT')).toEqual({
      routes: [
        { kind: 'proxy', url: 'http://proxy.corp:8080' },
        { kind: 'proxy', url: 'https://secure.corp:8443' },
        { kind: 'direct' },
      ],
      skipped: [],
    });
    expect(parsePacAnswer('direct').routes).toEqual([{ kind: 'direct' }]);
    expect(parsePacAnswer('HTTP Proxy.Corp:3128').routes).toEqual([
      { kind: 'proxy', url: 'http://proxy.corp:3128' },
    ]);
  });

  it('gives a proxy without a port its scheme default, and reads IPv6 hosts', () => {
    expect(parsePacAnswer('PROXY p.corp; HTTPS s.corp; PROXY [fd00::1]:3128').routes).toEqual([
      { kind: 'proxy', url: 'http://p.corp:80' },
      { kind: 'proxy', url: 'https://s.corp:443' },
      { kind: 'proxy', url: 'http://[fd00::1]:3128' },
    ]);
  });

  it('skips SOCKS and QUIC proxies and unreadable entries, keeping the rest of the list', () => {
    expect(parsePacAnswer('SOCKS5 socks.corp:1080; SOCKS s4:1080; QUIC q:443; PROXY p:8080; DIRECT')).toEqual(
      {
        routes: [{ kind: 'proxy', url: 'http://p:8080' }, { kind: 'direct' }],
        skipped: ['SOCKS5 socks.corp:1080', 'SOCKS s4:1080', 'QUIC q:443'],
      },
    );
    expect(parsePacAnswer('PROXY a b; PROXY bad:99999; DIRECT now').skipped).toHaveLength(3);
    expect(parsePacAnswer('').routes).toEqual([]);
  });

  it('describes a route for the log without credentials', () => {
    expect(describeRoute({ kind: 'proxy', url: 'http://bob:secret@proxy.corp:8080' })).toBe(
      'http://proxy.corp:8080',
    );
    expect(describeRoute({ kind: 'direct' })).toBe('DIRECT');
  });
});
