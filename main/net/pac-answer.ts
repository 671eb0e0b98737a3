/**
 * The answer of a PAC file or the OS proxy settings, as Chromium (and so Electron's
 * session.resolveProxy) writes it: entries separated by ";", each "DIRECT" or "<TYPE> host:port" with
 * TYPE one of PROXY (or HTTP), HTTPS, SOCKS, SOCKS4, SOCKS5, QUIC. The app tunnels through HTTP and
 * HTTPS proxies with CONNECT; SOCKS and QUIC proxies it cannot use, so they are skipped (and named,
 * for the log), and the entries after them are tried, as a browser falls back along the list.
 */
export type Route = { kind: 'direct' } | { kind: 'proxy'; url: string };

export interface PacAnswer {
  /** The usable entries, in the order given. */
  routes: Route[];
  /** Entries the app skipped (SOCKS, QUIC, or unreadable), as written. */
  skipped: string[];
}

const schemes: Record<string, { scheme: 'http' | 'https'; port: number }> = {
  PROXY: { scheme: 'http', port: 80 },
  HTTP: { scheme: 'http', port: 80 },
  HTTPS: { scheme: 'https', port: 443 },
};

/** "host:port", "host", "[v6]:port" to a URL origin's host part, or null when unreadable. */
function hostPort(value: string, defaultPort: number): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value);
  if (!match) return null;
  const port = match[2] ? Number(match[2]) : defaultPort;
  return port > 0 && port < 65536 ? `${match[1]!.toLowerCase()}:${port}` : null;
}

export function parsePacAnswer(answer: string): PacAnswer {
  const routes: Route[] = [];
  const skipped: string[] = [];
  for (const raw of answer.split(';')) {
    const entry = raw.trim();
    if (!entry) continue;
    const [type = '', target = '', ...rest] = entry.split(/\s+/);
    const upper = type.toUpperCase();
    if (upper === 'DIRECT' && !target) {
      routes.push({ kind: 'direct' });
      continue;
    }
    const known = schemes[upper];
    const host = known && !rest.length ? hostPort(target, known.port) : null;
    if (known && host) routes.push({ kind: 'proxy', url: `${known.scheme}://${host}` });
    else skipped.push(entry);
  }
  return { routes, skipped };
}

/** A route for the log: never more than scheme, host and port (no credentials, which env URLs may carry). */
export function describeRoute(route: Route): string {
  if (route.kind === 'direct') return 'DIRECT';
  const url = new URL(route.url);
  return `${url.protocol}//${url.host}`;
}
