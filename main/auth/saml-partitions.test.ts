/**
 * Audiences and recipients follow the partition: each partition's own entity id and sign-in ACS are
 * accepted together, IT's extra audiences too, and a response mixing two partitions is refused with
 * a message naming both. Responses are signed by the fixture IdP.
 */
import { describe, expect, it } from 'vitest';
import * as kit from '../../test/fixtures/saml/saml-kit.ts';
import { createSamlVerifier, type SamlVerifierOptions } from './saml-verifier.ts';

const verifier = (options: Partial<SamlVerifierOptions> = {}) =>
  createSamlVerifier({ idpMetadataXml: kit.idpMetadataXml(), now: () => kit.fixedNow, ...options });

const sites = {
  aws: { audience: 'urn:amazon:webservices', acs: 'https://signin.aws.amazon.com/saml' },
  'aws-us-gov': {
    audience: 'urn:amazon:webservices:govcloud',
    acs: 'https://signin.amazonaws-us-gov.com/saml',
  },
  'aws-cn': { audience: 'urn:amazon:webservices:cn-north-1', acs: 'https://signin.amazonaws.cn/saml' },
} as const;

const response = (audience: string, recipient: string, destination: string | null = recipient) =>
  kit.signedResponse({ audiences: [audience], recipient, destination });

describe('audiences and recipients per partition', () => {
  it.each(Object.entries(sites))(
    'accepts %s: its entity id with its sign-in ACS',
    async (partition, site) => {
      await expect(verifier().verify(response(site.audience, site.acs))).resolves.toMatchObject({
        partition,
      });
      // The partition's ACS URL is an accepted Audience too, as https://signin.aws.amazon.com/saml is.
      await expect(verifier().verify(response(site.acs, site.acs))).resolves.toMatchObject({ partition });
    },
  );

  it('accepts the regional sign-in ACS of GovCloud and China with their entity ids', async () => {
    const gov = response(
      sites['aws-us-gov'].audience,
      'https://us-gov-west-1.signin.amazonaws-us-gov.com/saml',
    );
    await expect(verifier().verify(gov)).resolves.toMatchObject({ partition: 'aws-us-gov' });
    const cn = response(sites['aws-cn'].audience, 'https://cn-northwest-1.signin.amazonaws.cn/saml');
    await expect(verifier().verify(cn)).resolves.toMatchObject({ partition: 'aws-cn' });
  });

  it.each([
    ['aws', 'aws-us-gov'],
    ['aws-us-gov', 'aws'],
    ['aws-cn', 'aws'],
    ['aws-us-gov', 'aws-cn'],
  ] as const)(
    'refuses an Audience of %s with a Recipient of %s, naming both',
    async (audienceOf, recipientOf) => {
      const mixed = response(sites[audienceOf].audience, sites[recipientOf].acs);
      const error = (await verifier()
        .verify(mixed)
        .then(
          () => ({ code: 'accepted', message: '' }),
          (e: unknown) => e,
        )) as { code: string; message: string };
      expect(error).toMatchObject({ code: 'SAML_PARTITION_MISMATCH' });
      expect(error.message).toContain(sites[audienceOf].audience);
      expect(error.message).toContain(sites[recipientOf].acs);
      const labels = { aws: 'AWS (commercial)', 'aws-us-gov': 'AWS GovCloud (US)', 'aws-cn': 'AWS China' };
      expect(error.message).toContain(labels[audienceOf]);
      expect(error.message).toContain(labels[recipientOf]);
    },
  );

  it('refuses a Destination of another partition than the Recipient', async () => {
    const mixed = response(sites['aws-us-gov'].audience, sites['aws-us-gov'].acs, sites.aws.acs);
    await expect(verifier().verify(mixed)).rejects.toMatchObject({
      code: 'SAML_PARTITION_MISMATCH',
      message: expect.stringContaining('AWS GovCloud (US)'),
    });
  });

  it('refuses two audience restrictions that only two partitions together satisfy', async () => {
    const xml = kit
      .awsResponseXml({ audiences: [sites.aws.audience] })
      .replace(
        '</saml:AudienceRestriction>',
        `</saml:AudienceRestriction><saml:AudienceRestriction><saml:Audience>${sites['aws-cn'].audience}</saml:Audience></saml:AudienceRestriction>`,
      );
    await expect(verifier().verify(kit.toBase64(kit.sign(xml, 'assertion')))).rejects.toMatchObject({
      code: 'SAML_PARTITION_MISMATCH',
    });
  });

  it("accepts IT's extra audiences with any partition's ACS, and an unknown audience only when IT added it", async () => {
    const custom = 'https://aws.corp.example/saml-sp';
    await expect(verifier().verify(response(custom, sites.aws.acs))).rejects.toMatchObject({
      code: 'SAML_WRONG_AUDIENCE',
      message: expect.stringContaining('idp.extraAudiences'),
    });
    const withExtra = verifier({ extraAudiences: [custom] });
    await expect(withExtra.verify(response(custom, sites['aws-us-gov'].acs))).resolves.toMatchObject({
      partition: 'aws-us-gov',
    });
  });

  it("takes the partition from the Audience when the Recipient is IT's own ACS", async () => {
    const acs = 'https://sso.corp.example/aws/acs';
    const withAcs = verifier({ extraAcsUrls: [acs] });
    await expect(withAcs.verify(response(sites['aws-cn'].audience, acs, null))).resolves.toMatchObject({
      partition: 'aws-cn',
    });
    const both = verifier({ extraAcsUrls: [acs], extraAudiences: ['urn:corp:aws'] });
    await expect(both.verify(response('urn:corp:aws', acs, null))).resolves.toMatchObject({
      partition: null,
    });
  });
});
