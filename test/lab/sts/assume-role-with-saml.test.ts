import {
  AssumeRoleWithSAMLCommand,
  GetCallerIdentityCommand,
  STSClient,
  type AssumeRoleWithSAMLCommandOutput,
} from '@aws-sdk/client-sts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LabClock } from '../clock.ts';
import { startNodeIdp } from '../idp/node-idp.ts';
import type { LabIdp } from '../idp/lab-idp.ts';
import { STATUS_RESPONDER, type SamlResponseClaims } from '../idp/saml-response.ts';
import { AWS_ATTRIBUTES } from '../idp/users.ts';
import { startLab, type Lab } from '../lab.ts';
import type { LabRole } from '../organization.ts';

// Every refusal is checked through @aws-sdk/client-sts, so the SDK must parse the lab's XML into
// the same error names and statuses that real STS produces.
let lab: Lab;
let sts: STSClient;
let foreignIdp: LabIdp;
let foreignDir: string;

beforeAll(async () => {
  lab = await startLab({ idp: 'node' });
  sts = new STSClient({ endpoint: lab.sts.endpoint, region: lab.sts.region });
  foreignDir = await mkdtemp(join(tmpdir(), 'fa-lab-foreign-'));
  foreignIdp = await startNodeIdp({ dir: foreignDir, clock: new LabClock() });
});

afterAll(async () => {
  sts.destroy();
  await foreignIdp.close();
  await rm(foreignDir, { recursive: true, force: true });
  await lab.close();
});

beforeEach(() => lab.clock.reset());

const minutes = (n: number): number => n * 60 * 1000;

function assume(
  samlAssertion: string,
  role: LabRole = lab.roles.visionAnnotator,
  extra: { DurationSeconds?: number; PrincipalArn?: string } = {},
): Promise<AssumeRoleWithSAMLCommandOutput> {
  return sts.send(
    new AssumeRoleWithSAMLCommand({
      RoleArn: role.arn,
      PrincipalArn: extra.PrincipalArn ?? lab.providerArnFor(role),
      SAMLAssertion: samlAssertion,
      DurationSeconds: extra.DurationSeconds,
    }),
  );
}

async function signed(
  username: string,
  change: (claims: SamlResponseClaims) => void = () => {},
): Promise<string> {
  const claims = lab.idp.claimsFor(username);
  change(claims);
  return lab.idp.signResponse(claims);
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string }> {
  const error = await promise.then(
    () => {
      throw new Error('STS accepted what AWS refuses');
    },
    (e: unknown) => e as { name: string; message: string; $metadata?: { httpStatusCode?: number } },
  );
  return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
}

