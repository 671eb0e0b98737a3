/**
 * The way to AWS on a corporate network, with real parts: a CONNECT proxy that records each tunnel,
 * the lab serving STS and S3 over HTTPS with its own CA, and a PAC file. Electron cannot run here, so
 * the PAC file is evaluated with Node's vm (and the PAC helper functions it uses) and its answer is
 * handed to the app's port exactly as Electron's session.resolveProxy would ("PROXY host:port; DIRECT").
 */
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStsClient, type StsClientOptions } from '../../main/auth/sts-client.ts';
import { loadIdpMetadata } from '../../main/config/idp-metadata-source.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { setLogSinks, type LogSink } from '../../main/log.ts';
import { useSystemProxy } from '../../main/net/system-proxy.ts';
import { createS3Client, type S3ClientOptions } from '../../main/storage/s3-client.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { makeLabTls } from '../lab/tls.ts';

interface ConnectProxy {
  url: string;
  /** host:port of every CONNECT, in order. */
  tunnels: string[];
  /** The Proxy-Authorization header of every CONNECT (undefined when absent). */
  authorizations: (string | undefined)[];
  close(): void;
}

/** A corporate proxy: tunnels every CONNECT, or answers 407 unless it gets `basic` (user:password). */
async function startConnectProxy(
  options: {
    requireAuth?: boolean;
    basic?: string;
    /** Listen on this port (default: any free one). */
    port?: number;
    /** CONNECT targets this proxy reaches elsewhere ("host:port" → "host:port"), as a split-horizon network. */
    redirect?: Record<string, string>;
  } = {},
): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    authorizations.push(req.headers['proxy-authorization']);
    const expected = options.basic ? `Basic ${Buffer.from(options.basic).toString('base64')}` : null;
    if (options.requireAuth && req.headers['proxy-authorization'] !== expected) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Negotiate\r\n\r\n');
      return;
    }
    const [host, port] = (options.redirect?.[req.url ?? ''] ?? req.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    authorizations,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A port nothing listens on: a proxy that refuses the connection. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** FindProxyForURL from a PAC file, with the helpers PAC files use (those this file needs). */
function pacResolver(
  file: string,
  source: string,
): { resolve: (url: string) => Promise<string>; asked: string[] } {
  writeFileSync(file, source);
  const sandbox = {
    shExpMatch: (text: string, pattern: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ).test(text),
    dnsDomainIs: (host: string, domain: string) => host.endsWith(domain),
  };
  const find = runInNewContext(`${source}\nFindProxyForURL`, sandbox) as (
    url: string,
    host: string,
  ) => string;
  const asked: string[] = [];
  return {
    asked,
    resolve: async (url) => {
      asked.push(url);
      return find(url, new URL(url).hostname);
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'fa-corp-net-'));
const logged: string[] = [];
let previousSinks: LogSink[];
let lab: Lab;
let proxy: ConnectProxy;
const hostOf = (url: string) => new URL(url).host;

beforeAll(async () => {
  lab = await startLab({ idp: 'node', https: true, data: 'sample' });
  proxy = await startConnectProxy();
  previousSinks = setLogSinks([(line) => void logged.push(`${line.level} ${line.message}`)]);
}, 30_000);

afterAll(async () => {
  setLogSinks(previousSinks);
  proxy?.close();
  await lab?.close();
});

afterEach(() => {
  useSystemProxy(null);
  proxy.tunnels.length = 0;
  logged.length = 0;
});

/** Sign-in through STS, then a listing of S3, each with these network options. */
async function signInAndList(network: Partial<StsClientOptions & S3ClientOptions>) {
  const { samlResponse } = await lab.idp.signIn('annotator', lab.password);
  const sts = createStsClient({ region: lab.sts.region, endpoint: lab.sts.endpoint, env: {}, ...network });
  const role = lab.roles.visionAnnotator;
  try {
    const credentials = await sts.assumeRoleWithSaml({
      roleArn: role.arn,
      principalArn: lab.providerArnFor(role),
      assertionBase64: samlResponse,
      maxSessionSeconds: 3600,
    });
    return await list({
      ...network,
      credentials: { get: async () => credentials, refresh: async () => credentials },
    });
  } finally {
    sts.destroy();
  }
}

async function list(network: Partial<S3ClientOptions>) {
  const credentials = lab.credentials.forRole(lab.roles.visionAnnotator);
  const s3 = createS3Client({
    region: lab.s3.region,
    endpoint: lab.s3.endpoint,
    forcePathStyle: true,
    env: {},
    credentials: { get: async () => credentials, refresh: async () => credentials },
    maxAttempts: 1,
    ...network,
  });
  try {
    return (await s3.listObjectsV2({ Bucket: lab.s3.bucket, Prefix: lab.prefixes.vision })).KeyCount;
  } finally {
    s3.destroy();
  }
}

describe('the OS proxy settings / PAC file, through the app port', () => {
  it('a PAC file sends S3 through the proxy and STS direct; the proxy sees only the S3 CONNECTs', async () => {
    const s3Port = new URL(lab.s3.endpoint).port;
    const pac = pacResolver(
      join(dir, 'proxy.pac'),
      `function FindProxyForURL(url, host) {
        if (shExpMatch(url, "https://127.0.0.1:${s3Port}/*")) return "PROXY ${hostOf(proxy.url)}; DIRECT";
        return "DIRECT";
      }`,
    );
    // What composeApp does with AppPorts.resolveProxy (the shell's session.resolveProxy).
    useSystemProxy(pac.resolve);
    expect(await signInAndList({ caCertificatesPem: [lab.s3.caCertPem!] })).toBeGreaterThan(0);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([hostOf(lab.s3.endpoint)]));
    // The PAC file is asked per origin, not per request, and never sees a path.
    expect(new Set(pac.asked)).toEqual(new Set([`${lab.sts.endpoint}/`, `${lab.s3.endpoint}/`]));
    expect(logged.join('\n')).toContain(`${lab.s3.endpoint}/ via ${proxy.url}, DIRECT (system)`);
  });

  it('a proxy that refuses the connection: the next entry of the answer is used, then DIRECT', async () => {
    const refused = `127.0.0.1:${await closedPort()}`;
    useSystemProxy(async () => `PROXY ${refused}; PROXY ${hostOf(proxy.url)}; DIRECT`);
    expect(await list({ caCertificatesPem: [lab.s3.caCertPem!] })).toBeGreaterThan(0);
    expect(proxy.tunnels).toEqual([hostOf(lab.s3.endpoint)]);
    expect(logged.join('\n')).toMatch(
      new RegExp(`proxy http://${refused} cannot be reached \\(ECONNREFUSED\\)`),
    );

    proxy.tunnels.length = 0;
    useSystemProxy(async () => `PROXY ${refused}; DIRECT`);
    expect(await list({ caCertificatesPem: [lab.s3.caCertPem!] })).toBeGreaterThan(0);
    expect(proxy.tunnels).toEqual([]);
  });

  it('DIRECT that cannot connect, ahead of a proxy that failed a moment ago, goes on to that proxy (back after a VPN reconnect)', async () => {
    // S3 is reachable only through the proxy here (split horizon): directly, its port refuses.
    const proxyPort = await closedPort();
    const directOnly = `127.0.0.1:${await closedPort()}`;
    const endpoint = `https://${directOnly}`;
    useSystemProxy(async () => `PROXY 127.0.0.1:${proxyPort}; DIRECT`);
    // One client for both calls, as a project's is: it remembers which proxy failed a moment ago.
    const credentials = lab.credentials.forRole(lab.roles.visionAnnotator);
    const s3 = createS3Client({
      region: lab.s3.region,
      endpoint,
      forcePathStyle: true,
      env: {},
      caCertificatesPem: [lab.s3.caCertPem!],
      credentials: { get: async () => credentials, refresh: async () => credentials },
      maxAttempts: 1,
    });
    const list = async () =>
      (await s3.listObjectsV2({ Bucket: lab.s3.bucket, Prefix: lab.prefixes.vision })).KeyCount;
    // The proxy is down (its port refuses) and DIRECT cannot connect: offline, the proxy marked bad.
    await expect(list()).rejects.toMatchObject({ code: 'STORAGE_OFFLINE' });
    // The proxy is back: DIRECT now goes first (the proxy failed a moment ago), fails, and the proxy serves.
    const back = await startConnectProxy({
      port: proxyPort,
      redirect: { [directOnly]: hostOf(lab.s3.endpoint) },
    });
    try {
      expect(await list()).toBeGreaterThan(0);
      expect(back.tunnels).toEqual([directOnly]);
      expect(logged.join('\n')).toContain(
        `${endpoint}/ cannot be reached directly (ECONNREFUSED); trying the next way`,
      );
    } finally {
      back.close();
      s3.destroy();
    }
  });

  it('a refusing proxy with nothing after it: S3 is offline (not a hang, not a bypass)', async () => {
    const refused = `127.0.0.1:${await closedPort()}`;
    useSystemProxy(async () => `PROXY ${refused}`);
    await expect(list({ caCertificatesPem: [lab.s3.caCertPem!] })).rejects.toMatchObject({
      code: 'STORAGE_OFFLINE',
    });
  });

  it('an HTTPS proxy of the answer is spoken to over TLS, its own certificate checked (here by no trusted CA)', async () => {
    const tls = await makeLabTls(mkdtempSync(join(dir, 'proxy-tls-')));
    const secure = createHttpsServer({ key: tls.keyPem, cert: tls.certPem });
    let connections = 0;
    secure.on('connection', () => connections++);
    secure.listen(0, '127.0.0.1');
    await once(secure, 'listening');
    try {
      useSystemProxy(async () => `HTTPS 127.0.0.1:${(secure.address() as AddressInfo).port}`);
      // S3's own CA is given: what is refused is the proxy's certificate, not S3's.
      await expect(list({ caCertificatesPem: [lab.s3.caCertPem!] })).rejects.toMatchObject({
        code: 'STORAGE_TLS_UNTRUSTED',
      });
      expect(connections).toBe(1);
    } finally {
      secure.close();
    }
  });

  it('a SOCKS proxy is named as not supported in the log and the answer falls back to DIRECT', async () => {
    useSystemProxy(async () => 'SOCKS5 127.0.0.1:1080');
    expect(await list({ caCertificatesPem: [lab.s3.caCertPem!] })).toBeGreaterThan(0);
    expect(logged.join('\n')).toMatch(/SOCKS and QUIC proxies are not supported\): SOCKS5 127\.0\.0\.1:1080/);
  });
});

