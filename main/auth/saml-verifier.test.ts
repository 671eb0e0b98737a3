import { describe, expect, it } from 'vitest';
import * as kit from '../../test/fixtures/saml/saml-kit.ts';
import { createSamlVerifier, type SamlVerifierOptions } from './saml-verifier.ts';

const { arns, attr, fixedNow } = kit;

function verifier(options: Partial<SamlVerifierOptions> = {}) {
  return createSamlVerifier({ idpMetadataXml: kit.idpMetadataXml(), now: () => fixedNow, ...options });
}

describe('createSamlVerifier().verify: accepted responses', () => {
  it('reads an assertion-signed response with one role', async () => {
    const response = kit.signedResponse({ assertionId: '_assertion-1' }, 'assertion');
    await expect(verifier().verify(response)).resolves.toEqual({
      assertionId: '_assertion-1',
      partition: 'aws',
      nameId: '_8e7c2f0a51b3d6e4a9c0b1f2e3d4c5b6a7',
      roleSessionName: 'ada.lovelace@example.test',
      roles: [
        {
          roleArn: arns.roleA,
          principalArn: arns.providerA,
          accountId: '111122223333',
          roleName: 'Annotator',
          partition: 'aws',
        },
      ],
      notOnOrAfter: new Date(fixedNow.getTime() + 300_000),
      issuer: kit.idpEntityId,
      assertionBase64: response,
    });
  });

  it.each(['response', 'both'] as const)('accepts a response where the %s is signed', async (signing) => {
    const result = await verifier().verify(kit.signedResponse({}, signing));
    expect(result.roles.map((role) => role.roleArn)).toEqual([arns.roleA]);
  });

  it('reads three roles across two accounts, in both ARN orders, without duplicates', async () => {
    const roles = [
      `${arns.roleA},${arns.providerA}`,
      `${arns.providerA},${arns.roleB}`,
      `${arns.providerC},${arns.roleC}`,
      `${arns.roleC},${arns.providerC}`,
    ];
    const result = await verifier().verify(kit.signedResponse({ roles }));
    expect(
      result.roles.map(({ roleArn, principalArn, accountId, roleName }) => ({
        roleArn,
        principalArn,
        accountId,
        roleName,
      })),
    ).toEqual([
      { roleArn: arns.roleA, principalArn: arns.providerA, accountId: '111122223333', roleName: 'Annotator' },
      { roleArn: arns.roleB, principalArn: arns.providerA, accountId: '111122223333', roleName: 'Reviewer' },
      {
        roleArn: arns.roleC,
        principalArn: arns.providerC,
        accountId: '444455556666',
        roleName: 'LabelAdmin',
      },
    ]);
  });

  it('reads SessionDuration when present', async () => {
    const result = await verifier().verify(kit.signedResponse({ sessionDuration: '28800' }));
    expect(result.sessionDurationSeconds).toBe(28_800);
    expect((await verifier().verify(kit.signedResponse())).sessionDurationSeconds).toBeUndefined();
  });

  it('accepts regional and configured ACS Recipients and both AWS audiences', async () => {
    const regional = kit.signedResponse({
      recipient: 'https://eu-west-1.signin.aws.amazon.com/saml',
      destination: 'https://eu-west-1.signin.aws.amazon.com/saml',
      audiences: ['https://signin.aws.amazon.com/saml'],
    });
    await expect(verifier().verify(regional)).resolves.toMatchObject({
      roleSessionName: 'ada.lovelace@example.test',
    });

    const custom = kit.signedResponse({ recipient: 'https://sso.corp.example/aws/acs', destination: null });
    await expect(
      verifier({ extraAcsUrls: ['https://sso.corp.example/aws/acs'] }).verify(custom),
    ).resolves.toBeDefined();
    await expect(verifier().verify(custom)).rejects.toMatchObject({ code: 'SAML_WRONG_RECIPIENT' });
  });

  it('trusts every signing certificate of the metadata (key rollover), with or without KeyInfo', async () => {
    const metadata = kit.idpMetadataXml([
      kit.signingIdentity('idp-next').certificateBase64,
      kit.signingIdentity('idp').certificateBase64,
    ]);
    const rollover = verifier({ idpMetadataXml: metadata });
    for (const keyInfo of [true, false]) {
      const xml = kit.sign(kit.awsResponseXml(), 'assertion', kit.signingIdentity('idp'), { keyInfo });
      await expect(rollover.verify(kit.toBase64(xml))).resolves.toMatchObject({ issuer: kit.idpEntityId });
    }
  });

  it('accepts base64 wrapped in lines and returns it unwrapped for STS', async () => {
    const response = kit.signedResponse();
    const wrapped = response.replace(/.{76}/g, '$&\r\n');
    expect((await verifier().verify(wrapped)).assertionBase64).toBe(response);
  });

  it('returns the earliest NotOnOrAfter of the assertion', async () => {
    const result = await verifier().verify(
      kit.signedResponse({ confirmationNotOnOrAfter: '2026-03-02T10:02:00Z' }),
    );
    expect(result.notOnOrAfter).toEqual(new Date('2026-03-02T10:02:00Z'));
  });

  it('tolerates the configured clock skew, and no more', async () => {
    // Valid until 09:58:30; the local clock says 10:00.
    const late = kit.signedResponse({ now: new Date(fixedNow.getTime() - 390_000) });
    await expect(verifier().verify(late)).resolves.toBeDefined();
    await expect(verifier({ clockSkewSeconds: 60 }).verify(late)).rejects.toMatchObject({
      code: 'SAML_EXPIRED',
    });
    // Valid from 10:01:30 (NotBefore is 30 s before the IdP's "now").
    const early = kit.signedResponse({ now: new Date(fixedNow.getTime() + 120_000) });
    await expect(verifier().verify(early)).resolves.toBeDefined();
    await expect(verifier({ clockSkewSeconds: 0 }).verify(early)).rejects.toMatchObject({
      code: 'SAML_NOT_YET_VALID',
    });
  });

  it('uses the injected clock at each verification', async () => {
    let now = fixedNow;
    const clocked = verifier({ now: () => now });
    const response = kit.signedResponse();
    await expect(clocked.verify(response)).resolves.toBeDefined();
    now = new Date(fixedNow.getTime() + 3_600_000);
    await expect(clocked.verify(response)).rejects.toMatchObject({ code: 'SAML_EXPIRED' });
  });

  it('ignores attributes AWS does not read', async () => {
    const response = kit.signedResponse({
      extraAttributes: [
        { name: 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:Team', values: ['labels'] },
        { name: 'https://example.test/groups', values: ['a', 'b'] },
      ],
    });
    await expect(verifier().verify(response)).resolves.toMatchObject({
      roleSessionName: 'ada.lovelace@example.test',
    });
  });
});

describe('signature policy: every signature present must be valid', () => {
  it('refuses a valid Response signature over an assertion whose own signature is broken', async () => {
    const assertionSigned = kit.sign(kit.awsResponseXml(), 'assertion');
    const broken = kit.editXml(assertionSigned, (doc) => {
      kit.first(doc, 'assertion', 'NameID').textContent = 'someone.else@example.test';
    });
    const response = kit.toBase64(kit.signXml(broken, 'response', kit.signingIdentity('idp')));
    await expect(verifier().verify(response)).rejects.toMatchObject({ code: 'SAML_SIGNATURE_INVALID' });
  });
});

describe('createSamlVerifier: configuration', () => {
  it('exposes the IdP entity id from the metadata', () => {
    expect(verifier().idpEntityId).toBe(kit.idpEntityId);
  });

  it.each([
    ['not XML', 'metadata'],
    ['a DTD', `<!DOCTYPE x [<!ENTITY e "e">]>${kit.idpMetadataXml()}`],
    ['no signing certificate', kit.idpMetadataXml([])],
    ['an unreadable certificate', kit.idpMetadataXml(['QUFBQQ=='])],
  ])('refuses IdP metadata with %s', (_label, idpMetadataXml) => {
    expect(() => verifier({ idpMetadataXml })).toThrow(
      expect.objectContaining({ code: 'SAML_BAD_IDP_METADATA' }),
    );
  });

  it.each([
    [{ clockSkewSeconds: -1 }],
    [{ clockSkewSeconds: 601 }],
    [{ clockSkewSeconds: 1.5 }],
    [{ extraAcsUrls: ['http://sso.corp.example/acs'] }],
    [{ extraAcsUrls: ['/acs'] }],
  ])('refuses invalid settings %j', (options) => {
    expect(() => verifier(options)).toThrow(expect.objectContaining({ code: 'SAML_BAD_CONFIG' }));
  });
});

describe('error messages', () => {
  it('say when the response was valid until and what the local clock says', async () => {
    const late = kit.signedResponse({ now: new Date(fixedNow.getTime() - 600_000) });
    await expect(verifier().verify(late)).rejects.toThrow(
      "Your sign-in expired before it reached the app (the IdP's response was valid until 09:55:00 UTC; your computer's clock says 10:00:00 UTC). Check your computer's clock and sign in again.",
    );
  });

  it('pass on what the IdP said when it refused the sign-in', async () => {
    const xml = kit.awsResponseXml({
      status: {
        top: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
        second: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
        message: 'Not assigned',
      },
    });
    const response = kit.toBase64(xml.replace(/<saml:Assertion.*<\/saml:Assertion>/, ''));
    await expect(verifier().verify(response)).rejects.toThrow(
      /status Responder\/AuthnFailed\). It said: "Not assigned"/,
    );
  });

  it('point at the attribute name when only its case is wrong', async () => {
    const response = kit.signedResponse({
      roles: [],
      extraAttributes: [{ name: attr.role.replace('Role', 'role'), values: ['x'] }],
    });
    await expect(verifier().verify(response)).rejects.toThrow(/the case matters/);
  });
});
