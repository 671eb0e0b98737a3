import { describe, expect, it } from 'vitest';
import { parseNoProxy } from './no-proxy.ts';

const bypasses = (list: string, url: string) => parseNoProxy(list).matches(url);

describe('NO_PROXY', () => {
  it('matches a name and its subdomains, with or without a leading dot or star', () => {
    for (const list of ['corp.example', '.corp.example', '*.corp.example', 'CORP.example.']) {
      expect(bypasses(list, 'https://corp.example/'), list).toBe(true);
      expect(bypasses(list, 'https://s3.eu.corp.example/'), list).toBe(true);
      expect(bypasses(list, 'https://notcorp.example/'), list).toBe(false);
      expect(bypasses(list, 'https://corp.example.org/'), list).toBe(false);
    }
  });

  it('reads commas and spaces, and * as every host', () => {
    const list = ' a.example , sts.eu-west-1.amazonaws.com  b.example';
    expect(bypasses(list, 'https://sts.eu-west-1.amazonaws.com/')).toBe(true);
    expect(bypasses(list, 'https://b.example/')).toBe(true);
    expect(bypasses(list, 'https://s3.eu-west-1.amazonaws.com/')).toBe(false);
    expect(bypasses('*', 'https://anything.example:8443/')).toBe(true);
    expect(bypasses('', 'https://anything.example/')).toBe(false);
  });

  it('an entry with a port matches that port only (the default port of the scheme counts)', () => {
    expect(bypasses('s3.example:443', 'https://s3.example/')).toBe(true);
    expect(bypasses('s3.example:443', 'https://s3.example:8443/')).toBe(false);
    expect(bypasses('127.0.0.1:9000', 'http://127.0.0.1:9000/')).toBe(true);
    expect(bypasses('127.0.0.1:9000', 'http://127.0.0.1:9001/')).toBe(false);
  });

  it('matches IP addresses exactly and CIDR blocks by range, IPv4 and IPv6', () => {
    expect(bypasses('10.1.2.3', 'https://10.1.2.3/')).toBe(true);
    expect(bypasses('10.1.2.3', 'https://10.1.2.4/')).toBe(false);
    expect(bypasses('10.0.0.0/8', 'https://10.200.3.4/')).toBe(true);
    expect(bypasses('10.0.0.0/8', 'https://11.0.0.1/')).toBe(false);
    // A name is never matched by a CIDR block (no DNS lookup here).
    expect(bypasses('10.0.0.0/8', 'https://ten.example/')).toBe(false);
    expect(bypasses('::1', 'https://[::1]:8443/')).toBe(true);
    expect(bypasses('[::1]:8443', 'https://[::1]:8443/')).toBe(true);
    expect(bypasses('[::1]:8443', 'https://[::1]:9443/')).toBe(false);
    expect(bypasses('fd00::/8', 'https://[fd12:3456::1]/')).toBe(true);
    expect(bypasses('fd00::/8', 'https://[fe80::1]/')).toBe(false);
  });

  it('ignores entries it cannot read instead of matching everything', () => {
    expect(bypasses('10.0.0.0/99, ., *.', 'https://10.0.0.1/')).toBe(false);
  });
});
