import { describe, expect, it } from 'vitest';
import { signingIdentity } from '../../test/fixtures/saml/saml-kit.ts';
import { readIdpTrust } from './idp-metadata.ts';

const a = signingIdentity('idp').certificateBase64;
const b = signingIdentity('idp-next').certificateBase64;

const key = (cert: string, use?: string): string =>
  `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n${cert.replace(/.{64}/g, '$&\n')}\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;

const metadata = (keys: string, entityId = 'https://idp.example.test'): string =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">` +
  `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}</md:IDPSSODescriptor></md:EntityDescriptor>`;

describe('readIdpTrust', () => {
  it.each([
    ['one key without use', key(a), [a]],
    ['two keys without use (rollover)', key(a) + key(b), [a, b]],
    ['a signing and an encryption key', key(a, 'signing') + key(b, 'encryption'), [a]],
    ['a key without use next to an encryption key', key(a) + key(b, 'encryption'), [a]],
    ['two signing keys', key(a, 'signing') + key(b, 'signing'), [a, b]],
    ['the same key twice', key(a, 'signing') + key(a), [a]],
  ])('reads the signing certificates from %s', (_label, keys, expected) => {
    expect(readIdpTrust(metadata(keys))).toEqual({
      entityId: 'https://idp.example.test',
      signingCertificates: expected,
    });
  });

  it.each([
    ['only an encryption key', metadata(key(a, 'encryption'))],
    ['no entityID', metadata(key(a), '')],
    ['an SP instead of an IdP', metadata(key(a)).replaceAll('IDPSSODescriptor', 'SPSSODescriptor')],
    [
      'an EntitiesDescriptor root',
      `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${metadata(key(a))}</md:EntitiesDescriptor>`,
    ],
    ['malformed XML', metadata(key(a)).slice(0, -5)],
  ])('refuses metadata with %s', (_label, xml) => {
    expect(() => readIdpTrust(xml)).toThrow(expect.objectContaining({ code: 'SAML_BAD_IDP_METADATA' }));
  });
});
