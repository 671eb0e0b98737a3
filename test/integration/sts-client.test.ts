/**
 * The STS client against the lab's STS through the real SDK: each refusal becomes its own code and
 * message, the network and TLS failures too, and corporate CAs are trusted when configured. Then,
 * against lab STSes of each partition trusting the SAML fixture IdP: GovCloud and China sign-ins,
 * partition mixes refused before STS, and a role allowed 8 hours getting 8 hours (and next time at once).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoleSessionLimits } from '../../main/auth/role-session-limits.ts';
import { createSamlVerifier } from '../../main/auth/saml-verifier.ts';
import { checkPartitions, createStsClient } from '../../main/auth/sts-client.ts';
import * as kit from '../fixtures/saml/saml-kit.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { startFixtureSts, type FixtureSts } from '../lab/sts/fixture-sts.ts';

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

const partitionSites = {
  'us-gov-west-1': {
    partition: 'aws-us-gov',
    audience: 'urn:amazon:webservices:govcloud',
    acs: 'https://signin.amazonaws-us-gov.com/saml',
  },
  'cn-north-1': {
    partition: 'aws-cn',
    audience: 'urn:amazon:webservices:cn-north-1',
    acs: 'https://signin.amazonaws.cn/saml',
  },
  'us-east-1': {
    partition: 'aws',
    audience: 'urn:amazon:webservices',
    acs: 'https://signin.aws.amazon.com/saml',
  },
} as const;
type Region = keyof typeof partitionSites;

/** A fresh fixture sign-in for `role` of `target`, made out to `site` (default: the STS's own partition). */
function fixtureSignIn(target: FixtureSts, role: string, site: Region) {
  const { audience, acs } = partitionSites[site];
  return kit.signedResponse({
    now: new Date(),
    audiences: [audience],
    recipient: acs,
    destination: acs,
    roles: [`${target.roleArn(role)},${target.providerArn}`],
  });
}

