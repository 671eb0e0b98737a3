/**
 * The browser harness: serves the built renderer to real Chromium and bridges `window.annotator` to
 * main's real handlers running in this Node process, composed by the app's own composition root
 * (main/app/compose.ts) with test ports, through the same dispatcher (sender check,
 * request and response validation, error values) as the Electron shell. Loopback only; every IPC
 * request must carry the per-run token and come from the harness's own origin.
 */
import { timingSafeEqual, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { composeApp } from '../../main/app/compose.ts';
import type { AuthController, AuthControllerOptions } from '../../main/auth/auth-controller.ts';
import type { LoginWindowPort } from '../../main/auth/session-service.ts';
import type { ParsedPolicy } from '../../main/config/policy/policy-schema.ts';
import { createDispatcher, type Handlers } from '../../main/ipc/dispatcher.ts';
import { serveMedia } from '../../main/media/media-http.ts';
import { isMediaPath } from '../../main/media/media-route.ts';
import type { MediaService } from '../../main/media/media-service.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { dataOriginsFor } from '../../main/security/data-origins.ts';
import { openSecretStore } from '../../main/secrets/open-secret-store.ts';
import type { EventBus } from '../../main/ipc/event-bus.ts';
import type { Services } from '../../main/ipc/handlers.ts';
import { serveAppAsset } from '../../main/security/app-assets.ts';
import { contractNamesOnly } from '../../scripts/contract-names-plugin.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface HarnessOptions {
  /** Built renderer to serve (default dist/renderer; `npm run build` makes it). */
  rendererDir?: string;
  /** Replace some of the services main is built from (the rest are the harness defaults). */
  services?: Partial<Services>;
  /** Replace handlers outright, e.g. one that throws, to test error paths end to end. */
  handlers?: Partial<Handlers>;
  port?: number;
  /** The app's data folder; pass the same one to a second harness to "restart the app". */
  userDataDir?: string;
  /** Sign-in: the IdP window (a Playwright page in tests), the keychain, the organization sources. */
  auth?: {
    loginWindow?: LoginWindowPort;
    /** Keychain service name; 'memory' keeps the session in memory only. Default: a unique name. */
    keychainService?: string | 'memory';
    managedFile?: string | null;
    sandboxFile?: string;
    /** Default: the file the page chose through the harness's file input (browser-bridge.ts). */
    pickOrganizationFile?: () => Promise<string | null>;
    /** IT's policy (default: none, whatever this machine has). */
    readPolicy?: () => Promise<ParsedPolicy | null>;
    session?: AuthControllerOptions['session'];
  };
}

const noLoginWindow: LoginWindowPort = {
  capture: () => Promise.reject(new Error('this harness has no sign-in window; pass auth.loginWindow')),
  cancel: () => undefined,
  clear: async () => undefined,
};

export interface Harness {
  origin: string;
  /** Open this in the browser: it carries the token in its fragment. */
  url: string;
  token: string;
  bus: EventBus;
  auth: AuthController;
  /** Media through main (`/media/<id>` on this origin) and its offline cache. */
  media: MediaService;
  userDataDir: string;
  /** URLs the app asked to open in the system browser (recorded, not opened). */
  openedExternally: string[];
  /** How many times each channel was invoked (after the token check). */
  calls: Map<string, number>;
  close(): Promise<void>;
}

let bridgeScript: Promise<string> | null = null;

