import { SamlLib } from 'samlify';
import { describe, expect, it } from 'vitest';
import { hostileCorpus } from '../../test/fixtures/saml/hostile-corpus.ts';
import { arns, fixedNow, idpMetadataXml, signingIdentity } from '../../test/fixtures/saml/saml-kit.ts';
import { SamlError } from './saml-errors.ts';
import { trustAnchors } from './saml-signature.ts';
import { createSamlVerifier } from './saml-verifier.ts';

const verifier = createSamlVerifier({ idpMetadataXml: idpMetadataXml(), now: () => fixedNow });

/** Parts of a response that must never appear in an error message (they could be replayed or leak). */
function secretsOf(response: string): string[] {
  const xml = Buffer.from(response, 'base64').toString('utf8');
  const signatureParts = [...xml.matchAll(/<ds:(?:SignatureValue|DigestValue)>([^<]+)</g)].map(
    (m) => m[1] ?? '',
  );
  return [response.slice(0, 48), response.slice(-48), ...signatureParts].filter((part) => part.length >= 16);
}

describe('hostile SAML responses', () => {
  it('has a corpus of at least 30 cases with distinct names', () => {
    expect(hostileCorpus.length).toBeGreaterThanOrEqual(30);
    expect(new Set(hostileCorpus.map((c) => c.name)).size).toBe(hostileCorpus.length);
  });

  it.each(hostileCorpus.map((c) => [c.name, c] as const))('refuses %s', async (_name, hostile) => {
    const response = hostile.build();
    const error = await verifier.verify(response).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SamlError);
    expect(error).toMatchObject({ code: hostile.expected });
    const message = (error as SamlError).message;
    for (const secret of secretsOf(response)) expect(message).not.toContain(secret);
  });
});

describe('second line of defence against signature wrapping', () => {
  const [anchor] = trustAnchors([signingIdentity('idp').certificateBase64]);
  if (!anchor) throw new Error('no trust anchor');

  // Even if the layout checks missed a wrapping shape, what samlify verified is the IdP's original:
  // the attacker's role (account 999988887777) is never in the XML the app reads from.
  it.each(hostileCorpus.filter((c) => c.name.startsWith('XSW')).map((c) => [c.name, c] as const))(
    '%s: the signed XML samlify returns is the original',
    (_name, hostile) => {
      const xml = Buffer.from(hostile.build(), 'base64').toString('utf8');
      const signed = (() => {
        try {
          return SamlLib.verifySignature(xml, anchor)[1];
        } catch {
          return null; // samlify refused it outright
        }
      })();
      if (signed !== null) {
        expect(signed).toContain(arns.roleA);
        expect(signed).not.toContain('999988887777');
      }
      expect(xml).toContain('999988887777');
    },
  );
});
