/**
 * What the app trusts: the IdP's entity id and signing certificates, read from the metadata XML IT
 * configures. Read here rather than by samlify's metadata parser, which drops certificates in two
 * common layouts: several KeyDescriptors without `use` (a key rollover) and one without `use` next
 * to an encryption key. A KeyDescriptor without `use` serves both purposes (SAML metadata §2.4.1.1).
 */
import { X509Certificate } from 'node:crypto';
import { childElements, descendantElements, ns, parseXml, textOf } from './saml-dom.ts';
import { SamlError } from './saml-errors.ts';

export interface IdpTrust {
  entityId: string;
  /** Base64 DER bodies, as they appear in metadata and in a signature's KeyInfo. */
  signingCertificates: string[];
}

function badMetadata(reason: string, cause?: unknown): SamlError {
  return new SamlError(
    'SAML_BAD_IDP_METADATA',
    `The sign-in provider settings of this app are unusable: ${reason}. Ask your IT team for the IdP metadata XML of the AWS application.`,
    { cause },
  );
}

function parseMetadata(metadataXml: string): Element {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(metadataXml))
    throw badMetadata('the IdP metadata contains a document type declaration');
  let root: Element;
  try {
    root = parseXml(metadataXml, 'The IdP metadata').documentElement;
  } catch (cause) {
    throw badMetadata('the IdP metadata is not valid XML', cause);
  }
  if (root.namespaceURI !== ns.metadata || root.localName !== 'EntityDescriptor') {
    throw badMetadata('the IdP metadata must be one EntityDescriptor');
  }
  return root;
}

export function readIdpTrust(metadataXml: string): IdpTrust {
  const entity = parseMetadata(metadataXml);
  const entityId = entity.getAttribute('entityID') ?? '';
  if (entityId === '') throw badMetadata('the IdP metadata has no entityID');
  const idpDescriptors = childElements(entity, ns.metadata, 'IDPSSODescriptor');
  if (idpDescriptors.length !== 1)
    throw badMetadata('the IdP metadata must describe exactly one SAML identity provider');
  const certificates = childElements(idpDescriptors[0] as Element, ns.metadata, 'KeyDescriptor')
    .filter((key) => (key.getAttribute('use') || 'signing') === 'signing')
    .flatMap((key) => descendantElements(key, ns.dsig, 'X509Certificate'))
    .map((cert) => textOf(cert).replace(/\s+/g, ''));
  if (certificates.length === 0) throw badMetadata('the IdP metadata has no signing certificate');
  for (const cert of certificates) {
    try {
      new X509Certificate(Buffer.from(cert, 'base64'));
    } catch (cause) {
      throw badMetadata('a signing certificate in the IdP metadata cannot be read', cause);
    }
  }
  return { entityId, signingCertificates: [...new Set(certificates)] };
}