describe('STS client, per partition', () => {
  const stses = new Map<Region, FixtureSts>();
  beforeAll(async () => {
    for (const region of Object.keys(partitionSites) as Region[]) {
      stses.set(
        region,
        await startFixtureSts({
          region,
          idpMetadataXml: kit.idpMetadataXml(),
          roles: { Annotator: 3600, EightHours: 8 * 3600 },
        }),
      );
    }
  }, 30_000);
  afterAll(() => Promise.all([...stses.values()].map((s) => s.close())));
  const fixture = (region: Region) => stses.get(region) as FixtureSts;

  it.each(['us-gov-west-1', 'cn-north-1'] as const)(
    "signs in to %s with its partition's Audience and Recipient, verified then redeemed",
    async (region) => {
      const target = fixture(region);
      const verified = await createSamlVerifier({ idpMetadataXml: kit.idpMetadataXml() }).verify(
        fixtureSignIn(target, 'Annotator', region),
      );
      expect(verified.partition).toBe(partitionSites[region].partition);
      const client = createStsClient({ region, endpoint: target.sts.endpoint });
      try {
        const role = verified.roles[0]!;
        const credentials = await client.assumeRoleWithSaml({
          roleArn: role.roleArn,
          principalArn: role.principalArn,
          assertionBase64: verified.assertionBase64,
          maxSessionSeconds: 3600,
          samlPartition: verified.partition,
        });
        expect(credentials.assumedRoleArn).toMatch(
          new RegExp(`^arn:${partitionSites[region].partition}:sts::111122223333:assumed-role/Annotator/`),
        );
      } finally {
        client.destroy();
      }
    },
  );

  it("the lab's GovCloud STS itself refuses a commercial Audience and Recipient (what the app checks first)", async () => {
    const target = fixture('us-gov-west-1');
    const client = createStsClient({ region: 'us-gov-west-1', endpoint: target.sts.endpoint });
    try {
      await expect(
        client.assumeRoleWithSaml({
          roleArn: target.roleArn('Annotator'),
          principalArn: target.providerArn,
          assertionBase64: fixtureSignIn(target, 'Annotator', 'us-east-1'),
          maxSessionSeconds: 3600,
        }),
      ).rejects.toMatchObject({ code: 'STS_INVALID_ASSERTION' });
    } finally {
      client.destroy();
    }
  });

  it('refuses a role, an assertion or an endpoint of another partition than the region, before calling STS', async () => {
    const gov = fixture('us-gov-west-1');
    const before = gov.sts.assumeRoleCalls;
    const commercialClient = createStsClient({ region: 'us-east-1', endpoint: gov.sts.endpoint });
    const govClient = createStsClient({ region: 'us-gov-west-1', endpoint: gov.sts.endpoint });
    const request = {
      roleArn: gov.roleArn('Annotator'),
      principalArn: gov.providerArn,
      assertionBase64: fixtureSignIn(gov, 'Annotator', 'us-gov-west-1'),
      maxSessionSeconds: 3600,
    };
    try {
      await expect(commercialClient.assumeRoleWithSaml(request)).rejects.toMatchObject({
        code: 'STS_PARTITION_MISMATCH',
        message: expect.stringMatching(
          /AWS GovCloud \(US\).*us-east-1 \(AWS \(commercial\)\).*us-gov-west-1/,
        ),
      });
      await expect(govClient.assumeRoleWithSaml({ ...request, samlPartition: 'aws' })).rejects.toMatchObject({
        code: 'STS_PARTITION_MISMATCH',
        message: expect.stringContaining('made its response for AWS sign-in of AWS (commercial)'),
      });
    } finally {
      commercialClient.destroy();
      govClient.destroy();
    }
    expect(gov.sts.assumeRoleCalls).toBe(before);

    const role = {
      roleArn: 'arn:aws:iam::111122223333:role/A',
      principalArn: '',
      assertionBase64: '',
      maxSessionSeconds: 3600,
    };
    expect(() =>
      checkPartitions({ region: 'us-east-1', endpoint: 'https://sts.us-gov-west-1.amazonaws.com' }, role),
    ).toThrow(/sts\.us-gov-west-1\.amazonaws\.com is in AWS GovCloud \(US\), but the region us-east-1/);
    expect(() =>
      checkPartitions({ region: 'eu-west-1', endpoint: 'https://sts.cn-north-1.amazonaws.com.cn' }, role),
    ).toThrow(/AWS China/);
    expect(() => checkPartitions({ region: 'us-iso-east-1' }, role)).toThrow(/cannot sign in to/);
    expect(() =>
      checkPartitions(
        { region: 'eu-west-1', endpoint: 'https://vpce-0abc-1234.sts.eu-west-1.vpce.amazonaws.com' },
        role,
      ),
    ).not.toThrow();
  });

  it("finds a role's 8-hour maximum in at most 4 extra calls, remembers it on disk, and asks for it at once next time", async () => {
    const target = fixture('us-east-1');
    const dir = await mkdtemp(path.join(tmpdir(), 'fa-limits-'));
    const file = path.join(dir, 'role-session-limits.json');
    const signInOnce = async () => {
      const client = createStsClient({
        region: 'us-east-1',
        endpoint: target.sts.endpoint,
        sessionLimits: createRoleSessionLimits({ file }),
      });
      const calls = target.sts.assumeRoleCalls;
      try {
        const credentials = await client.assumeRoleWithSaml({
          roleArn: target.roleArn('EightHours'),
          principalArn: target.providerArn,
          assertionBase64: fixtureSignIn(target, 'EightHours', 'us-east-1'),
          maxSessionSeconds: 43_200,
        });
        return { credentials, calls: target.sts.assumeRoleCalls - calls };
      } finally {
        client.destroy();
      }
    };
    try {
      const first = await signInOnce();
      const lifetime = first.credentials.expiration.getTime() - Date.now();
      expect(lifetime).toBeGreaterThan(8 * 3600_000 - 60_000);
      expect(lifetime).toBeLessThanOrEqual(8 * 3600_000 + 1_000);
      expect(first.calls).toBeGreaterThan(1);
      expect(first.calls).toBeLessThanOrEqual(5);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
        roles: { [target.roleArn('EightHours')]: { seconds: 28_800 } },
      });
      // A restart: a new client reads the file and asks for 8 hours straight away.
      const second = await signInOnce();
      expect(second.calls).toBe(1);
      expect(second.credentials.expiration.getTime() - Date.now()).toBeGreaterThan(8 * 3600_000 - 60_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
