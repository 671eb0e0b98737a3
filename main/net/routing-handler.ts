/**
 * An SDK request handler that picks the way per request: the SDK's NodeHttpHandler takes one agent,
 * but with a PAC file S3 may go through a proxy while STS goes direct, so this keeps one
 * NodeHttpHandler per route (DIRECT, each proxy) and hands each request to the one its origin's
 * route names. A proxy that cannot be connected to (refused, unknown name, unreachable) is skipped for
 * the next entry of the list, as a browser does, and tried last for a minute after. A proxy answering
 * CONNECT with 407 becomes FA_PROXY_AUTH_REQUIRED with a message for people.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { SecureContext } from 'node:tls';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { createLogger } from '../log.ts';
import { describeRoute } from './pac-answer.ts';
import { describeDecision, type ProxyRouter, type Route } from './proxy-resolution.ts';

const log = createLogger('net');

/** The proxy asked for credentials the app does not have. `message` is for people. */
export class ProxyAuthError extends Error {
  readonly code = 'FA_PROXY_AUTH_REQUIRED';
  constructor(proxy: string, target: string) {
    super(
      `The proxy ${proxy} asks the app to sign in to it (HTTP 407) before it lets requests through to ${target}. ` +
        'The app does not hold proxy passwords and cannot sign in to a proxy with Kerberos or NTLM: ask your IT team ' +
        'to let the app reach AWS through this proxy without authentication, or to set network.httpsProxy to a proxy ' +
        'that does.',
    );
    this.name = 'ProxyAuthError';
  }
}

/** Failures to reach the proxy itself (not the service behind it): the next entry may work. */
const proxyDown = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const badForMs = 60_000;

/** Refused, unresolvable or silent before the connection was made (the SDK's connect timeout). */
function connectFailed(e: { code?: string; name?: string; message?: string }): boolean {
  if (proxyDown.has(e.code ?? '')) return true;
  return e.name === 'TimeoutError' && /did not establish a connection/.test(e.message ?? '');
}

export interface RoutingHandlerOptions {
  route: ProxyRouter;
  /** The trusted CAs; null when they cannot be built (`failure` says why). */
  secureContext: SecureContext | null;
  failure?: Error | undefined;
  /** Timeouts and the like, as NodeHttpHandler takes them (no agents: this handler makes those). */
  handler: Omit<NodeHttpHandlerOptions, 'httpAgent' | 'httpsAgent'>;
  now?: () => number;
}

type Config = NodeHttpHandlerOptions;
// The SDK's own types, through the handler this one wraps (no import of its transitive packages).
type Handle = NodeHttpHandler['handle'];

export class RoutingHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly handlers = new Map<string, NodeHttpHandler>();
  private readonly badUntil = new Map<string, number>();
  private readonly described = new Map<string, string>();
  private config: Config;
  private readonly now: () => number;
  /** The handler options, where NodeHttpHandler keeps them (a test reads the timeouts there). */
  readonly configProvider: Promise<Config>;

  private readonly options: RoutingHandlerOptions;

  constructor(options: RoutingHandlerOptions) {
    this.options = options;
    this.config = { ...options.handler };
    this.configProvider = Promise.resolve(this.config);
    this.now = options.now ?? Date.now;
  }

  private handlerFor(route: Route): NodeHttpHandler {
    const key = route.kind === 'direct' ? 'DIRECT' : route.url;
    let handler = this.handlers.get(key);
    if (!handler) {
      // Node 24 tunnels through the proxy itself (CONNECT for https, absolute URLs for http) and sends
      // Basic Proxy-Authorization when the URL carries user:password (only env variables may).
      const proxyEnv =
        route.kind === 'proxy' ? { proxyEnv: { HTTPS_PROXY: route.url, HTTP_PROXY: route.url } } : {};
      const secureContext = this.options.secureContext ?? undefined;
      handler = new NodeHttpHandler({
        ...this.config,
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 32, secureContext, ...proxyEnv }),
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 32, ...proxyEnv }),
      });
      this.handlers.set(key, handler);
    }
    return handler;
  }

  /** Proxies that failed a moment ago go last, so each request does not wait for them again. */
  private ordered(routes: Route[]): Route[] {
    const now = this.now();
    const bad = (route: Route) =>
      route.kind === 'proxy' && (this.badUntil.get(route.url) ?? 0) > now ? 1 : 0;
    return [...routes].sort((a, b) => bad(a) - bad(b));
  }

  async handle(request: Parameters<Handle>[0], options?: Parameters<Handle>[1]): ReturnType<Handle> {
    if (this.options.failure) throw this.options.failure;
    const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}/`;
    const decision = await this.options.route(url);
    const routes = this.ordered(decision.routes);
    // Once per origin and way (not per request: a listing makes hundreds).
    const described = describeDecision(url, { ...decision, routes });
    if (this.described.get(url) !== described) log.info(described);
    this.described.set(url, described);
    for (const [index, route] of routes.entries()) {
      try {
        return await this.handlerFor(route).handle(request, options);
      } catch (error) {
        const e = error as { code?: string; statusCode?: number; name?: string; message?: string };
        if (route.kind === 'proxy' && e.code === 'ERR_PROXY_TUNNEL' && e.statusCode === 407)
          throw new ProxyAuthError(describeRoute(route), new URL(url).host);
        // Only a way that could not even connect is passed over: nothing of the request was sent.
        if (!connectFailed(e) || index === routes.length - 1) throw error;
        const reason = e.code ?? 'connect timeout';
        if (route.kind === 'proxy') {
          this.badUntil.set(route.url, this.now() + badForMs);
          log.warn(
            `the proxy ${describeRoute(route)} cannot be reached (${reason}); trying the next way for ${url}`,
          );
        } else {
          // DIRECT ahead of a proxy that failed a moment ago: that proxy may be back (a VPN reconnect).
          log.warn(`${url} cannot be reached directly (${reason}); trying the next way`);
        }
      }
    }
    throw new Error('no route'); // Unreachable: a decision always has at least one route.
  }

  updateHttpClientConfig(key: keyof Config, value: Config[typeof key]): void {
    this.config = { ...this.config, [key]: value };
    for (const handler of this.handlers.values()) handler.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): Config {
    return this.config;
  }

  destroy(): void {
    for (const handler of this.handlers.values()) handler.destroy();
    this.handlers.clear();
  }
}
