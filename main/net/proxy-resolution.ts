/**
 * Which way a request to AWS goes: DIRECT or through which proxy, decided per origin in this order:
 * 1. IT's explicit setting (network.httpsProxy + noProxy, or the HttpsProxy/NoProxy policy keys);
 * 2. the OS proxy settings or PAC file, as Electron's session resolves them for the sign-in window
 *    (the shell hands `session.resolveProxy` in; the browser harness has none); an answer of plain
 *    DIRECT means "no proxy configured here" and falls through to
 * 3. HTTPS_PROXY / HTTP_PROXY and NO_PROXY from the environment (lowercase wins, as in curl and the
 *    AWS CLI);
 * 4. DIRECT.
 * The answer is a list: the handler tries the next entry when a proxy refuses the connection.
 */
import { createLogger } from '../log.ts';
import { parseNoProxy } from './no-proxy.ts';
import { describeRoute, parsePacAnswer, type Route } from './pac-answer.ts';

export type { Route } from './pac-answer.ts';

const log = createLogger('net');

/** Electron's `session.resolveProxy(url)`: "PROXY host:port; DIRECT", "HTTPS h:p", "SOCKS5 h:p", "DIRECT". */
export type SystemProxyResolver = (url: string) => Promise<string>;

export interface ProxySources {
  explicit?: { url: string; noProxy?: string | undefined } | undefined;
  system?: SystemProxyResolver | null | undefined;
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface RouteDecision {
  routes: Route[];
  source: 'explicit' | 'system' | 'environment' | 'none';
}

export type ProxyRouter = (url: string) => Promise<RouteDecision>;

const direct: Route = { kind: 'direct' };

/** The origin a request goes to, as the PAC file and the cache see it ("https://host:port/"). */
export function originOf(url: string | URL): string {
  return `${new URL(url).origin}/`;
}

/** An env proxy value as a URL: "proxy:3128" means http://proxy:3128, as curl reads it. */
function envProxyUrl(value: string): string | null {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    return /^https?:$/.test(url.protocol) && url.hostname ? url.href.replace(/\/$/, '') : null;
  } catch {
    return null;
  }
}

function fromEnvironment(url: URL, env: Readonly<Record<string, string | undefined>>): Route[] | null {
  const names = url.protocol === 'http:' ? ['http_proxy', 'HTTP_PROXY'] : ['https_proxy', 'HTTPS_PROXY'];
  const value = names.map((name) => env[name]?.trim()).find(Boolean);
  if (!value) return null;
  if (parseNoProxy(env.no_proxy ?? env.NO_PROXY).matches(url)) return [direct];
  const proxy = envProxyUrl(value);
  if (!proxy) {
    log.warn(`${names[1]} is not a proxy URL like http://proxy.corp.example:8080; ignored`);
    return null;
  }
  return [{ kind: 'proxy', url: proxy }];
}

async function fromSystem(url: string, system: SystemProxyResolver): Promise<Route[] | null> {
  let answer: string;
  try {
    answer = await system(url);
  } catch (error) {
    log.warn(`the system proxy settings could not be read for ${url}:`, error);
    return null;
  }
  const { routes, skipped } = parsePacAnswer(answer);
  if (skipped.length)
    log.warn(
      `proxy entries the app cannot use for ${url} (SOCKS and QUIC proxies are not supported): ${skipped.join('; ')}`,
    );
  // Plain DIRECT (or nothing usable): no proxy is set up in the OS; the environment may still name one.
  if (!routes.some((route) => route.kind === 'proxy')) return null;
  return routes;
}

export function createProxyRouter(sources: ProxySources): ProxyRouter {
  const explicitNoProxy = parseNoProxy(sources.explicit?.noProxy);
  const env = sources.env ?? {};
  return async (raw) => {
    const url = new URL(raw);
    if (sources.explicit)
      return explicitNoProxy.matches(url)
        ? { routes: [direct], source: 'explicit' }
        : { routes: [{ kind: 'proxy', url: sources.explicit.url }], source: 'explicit' };
    if (sources.system) {
      const routes = await fromSystem(originOf(url), sources.system);
      if (routes) return { routes, source: 'system' };
    }
    const routes = fromEnvironment(url, env);
    return routes ? { routes, source: 'environment' } : { routes: [direct], source: 'none' };
  };
}

/**
 * The system resolver with its answers kept per origin for a while: a PAC file is a script the OS
 * or Chromium runs, and an S3 listing makes many requests to one origin. Requests that arrive while
 * an answer is on the way share it.
 */
export function cachedSystemResolver(
  resolve: SystemProxyResolver,
  { ttlMs = 30_000, now = Date.now }: { ttlMs?: number; now?: () => number } = {},
): SystemProxyResolver {
  const answers = new Map<string, { at: number; answer: Promise<string> }>();
  return (url) => {
    const origin = originOf(url);
    const known = answers.get(origin);
    if (known && now() - known.at < ttlMs) return known.answer;
    const answer = resolve(origin);
    answers.set(origin, { at: now(), answer });
    // A failed lookup is not kept: the next request asks again.
    answer.catch(() => answers.get(origin)?.answer === answer && answers.delete(origin));
    return answer;
  };
}

/** One line for the log: where a request went and why (never a proxy's credentials). */
export function describeDecision(url: string, decision: RouteDecision): string {
  return `${originOf(url)} via ${decision.routes.map(describeRoute).join(', ')} (${decision.source})`;
}