describe('HTTPS_PROXY, NO_PROXY and AWS_CA_BUNDLE from the environment', () => {
  it('STS in NO_PROXY goes direct, S3 through HTTPS_PROXY, trusting the CA that AWS_CA_BUNDLE names', async () => {
    const env = {
      HTTPS_PROXY: proxy.url,
      NO_PROXY: `localhost, ${hostOf(lab.sts.endpoint)}`,
      AWS_CA_BUNDLE: lab.s3.caCertPath!,
    };
    expect(await signInAndList({ env })).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([hostOf(lab.s3.endpoint)]));
  });

  it("without the lab's CA the connection is refused as untrusted, never let through", async () => {
    const { samlResponse } = await lab.idp.signIn('annotator', lab.password);
    const sts = createStsClient({ region: lab.sts.region, endpoint: lab.sts.endpoint, env: {} });
    const role = lab.roles.visionAnnotator;
    await expect(
      sts.assumeRoleWithSaml({
        roleArn: role.arn,
        principalArn: lab.providerArnFor(role),
        assertionBase64: samlResponse,
        maxSessionSeconds: 3600,
      }),
    ).rejects.toMatchObject({ code: 'STS_TLS_UNTRUSTED' });
    sts.destroy();
    await expect(list({ env: { HTTPS_PROXY: proxy.url } })).rejects.toMatchObject({
      code: 'STORAGE_TLS_UNTRUSTED',
    });
  });

  it('an AWS_CA_BUNDLE that cannot be read fails each call with a message naming the variable', async () => {
    const missing = join(dir, 'no-such-bundle.pem');
    const failure = list({ env: { AWS_CA_BUNDLE: missing } });
    await expect(failure).rejects.toMatchObject({ code: 'STORAGE_CA_BUNDLE_INVALID' });
    await expect(failure).rejects.toThrow(`AWS_CA_BUNDLE names ${missing}, which cannot be read (ENOENT)`);
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    await expect(signInAndList({ env: { AWS_CA_BUNDLE: notPem } })).rejects.toMatchObject({
      code: 'STS_CA_BUNDLE_INVALID',
      message: expect.stringMatching(/AWS_CA_BUNDLE names .*not\.pem, which holds no PEM certificate/),
    });
  });
});

