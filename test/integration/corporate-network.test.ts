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
import { startLab, type Lab } from '../lab/lab.ts';

let lab: Lab;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];

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
}, 30_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  proxy?.close();
  await lab?.close();
});

const hostOf = (url: string) => new URL(url).host;

describe('corporate network: private CA and https proxy', () => {
  it('assumes the role and lists S3 through the proxy, trusting only the configured CA', async () => {
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
