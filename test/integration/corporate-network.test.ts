/**
 * The corporate network: STS and S3 over TLS signed by a private CA, reached through an https proxy
 * (CONNECT). A real proxy runs here; the lab serves HTTPS with its own CA.
 */
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStsClient } from '../../main/auth/sts-client.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { createS3Client } from '../../main/storage/s3-client.ts';
import { startFaultProxy, type FaultProxy } from '../lab/fault-proxy.ts';
import { startLab, type Lab } from '../lab/lab.ts';

let lab: Lab;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];
/** A corporate proxy that accepts the connection and never answers the CONNECT (a hung VPN). */
let swallowing: Server;
let swallowingUrl: string;
let stalledSts: FaultProxy;

beforeAll(async () => {
  lab = await startLab({ idp: 'node', https: true, data: 'sample' });
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, socket, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  swallowing = createServer((_req, res) => res.writeHead(405).end());
  swallowing.on('connect', () => undefined);
  await new Promise<void>((resolve) => swallowing.listen(0, '127.0.0.1', resolve));
  swallowingUrl = `http://127.0.0.1:${(swallowing.address() as { port: number }).port}`;
  stalledSts = await startFaultProxy(lab.sts.endpoint);
  stalledSts.inject({ fault: { kind: 'never-answer' }, times: Infinity });
}, 30_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  proxy?.close();
  swallowing?.closeAllConnections();
  swallowing?.close();
  await stalledSts?.close();
  await lab?.close();
});

const hostOf = (url: string) => new URL(url).host;

describe('corporate network: private CA and https proxy', () => {
  it('assumes the role and lists S3 through the proxy, trusting the configured CA', async () => {
    const network = { caCertificatesPem: [lab.s3.caCertPem!], proxy: { url: proxyUrl } };
    const { samlResponse } = await lab.idp.signIn('annotator', lab.password);
    const sts = createStsClient({ region: lab.sts.region, endpoint: lab.sts.endpoint, ...network });
    const role = lab.roles.visionAnnotator;
    const credentials = await sts.assumeRoleWithSaml({
      roleArn: role.arn,
      principalArn: lab.providerArnFor(role),
      assertionBase64: samlResponse,
      maxSessionSeconds: 3600,
    });
    sts.destroy();
    expect(tunnels).toContain(hostOf(lab.sts.endpoint));

    const s3 = createS3Client({
      region: lab.s3.region,
      endpoint: lab.s3.endpoint,
      forcePathStyle: true,
      ...network,
      credentials: { get: async () => credentials, refresh: async () => credentials },
    });
    const listed = await s3.listObjectsV2({ Bucket: lab.s3.bucket, Prefix: lab.prefixes.vision });
    s3.destroy();
    expect(listed.KeyCount).toBeGreaterThan(0);
    expect(tunnels).toContain(hostOf(lab.s3.endpoint));
  });

  it('says the network is the problem when the proxy is down', async () => {
    const { samlResponse } = await lab.idp.signIn('annotator', lab.password);
    const sts = createStsClient({
      region: lab.sts.region,
      endpoint: lab.sts.endpoint,
      caCertificatesPem: [lab.s3.caCertPem!],
      proxy: { url: 'http://127.0.0.1:9' },
    });
    const role = lab.roles.visionAnnotator;
    await expect(
      sts.assumeRoleWithSaml({
        roleArn: role.arn,
        principalArn: lab.providerArnFor(role),
        assertionBase64: samlResponse,
        maxSessionSeconds: 3600,
      }),
    ).rejects.toMatchObject({ code: 'STS_UNREACHABLE', retryable: true });
    sts.destroy();
  });

  it('an STS that never answers ends sign-in with STS_UNREACHABLE after the first-byte timeouts, not a hang', async () => {
    const { samlResponse } = await lab.idp.signIn('annotator', lab.password);
    const sts = createStsClient({
      region: lab.sts.region,
      endpoint: stalledSts.endpoint,
      timeouts: { firstByteMs: 300 },
    });
    const role = lab.roles.visionAnnotator;
    const started = performance.now();
    await expect(
      sts.assumeRoleWithSaml({
        roleArn: role.arn,
        principalArn: lab.providerArnFor(role),
        assertionBase64: samlResponse,
        maxSessionSeconds: 3600,
      }),
    ).rejects.toMatchObject({ code: 'STS_UNREACHABLE', retryable: true });
    const ms = performance.now() - started;
    sts.destroy();
    // The STS client makes 3 attempts of 300 ms each (plus the SDK's short backoff).
    expect(stalledSts.requests.length).toBe(3);
    expect(ms).toBeGreaterThanOrEqual(890);
    expect(ms).toBeLessThan(3_000);
  });

  it('a proxy that swallows the CONNECT ends S3 calls in STORAGE_TIMEOUT', async () => {
    const credentials = lab.credentials.forRole(lab.roles.visionAnnotator);
    const s3 = createS3Client({
      region: lab.s3.region,
      endpoint: lab.s3.endpoint,
      forcePathStyle: true,
      caCertificatesPem: [lab.s3.caCertPem!],
      proxy: { url: swallowingUrl },
      timeouts: { firstByteMs: 300, totalMs: 2_000 },
      maxAttempts: 2,
      credentials: { get: async () => credentials, refresh: async () => credentials },
    });
    const started = performance.now();
    await expect(
      s3.listObjectsV2({ Bucket: lab.s3.bucket, Prefix: lab.prefixes.vision }),
    ).rejects.toMatchObject({
      code: 'STORAGE_TIMEOUT',
      retryable: true,
    });
    expect(performance.now() - started).toBeLessThan(3_000);
    s3.destroy();
  });

  it('bypasses the proxy for NO_PROXY hosts', async () => {
    const before = tunnels.length;
    const { samlResponse } = await lab.idp.signIn('annotator', lab.password);
    const sts = createStsClient({
      region: lab.sts.region,
      endpoint: lab.sts.endpoint,
      caCertificatesPem: [lab.s3.caCertPem!],
      proxy: { url: proxyUrl, noProxy: new URL(lab.sts.endpoint).hostname },
    });
    const role = lab.roles.visionAnnotator;
    const credentials = await sts.assumeRoleWithSaml({
      roleArn: role.arn,
      principalArn: lab.providerArnFor(role),
      assertionBase64: samlResponse,
      maxSessionSeconds: 3600,
    });
    sts.destroy();
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(tunnels.length).toBe(before);
  });

  it('refuses a proxy URL that carries credentials (they would sit in a settings file)', () => {
    const base = {
      id: 'acme',
      name: 'ACME',
      idp: { signInUrl: 'https://idp.acme.example/sso', metadataXml: '<md/>' },
      aws: { region: 'eu-west-1' },
    };
    expect(() =>
      parseOrganizationConfig(
        { ...base, network: { httpsProxy: 'http://user:secret@proxy.acme.example:8080' } },
        'x',
      ),
    ).toThrow(/network\.httpsProxy: must be a proxy URL/);
    expect(
      parseOrganizationConfig({ ...base, network: { httpsProxy: 'http://proxy.acme.example:8080' } }, 'x')
        .network.httpsProxy,
    ).toBe('http://proxy.acme.example:8080');
  });
});
