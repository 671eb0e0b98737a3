/**
 * What the app trusts: the IdP's entity id and signing certificates, read from the metadata XML IT
 * configures. Several signing certificates are kept (IdPs publish two during a key rollover).
 */
import { X509Certificate } from 'node:crypto';
import { IdPMetadata } from 'samlify';
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

export function readIdpTrust(metadataXml: string): IdpTrust {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(metadataXml))
    throw badMetadata('the IdP metadata contains a document type declaration');
  let metadata: ReturnType<typeof IdPMetadata>;
  try {
    metadata = IdPMetadata(metadataXml);
  } catch (cause) {
    throw badMetadata('the IdP metadata is not valid XML', cause);
  }
  const entityId = metadata.getEntityID();
  if (typeof entityId !== 'string' || entityId === '') throw badMetadata('the IdP metadata has no entityID');
  const declared = metadata.getX509Certificate('signing') as string | string[] | null;
  const certificates = [declared ?? []].flat(2).map((cert) => String(cert).replace(/\s+/g, ''));
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
