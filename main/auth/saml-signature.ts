/**
 * Signature verification through samlify (xml-crypto underneath). samlify returns the XML of what the
 * signature covered (the canonical form, comments dropped); everything the app reads comes from that
 * text, never from the received document, so content outside the signature cannot be read.
 */
import { XMLSerializer } from '@xmldom/xmldom';
import { IdPMetadata, SamlLib } from 'samlify';
import { childElements, parseXml, ns } from './saml-dom.ts';
import { SamlError, advice } from './saml-errors.ts';
import type { ResponseLayout } from './saml-structure.ts';

type SignatureVerifierOptions = Parameters<typeof SamlLib.verifySignature>[1];

/**
 * One samlify metadata view per trusted certificate: samlify tries only the first metadata
 * certificate when a signature carries no KeyInfo, which would break during a key rollover.
 * samlify's signature check reads nothing but the certificate from it, hence the placeholder entityID.
 */
export function trustAnchors(certificates: readonly string[]): SignatureVerifierOptions[] {
  return certificates.map((cert) => ({
    metadata: IdPMetadata(
      `<md:EntityDescriptor xmlns:md="${ns.metadata}" xmlns:ds="${ns.dsig}" entityID="urn:federated-annotator:trust-anchor">` +
        `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing">` +
        `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
        `</md:KeyDescriptor></md:IDPSSODescriptor></md:EntityDescriptor>`,
    ),
  }));
}

type Outcome = 'verified' | 'invalid' | 'untrusted';

function tryVerify(
  xml: string,
  anchor: SignatureVerifierOptions,
): { outcome: Outcome; signedXml?: string; cause?: unknown } {
  try {
    const [verified, signedXml] = SamlLib.verifySignature(xml, anchor);
    if (verified && signedXml) return { outcome: 'verified', signedXml };
    // samlify reports a digest mismatch (content changed after signing) as plain `false`.
    return { outcome: 'invalid' };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : '';
    if (message === 'ERROR_UNMATCH_CERTIFICATE_DECLARATION_IN_METADATA')
      return { outcome: 'untrusted', cause };
    if (message === 'ERR_POTENTIAL_WRAPPING_ATTACK') {
      throw new SamlError(
        'SAML_SIGNATURE_WRAPPING',
        `The sign-in response has a forged layout. ${advice.tampered}`,
        { cause },
      );
    }
    // A wrong signature value, an unsupported or disabled algorithm (HMAC), a malformed Signature.
    return { outcome: 'invalid', cause };
  }
}

/** Verifies with every trusted certificate; the first that verifies wins. */
function verifyWithAnyAnchor(xml: string, anchors: readonly SignatureVerifierOptions[]): string {
  const failures = anchors.map((anchor) => tryVerify(xml, anchor));
  const verified = failures.find((result) => result.outcome === 'verified');
  if (verified?.signedXml) return verified.signedXml;
  if (failures.every((result) => result.outcome === 'untrusted')) {
    throw new SamlError(
      'SAML_UNTRUSTED_SIGNER',
      'The sign-in response is signed with a certificate this app does not trust. If your company changed its sign-in ' +
        'certificate, ask your IT team to update the IdP metadata configured in this app; otherwise do not retry and ' +
        'report it to your IT security team.',
      { cause: failures[0]?.cause },
    );
  }
  throw new SamlError(
    'SAML_SIGNATURE_INVALID',
    `The sign-in response's signature does not match its content. ${advice.tampered}`,
    { cause: failures.find((result) => result.outcome === 'invalid')?.cause },
  );
}

/**
 * Returns the signed assertion's XML. Policy (what AWS accepts): the Response or the Assertion may
 * carry the signature; every signature present must be valid, since an invalid Response signature
 * next to a valid Assertion one means the envelope (Status, Destination) was changed.
 */
export function verifySignedAssertion(
  xml: string,
  layout: ResponseLayout,
  anchors: readonly SignatureVerifierOptions[],
): string {
  const signedAssertionXml = verifyWithAnyAnchor(xml, anchors);
  if (layout.responseSigned && layout.assertionSigned) {
    // samlify checks the Response signature first. When it passes, the assertion it returns still holds
    // its own Signature (the enveloped transform removes only the one being checked); when samlify fell
    // back to the Assertion signature, that Signature is gone.
    const signed = parseXml(signedAssertionXml, 'The signed assertion').documentElement;
    if (childElements(signed, ns.dsig, 'Signature').length === 0) {
      throw new SamlError(
        'SAML_SIGNATURE_INVALID',
        `The sign-in response's signature does not match its content. ${advice.tampered}`,
      );
    }
    // The Response signature covers the assertion's bytes, not its signature's validity: check that too.
    const copy = parseXml(xml, 'The sign-in response');
    for (const signature of childElements(copy.documentElement, ns.dsig, 'Signature'))
      copy.documentElement.removeChild(signature);
    verifyWithAnyAnchor(new XMLSerializer().serializeToString(copy), anchors);
  }
  return signedAssertionXml;
}