describe('AssumeRoleWithSAML accepts what AWS accepts', () => {
  it('issues temporary credentials bound to the role, for a scripted sign-in', async () => {
    const { samlResponse, acsUrl } = await lab.idp.signIn('annotator', lab.password);
    expect(acsUrl).toBe('https://signin.aws.amazon.com/saml');
    const before = Date.now();
    const out = await assume(samlResponse);
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey?.length).toBeGreaterThanOrEqual(40);
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const lifetime = (out.Credentials?.Expiration?.getTime() ?? 0) - before;
    expect(lifetime).toBeGreaterThan(minutes(59));
    expect(lifetime).toBeLessThanOrEqual(minutes(60) + 1000);
    expect(out.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::111122223333:assumed-role/VisionAnnotator/annotator@corp.example',
    );
    expect(out.Audience).toBe('https://signin.aws.amazon.com/saml');
    expect(out.Issuer).toBe(lab.idp.entityId);
    expect(out.SubjectType).toBe('transient');

    const caller = new STSClient({
      endpoint: lab.sts.endpoint,
      region: lab.sts.region,
      credentials: {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      },
    });
    const identity = await caller.send(new GetCallerIdentityCommand({}));
    caller.destroy();
    expect(identity.Arn).toBe(out.AssumedRoleUser?.Arn);
    expect(identity.Account).toBe('111122223333');
    expect(identity.UserId).toBe(out.AssumedRoleUser?.AssumedRoleId);
  });

  it('accepts every role of a multi-role user, whichever order the ARN pair is written in', async () => {
    const { samlResponse } = await lab.idp.signIn('multi', lab.password);
    const roles = [lab.roles.visionAnnotator, lab.roles.languageAnnotator, lab.roles.visionReviewer];
    const arns = await Promise.all(
      roles.map(async (role) => (await assume(samlResponse, role)).AssumedRoleUser?.Arn),
    );
    expect(arns).toEqual(
      roles.map((r) => `arn:aws:sts::${r.accountId}:assumed-role/${r.name}/multi@corp.example`),
    );
  });

  it('accepts a response whose assertion only, or response only, is signed', async () => {
    for (const parts of ['assertion', 'response'] as const) {
      const response = await lab.idp.signResponse(lab.idp.claimsFor('annotator'), parts);
      expect((await assume(response)).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    }
  });

  it('tolerates the configured clock skew on NotOnOrAfter', async () => {
    const response = await signed('annotator', (c) => {
      const past = new Date(Date.now() - minutes(1));
      c.notOnOrAfter = past;
      c.subjectConfirmations = [{ recipient: 'https://signin.aws.amazon.com/saml', notOnOrAfter: past }];
    });
    expect((await assume(response)).Credentials).toBeDefined();
  });

  it('ends the session at SessionNotOnOrAfter when that comes first', async () => {
    const end = new Date(Date.now() + minutes(20));
    const response = await signed('annotator', (c) => (c.sessionNotOnOrAfter = end));
    const out = await assume(response);
    expect(Math.abs((out.Credentials?.Expiration?.getTime() ?? 0) - end.getTime())).toBeLessThan(1000);
  });

  it('honours the SessionDuration attribute as the default session length and the role maximum above 3600', async () => {
    const short = await assume((await lab.idp.signIn('shortsession', lab.password)).samlResponse);
    expect((short.Credentials?.Expiration?.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(900 * 1000);
    // Without SessionNotOnOrAfter (the Node IdP sets 8 h, which would cap the session).
    const multi = await signed('multi', (c) => (c.sessionNotOnOrAfter = undefined));
    const long = await assume(multi, lab.roles.visionReviewer, { DurationSeconds: 43200 });
    expect((long.Credentials?.Expiration?.getTime() ?? 0) - Date.now()).toBeGreaterThan(minutes(60 * 12 - 1));
  });
});

describe('AssumeRoleWithSAML refuses what AWS refuses, with AWS codes', () => {
  it('InvalidIdentityToken: a response altered after signing (role added)', async () => {
    const genuine = Buffer.from(await signed('annotator'), 'base64').toString('utf8');
    const tampered = genuine.replace(
      'annotator@corp.example</saml:AttributeValue>',
      'admin@corp.example</saml:AttributeValue>',
    );
    expect(tampered).not.toBe(genuine);
    const r = await refusal(assume(Buffer.from(tampered).toString('base64')));
    expect(r).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
  });

  it('InvalidIdentityToken: signed by a key that is not in the provider metadata', async () => {
    const claims = foreignIdp.claimsFor('annotator');
    claims.issuer = lab.idp.entityId;
    const r = await refusal(assume(await foreignIdp.signResponse(claims)));
    expect(r).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
  });

  it('InvalidIdentityToken: an Issuer other than the provider entity', async () => {
    const r = await refusal(
      assume(await signed('annotator', (c) => (c.issuer = 'https://evil.example/idp'))),
    );
    expect(r).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
    expect(r.message).toContain('Issuer');
  });

  it('InvalidIdentityToken: an unregistered SAML provider', async () => {
    const r = await refusal(
      assume(await signed('annotator'), lab.roles.visionAnnotator, {
        PrincipalArn: 'arn:aws:iam::111122223333:saml-provider/Nobody',
      }),
    );
    expect(r).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
  });

  it('InvalidIdentityToken: not a SAML document', async () => {
    const r = await refusal(assume(Buffer.from('<html>login failed</html>').toString('base64')));
    expect(r).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
  });

  it('InvalidIdentityToken: an Audience other than AWS', async () => {
    const r = await refusal(
      assume(await signed('annotator', (c) => (c.audiences = ['https://app.example/saml']))),
    );
    expect(r).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
  });

  it('AccessDenied: a Recipient that is not an AWS sign-in ACS (SAML:aud in the trust policy)', async () => {
    const r = await refusal(
      assume(
        await signed(
          'annotator',
          (c) =>
            (c.subjectConfirmations = [
              { recipient: 'https://evil.example/acs', notOnOrAfter: c.notOnOrAfter },
            ]),
        ),
      ),
    );
    expect(r).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('accepts the regional ACS as Recipient', async () => {
    const response = await signed(
      'annotator',
      (c) =>
        (c.subjectConfirmations = [
          { recipient: 'https://eu-west-1.signin.aws.amazon.com/saml', notOnOrAfter: c.notOnOrAfter },
        ]),
    );
    expect((await assume(response)).Audience).toBe('https://eu-west-1.signin.aws.amazon.com/saml');
  });

  it('InvalidIdentityToken: two SubjectConfirmations, or one without NotOnOrAfter', async () => {
    const two = await signed('annotator', (c) =>
      c.subjectConfirmations.push({
        recipient: 'https://signin.aws.amazon.com/saml',
        notOnOrAfter: c.notOnOrAfter,
      }),
    );
    expect(await refusal(assume(two))).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
    const noExpiry = await signed(
      'annotator',
      (c) => (c.subjectConfirmations = [{ recipient: 'https://signin.aws.amazon.com/saml' }]),
    );
    expect(await refusal(assume(noExpiry))).toMatchObject({
      name: 'InvalidIdentityTokenException',
      status: 400,
    });
  });

  it('ExpiredTokenException: an assertion past NotOnOrAfter (plus skew)', async () => {
    const response = await signed('annotator', (c) => {
      const past = new Date(Date.now() - minutes(10));
      c.notOnOrAfter = past;
      c.subjectConfirmations = [{ recipient: 'https://signin.aws.amazon.com/saml', notOnOrAfter: past }];
    });
    expect(await refusal(assume(response))).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
  });

  it('ExpiredTokenException: a genuine sign-in redeemed too late (lab clock moved 11 minutes)', async () => {
    const { samlResponse } = await lab.idp.signIn('annotator', lab.password);
    lab.clock.advance(11 * 60);
    expect(await refusal(assume(samlResponse))).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
  });

  it('InvalidIdentityToken: an assertion not yet valid (NotBefore beyond the skew)', async () => {
    const r = await refusal(
      assume(await signed('annotator', (c) => (c.notBefore = new Date(Date.now() + minutes(10))))),
    );
    expect(r).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
  });

  it('InvalidIdentityToken: RoleSessionName missing, or outside [\\w+=,.@-]{2,64}', async () => {
    const missing = await signed('annotator', (c) => delete c.attributes[AWS_ATTRIBUTES.roleSessionName]);
    expect(await refusal(assume(missing))).toMatchObject({
      name: 'InvalidIdentityTokenException',
      status: 400,
    });
    const badname = (await lab.idp.signIn('badname', lab.password)).samlResponse;
    expect(await refusal(assume(badname))).toMatchObject({
      name: 'InvalidIdentityTokenException',
      status: 400,
    });
    const tooLong = await signed(
      'annotator',
      (c) => (c.attributes = { ...c.attributes, [AWS_ATTRIBUTES.roleSessionName]: ['x'.repeat(65)] }),
    );
    expect(await refusal(assume(tooLong))).toMatchObject({
      name: 'InvalidIdentityTokenException',
      status: 400,
    });
  });

  it('AccessDenied: a role the assertion does not grant, a user with no Role, a role/provider mismatch', async () => {
    const annotator = (await lab.idp.signIn('annotator', lab.password)).samlResponse;
    expect(await refusal(assume(annotator, lab.roles.languageAnnotator))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });
    const noroles = (await lab.idp.signIn('noroles', lab.password)).samlResponse;
    expect(await refusal(assume(noroles))).toMatchObject({ name: 'AccessDenied', status: 403 });
    const mismatch = assume(annotator, lab.roles.visionAnnotator, {
      PrincipalArn: lab.providerArnFor(lab.roles.languageAnnotator),
    });
    expect(await refusal(mismatch)).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('ValidationError: DurationSeconds outside 900-43200, above the role MaxSessionDuration, above SessionDuration', async () => {
    const response = (await lab.idp.signIn('annotator', lab.password)).samlResponse;
    expect(
      await refusal(assume(response, lab.roles.visionAnnotator, { DurationSeconds: 899 })),
    ).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(
      await refusal(assume(response, lab.roles.visionAnnotator, { DurationSeconds: 43201 })),
    ).toMatchObject({ name: 'ValidationError', status: 400 });
    const aboveMax = await refusal(assume(response, lab.roles.visionAnnotator, { DurationSeconds: 7200 }));
    expect(aboveMax).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(aboveMax.message).toContain('MaxSessionDuration');
    const short = (await lab.idp.signIn('shortsession', lab.password)).samlResponse;
    expect(await refusal(assume(short, lab.roles.visionAnnotator, { DurationSeconds: 1800 }))).toMatchObject({
      name: 'ValidationError',
      status: 400,
    });
  });

  it('ValidationError: an assertion above 100,000 characters', async () => {
    const huge = await signed(
      'annotator',
      (c) => (c.attributes = { ...c.attributes, 'urn:lab:padding': ['p'.repeat(80_000)] }),
    );
    expect(huge.length).toBeGreaterThan(100_000);
    expect(await refusal(assume(huge))).toMatchObject({ name: 'ValidationError', status: 400 });
  });

  it('IDPRejectedClaim: a response whose status is not Success', async () => {
    const r = await refusal(assume(await signed('annotator', (c) => (c.statusCode = STATUS_RESPONDER))));
    expect(r).toMatchObject({ name: 'IDPRejectedClaimException', status: 403 });
  });
});

describe('GetCallerIdentity checks SigV4 like STS', () => {
  it('ExpiredToken for expired credentials, SignatureDoesNotMatch for a wrong secret, InvalidClientTokenId for an unknown key', async () => {
    const call = async (credentials: {
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
    }) => {
      const client = new STSClient({ endpoint: lab.sts.endpoint, region: lab.sts.region, credentials });
      try {
        return await refusal(client.send(new GetCallerIdentityCommand({})));
      } finally {
        client.destroy();
      }
    };
    expect(
      await call(lab.credentials.forRole(lab.roles.visionAnnotator, { expiresInSeconds: -1 })),
    ).toMatchObject({ name: 'ExpiredToken', status: 403 });
    expect(
      await call({ ...lab.credentials.forRole(lab.roles.visionAnnotator), secretAccessKey: 'wrong' }),
    ).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(
      await call({ accessKeyId: 'ASIAUNKNOWNUNKNOWN00', secretAccessKey: 'x', sessionToken: 't' }),
    ).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
  });
});
