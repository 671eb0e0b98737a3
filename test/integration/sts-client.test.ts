/**
 * The STS client against the lab's STS through the real SDK: each refusal becomes its own code and
 * message, the network and TLS failures too, and corporate CAs are trusted when configured.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStsClient } from '../../main/auth/sts-client.ts';
import { startLab, type Lab } from '../lab/lab.ts';

let lab: Lab;
let tlsLab: Lab;
beforeAll(async () => {
  [lab, tlsLab] = await Promise.all([startLab({ idp: 'node' }), startLab({ idp: 'node', https: true })]);
}, 30_000);
afterAll(async () => {
  await Promise.all([lab?.close(), tlsLab?.close()]);
});

async function assume(
  target: Lab,
  options: { user?: string; role?: keyof Lab['roles']; ca?: boolean; endpoint?: string } = {},
) {
  const post = await target.idp.signIn(options.user ?? 'annotator', target.password);
  const role = target.roles[options.role ?? 'visionAnnotator'];
  const client = createStsClient({
    region: target.sts.region,
    endpoint: options.endpoint ?? target.sts.endpoint,
    ...(options.ca && target.s3.caCertPem ? { caCertificatesPem: [target.s3.caCertPem] } : {}),
  });
  try {
    return await client.assumeRoleWithSaml({
      roleArn: role.arn,
      principalArn: target.providerArnFor(role),
      assertionBase64: post.samlResponse,
      maxSessionSeconds: 3600,
    });
  } finally {
    client.destroy();
  }
}

describe('STS client', () => {
  it('returns temporary credentials bound to the role', async () => {
    const credentials = await assume(lab);
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.assumedRoleArn).toBe(
      `arn:aws:sts::${lab.accounts.vision}:assumed-role/VisionAnnotator/annotator@corp.example`,
    );
    expect(credentials.expiration.getTime() - Date.now()).toBeGreaterThan(3500_000);
  });

  it('maps an assertion STS finds expired to STS_EXPIRED_ASSERTION', async () => {
    const post = await lab.idp.signIn('annotator', lab.password);
    lab.clock.advance(3600);
    try {
      const client = createStsClient({ region: lab.sts.region, endpoint: lab.sts.endpoint });
      await expect(
        client.assumeRoleWithSaml({
          roleArn: lab.roles.visionAnnotator.arn,
          principalArn: lab.providerArnFor(lab.roles.visionAnnotator),
          assertionBase64: post.samlResponse,
          maxSessionSeconds: 3600,
        }),
      ).rejects.toMatchObject({
        code: 'STS_EXPIRED_ASSERTION',
        message: expect.stringContaining("computer's clock"),
      });
    } finally {
      lab.clock.reset();
    }
  });

  it('maps a role the assertion does not grant to STS_ACCESS_DENIED', async () => {
    await expect(assume(lab, { user: 'annotator', role: 'languageAnnotator' })).rejects.toMatchObject({
      code: 'STS_ACCESS_DENIED',
      message: expect.stringContaining('trust policy'),
    });
  });

  it('maps a signature STS does not trust to STS_INVALID_ASSERTION', async () => {
    const post = await lab.idp.signIn('annotator', lab.password);
    const client = createStsClient({
      region: tlsLab.sts.region,
      endpoint: tlsLab.sts.endpoint,
      caCertificatesPem: [tlsLab.s3.caCertPem!],
    });
    await expect(
      client.assumeRoleWithSaml({
        roleArn: tlsLab.roles.visionAnnotator.arn,
        principalArn: tlsLab.providerArnFor(tlsLab.roles.visionAnnotator),
        assertionBase64: post.samlResponse,
        maxSessionSeconds: 3600,
      }),
    ).rejects.toMatchObject({ code: 'STS_INVALID_ASSERTION' });
  });

  it("refuses a TLS endpoint signed by an unknown CA, and trusts it once IT's CA is configured", async () => {
    await expect(assume(tlsLab)).rejects.toMatchObject({
      code: 'STS_TLS_UNTRUSTED',
      message: expect.stringContaining('CA'),
    });
    const credentials = await assume(tlsLab, { ca: true });
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
  });

  it('maps an endpoint nobody answers on to STS_UNREACHABLE (retryable)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(assume(lab, { endpoint: `http://127.0.0.1:${port}` })).rejects.toMatchObject({
      code: 'STS_UNREACHABLE',
      retryable: true,
    });
  });
});