/** The bridge, bundled once per process (esbuild, ~20 ms). */
function bundleBridge(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [path.join(repoRoot, 'test/harness/browser-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome140',
    plugins: [contractNamesOnly],
    logLevel: 'warning',
  }).then((result) => result.outputFiles[0]!.text);
  return bridgeScript;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) {
  res.writeHead(status, headers);
  res.end(body);
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = options.rendererDir ?? path.join(repoRoot, 'dist/renderer');
  const token = randomBytes(24).toString('base64url');
  const ownsUserData = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'fa-harness-'));
  const openedExternally: string[] = [];
  const calls = new Map<string, number>();
  const bridge = await bundleBridge();
  // The organization file the page chose last (harness picker); taken once by main's pickFile.
  let pickedFile: string | null = null;
  const pickedPath = path.join(userDataDir, 'picked-organization.json');

  const a = options.auth ?? {};
  const keychain =
    a.keychainService === 'memory'
      ? { store: new MemorySecretStore(), status: await new MemorySecretStore().probe() }
      : await openSecretStore({
          service: a.keychainService ?? `Federated Annotator harness ${token.slice(0, 8)}`,
        });
  const { bus, auth, handlers, dispose, media } = await composeApp({
    dataDir: userDataDir,
    keychain,
    loginWindow: a.loginWindow ?? noLoginWindow,
    organization: {
      managedFile: a.managedFile ?? null,
      sandboxFile: a.sandboxFile ?? path.join(userDataDir, 'no-sandbox.json'),
      readPolicy: a.readPolicy ?? (async () => null),
      pickFile:
        a.pickOrganizationFile ??
        (async () => {
          const file = pickedFile;
          pickedFile = null;
          return file;
        }),
    },
    runtime: {
      name: 'Federated Annotator',
      version: (await import('../../package.json', { with: { type: 'json' } })).default.version,
      versions: { node: process.versions.node },
      platform: process.platform,
    },
    externalHosts: ['docs.federated-annotator.example'],
    openInBrowser: (url) => void openedExternally.push(url),
    ...(a.session ? { session: a.session } : {}),
    overrides: { services: options.services ?? {}, handlers: options.handlers ?? {} },
  });

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dispatch = createDispatcher({ handlers, appOrigin: origin });
  const streams = new Set<ServerResponse>();

  server.on('request', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname.startsWith('/__ipc/')) {
        const presented = req.headers['x-harness-token'];
        if (typeof presented !== 'string' || !sameToken(presented, token)) {
          return send(res, 401, { 'content-type': 'text/plain' }, 'missing or wrong harness token');
        }
        // Like Electron's senderFrame: where the request came from, and whether from the main frame.
        const sender = {
          url: req.headers.origin ?? null,
          isMainFrame: req.headers['x-harness-frame'] === 'main',
        };
        if (url.pathname === '/__ipc/events' && req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
          res.write(': connected\n\n');
          streams.add(res);
          const remove = bus.addSink((event, payload) =>
            res.write(`data: ${JSON.stringify({ event, payload })}\n\n`),
          );
          req.on('close', () => {
            remove();
            streams.delete(res);
          });
          return;
        }
        if (url.pathname === '/__ipc/organization-file' && req.method === 'POST') {
          if (sender.url !== origin || !sender.isMainFrame) return send(res, 403, {}, '');
          const body = await readBody(req, 4_000_000);
          if (body.length) {
            mkdirSync(userDataDir, { recursive: true });
            writeFileSync(pickedPath, body, { mode: 0o600 });
          }
          pickedFile = body.length ? pickedPath : null;
          return send(res, 204, {}, '');
        }
        const match = /^\/__ipc\/invoke\/([^/]+)$/.exec(url.pathname);
        if (!match || req.method !== 'POST')
          return send(res, 404, { 'content-type': 'text/plain' }, 'not found');
        let request: unknown;
        try {
          request = (JSON.parse(await readBody(req)) as { request?: unknown }).request;
        } catch {
          return send(res, 400, { 'content-type': 'text/plain' }, 'body must be JSON');
        }
        const channel = decodeURIComponent(match[1]!);
        calls.set(channel, (calls.get(channel) ?? 0) + 1);
        const result = await dispatch(sender, channel, request);
        return send(
          res,
          200,
          { 'content-type': 'application/json', 'cache-control': 'no-store' },
          JSON.stringify(result),
        );
      }
      // Task media through main, as app://annotator/media/… in Electron (same route, same headers).
      if (isMediaPath(url.href)) return serveMedia(media, req, res, origin);
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, {}, '');
      if (url.pathname === '/__harness/bridge.js') {
        return send(res, 200, { 'content-type': 'text/javascript; charset=utf-8' }, bridge);
      }
      // The same CSP as app://, with the organization's S3 origins for task media.
      const asset = await serveAppAsset(rendererDir, url.href, {
        dataOrigins: dataOriginsFor(auth.organization?.workspaces ?? []),
      });
      let body = asset.body;
      if (asset.status === 200 && asset.headers['content-type']?.startsWith('text/html')) {
        // The bridge must run before the app's module script, as the preload does in Electron.
        body = Buffer.from(
          body.toString('utf8').replace('<head>', '<head><script src="/__harness/bridge.js"></script>'),
        );
      }
      send(res, asset.status, asset.headers, req.method === 'HEAD' ? '' : body);
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { 'content-type': 'text/plain' }, String(error));
    });
  });

  return {
    origin,
    url: `${origin}/index.html#harness-token=${token}`,
    token,
    bus,
    auth,
    media,
    userDataDir,
    openedExternally,
    calls,
    async close() {
      for (const res of streams) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      dispose();
      if (ownsUserData) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