describe('a proxy that asks for authentication', () => {
  it('answering 407 to CONNECT ends in its own code and a message for people, for STS and S3', async () => {
    const guarded = await startConnectProxy({ requireAuth: true });
    try {
      const network = { caCertificatesPem: [lab.s3.caCertPem!], proxy: { url: guarded.url } };
      await expect(signInAndList(network)).rejects.toMatchObject({
        code: 'STS_PROXY_AUTH_REQUIRED',
        retryable: false,
        message: expect.stringContaining(
          `The proxy ${guarded.url} asks the app to sign in to it (HTTP 407) before it lets requests through to ${hostOf(lab.sts.endpoint)}.`,
        ),
      });
      await expect(list(network)).rejects.toMatchObject({
        code: 'STORAGE_PROXY_AUTH_REQUIRED',
        message: expect.stringMatching(/does not hold proxy passwords .* Kerberos or NTLM/),
      });
      // One CONNECT each: a 407 is not retried.
      expect(guarded.tunnels).toEqual([hostOf(lab.sts.endpoint), hostOf(lab.s3.endpoint)]);
    } finally {
      guarded.close();
    }
  });

  it('user:password in HTTPS_PROXY is sent as Basic Proxy-Authorization and never logged', async () => {
    const guarded = await startConnectProxy({ requireAuth: true, basic: 'annotator:pa ss@word' });
    try {
      const proxyUrl = new URL(guarded.url);
      proxyUrl.username = 'annotator';
      proxyUrl.password = 'pa ss@word';
      const env = { HTTPS_PROXY: proxyUrl.href, AWS_CA_BUNDLE: lab.s3.caCertPath! };
      expect(await list({ env })).toBeGreaterThan(0);
      expect(guarded.authorizations[0]).toBe(
        `Basic ${Buffer.from('annotator:pa ss@word').toString('base64')}`,
      );
      expect(logged.join('\n')).toContain(`via ${guarded.url} (environment)`);
      expect(logged.join('\n')).not.toMatch(/pa(%20| )ss/);
    } finally {
      guarded.close();
    }
  });
});

describe('the IdP metadata fetch', () => {
  it("takes the way the OS settings name for the metadata URL's origin, trusting the organization's CA", async () => {
    const tls = await makeLabTls(mkdtempSync(join(dir, 'idp-')));
    const server = createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, (_req, res) =>
      res.end('<md:EntityDescriptor entityID="urn:idp"/>'),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      useSystemProxy(async (url) => (url === `${origin}/` ? `PROXY ${hostOf(proxy.url)}` : 'DIRECT'));
      const organization = parseOrganizationConfig(
        {
          id: 'acme',
          name: 'ACME',
          idp: { signInUrl: 'https://idp.acme.example/sso', metadataUrl: `${origin}/metadata.xml` },
          aws: { region: 'eu-west-1' },
          network: { caCertificatesPem: [tls.caCertPem] },
        },
        'test',
      );
      expect(await loadIdpMetadata(organization)).toBe('<md:EntityDescriptor entityID="urn:idp"/>');
      expect(proxy.tunnels).toEqual([hostOf(origin)]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
