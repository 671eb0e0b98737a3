/**
 * A fault-injecting HTTP proxy in front of one upstream (the lab's S3 or STS): clients use its
 * address as their endpoint, and it forwards every request unchanged (the Host header too, so SigV4
 * signatures still verify) unless a fault is queued. Faults are the network's and S3's bad days:
 * 500, 503 and SlowDown, 409 on conditional writes, a reset connection, a server that never answers,
 * a reply that trickles or stops mid-body. Each fault applies to the next n matching requests.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { closeServer, listenOnLoopback, readBody } from './http-util.ts';

export type Fault =
  /** An S3 error document with this status and Code (InternalError 500, ServiceUnavailable/SlowDown 503, …). */
  | { kind: 'error'; status: number; code: string }
  /** The TCP connection is destroyed as soon as the request is in (ECONNRESET for the client). */
  | { kind: 'reset' }
  /** The request is read and never answered (a hung VPN, a proxy that swallows requests). */
  | { kind: 'never-answer' }
  /** The upstream's answer, headers at once, then the body `bytesPerTick` bytes every `intervalMs`. */
  | { kind: 'trickle'; intervalMs: number; bytesPerTick?: number }
  /** The upstream's headers and the first `bytes` of the body, then silence. */
  | { kind: 'stall-body'; bytes: number }
  /** Forwarded as is, `ms` later: the round trip of S3 across a VPC link or a VPN, not of loopback. */
  | { kind: 'latency'; ms: number };

export const FAULTS = {
  internalError: { kind: 'error', status: 500, code: 'InternalError' },
  serviceUnavailable: { kind: 'error', status: 503, code: 'ServiceUnavailable' },
  slowDown: { kind: 'error', status: 503, code: 'SlowDown' },
  conditionalConflict: { kind: 'error', status: 409, code: 'ConditionalRequestConflict' },
} as const satisfies Record<string, Fault>;

export interface RequestSummary {
  method: string;
  /** Without the query string. */
  path: string;
  query: string;
  conditional: boolean;
}

export interface FaultRule {
  fault: Fault;
  /** How many matching requests get it (default 1; Infinity: until cleared). */
  times?: number;
  /** Which requests (default all). */
  match?: (request: RequestSummary) => boolean;
}

export interface FaultProxy {
  endpoint: string;
  /** Queues a rule; rules are tried in the order added. */
  inject(rule: FaultRule): void;
  clear(): void;
  /** Requests seen, and faults applied, by kind ('error:SlowDown', 'reset', …). */
  readonly requests: RequestSummary[];
  readonly applied: string[];
  close(): Promise<void>;
}

const errorBody = (code: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>Injected by the lab's fault proxy</Message><RequestId>FAULT</RequestId></Error>`;

export async function startFaultProxy(upstreamEndpoint: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamEndpoint);
  const rules: { rule: FaultRule; left: number }[] = [];
  const requests: RequestSummary[] = [];
  const applied: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setInterval> | ReturnType<typeof setTimeout>>();

  function take(summary: RequestSummary): Fault | undefined {
    const found = rules.find((r) => r.left > 0 && (r.rule.match?.(summary) ?? true));
    if (!found) return undefined;
    found.left--;
    return found.rule.fault;
  }

  function forward(req: IncomingMessage, body: Buffer, onAnswer: (answer: IncomingMessage) => void): void {
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      onAnswer,
    );
    outgoing.on('error', () => req.socket.destroy());
    outgoing.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const summary: RequestSummary = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      query: (req.url ?? '').split('?')[1] ?? '',
      conditional: req.headers['if-match'] !== undefined || req.headers['if-none-match'] !== undefined,
    };
    requests.push(summary);
    const fault = take(summary);
    if (fault) applied.push(fault.kind === 'error' ? `error:${fault.code}` : fault.kind);

    if (!fault) {
      forward(req, body, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      return;
    }
    switch (fault.kind) {
      case 'error': {
        const text = errorBody(fault.code);
        res.writeHead(fault.status, {
          'content-type': 'application/xml',
          ...(summary.method === 'HEAD' ? {} : { 'content-length': Buffer.byteLength(text) }),
        });
        res.end(summary.method === 'HEAD' ? undefined : text);
        return;
      }
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'never-answer':
        return; // the socket stays open until the client gives up or the proxy closes
      case 'latency': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          forward(req, body, (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          });
        }, fault.ms);
        timers.add(timer);
        return;
      }
      case 'trickle':
      case 'stall-body':
        forward(req, body, async (answer) => {
          const whole = await readBody(answer);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          if (fault.kind === 'stall-body') {
            res.write(whole.subarray(0, fault.bytes));
            return;
          }
          const step = fault.bytesPerTick ?? 1;
          let sent = 0;
          const timer = setInterval(() => {
            if (res.destroyed) {
              clearInterval(timer);
              timers.delete(timer);
              return;
            }
            res.write(whole.subarray(sent, sent + step));
            sent += step;
            if (sent >= whole.length) {
              clearInterval(timer);
              timers.delete(timer);
              res.end();
            }
          }, fault.intervalMs);
          timers.add(timer);
        });
        return;
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    inject: (rule) => rules.push({ rule, left: rule.times ?? 1 }),
    clear: () => {
      rules.length = 0;
    },
    requests,
    applied,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}
