/**
 * NO_PROXY as curl, the AWS CLI and most tools read it: a comma (or space) separated list; `*` matches
 * every host; `example.com`, `.example.com` and `*.example.com` all match example.com and its
 * subdomains (the leading dot or star is ignored, as curl does); an entry with `:port` matches only
 * that port; IP addresses match exactly and `10.0.0.0/8` style CIDR blocks (IPv4 and IPv6) by range.
 * Names are compared case-insensitively and without a trailing dot.
 */
import { BlockList, isIP } from 'node:net';

type Entry =
  | { kind: 'any' }
  | { kind: 'name'; name: string; port: number | null }
  | { kind: 'ip'; address: string; port: number | null }
  | { kind: 'cidr'; block: BlockList; family: 'ipv4' | 'ipv6' };

const defaultPorts: Record<string, number> = { 'https:': 443, 'http:': 80 };

function withoutBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** "host", "host:port", "[v6]:port", "v6" (a bare IPv6 address has colons but no port). */
function splitPort(entry: string): { host: string; port: number | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : null };
  if (isIP(entry) === 6) return { host: entry, port: null };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { host: withPort[1]!, port: Number(withPort[2]) } : { host: entry, port: null };
}

function parseEntry(raw: string): Entry | null {
  const entry = raw.trim().toLowerCase();
  if (!entry) return null;
  if (entry === '*') return { kind: 'any' };
  const cidr = /^([0-9a-f:.]+)\/(\d{1,3})$/.exec(entry);
  if (cidr) {
    const family = isIP(cidr[1]!) === 6 ? 'ipv6' : isIP(cidr[1]!) === 4 ? 'ipv4' : null;
    const prefix = Number(cidr[2]);
    if (!family || prefix > (family === 'ipv4' ? 32 : 128)) return null;
    const block = new BlockList();
    block.addSubnet(cidr[1]!, prefix, family);
    return { kind: 'cidr', block, family };
  }
  const { host, port } = splitPort(entry);
  if (isIP(host)) return { kind: 'ip', address: host, port };
  const name = host.replace(/^\*?\.+/, '').replace(/\.$/, '');
  return name ? { kind: 'name', name, port } : null;
}

export interface NoProxyList {
  /** True when a request to this URL must not go through a proxy. */
  matches(url: string | URL): boolean;
}

export function parseNoProxy(list: string | undefined): NoProxyList {
  const entries = (list ?? '')
    .split(/[,\s]+/)
    .map(parseEntry)
    .filter((e): e is Entry => e !== null);
  return {
    matches(url) {
      if (!entries.length) return false;
      const parsed = typeof url === 'string' ? new URL(url) : url;
      const host = withoutBrackets(parsed.hostname.toLowerCase()).replace(/\.$/, '');
      const port = parsed.port ? Number(parsed.port) : (defaultPorts[parsed.protocol] ?? null);
      const family = isIP(host);
      return entries.some((entry) => {
        switch (entry.kind) {
          case 'any':
            return true;
          case 'cidr':
            return family !== 0 && entry.block.check(host, family === 6 ? 'ipv6' : 'ipv4');
          case 'ip':
            return host === entry.address && (entry.port === null || entry.port === port);
          case 'name':
            return (
              (host === entry.name || host.endsWith(`.${entry.name}`)) &&
              (entry.port === null || entry.port === port)
            );
        }
      });
    },
  };
}
