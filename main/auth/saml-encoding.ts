/**
 * The cheap checks on the raw SAMLResponse, done before any XML parser sees it: size (AWS caps the
 * SAMLAssertion parameter at 100,000 characters), base64, UTF-8, and no DTD. A DTD is never part of
 * a SAML message (SAML core §6.2 forbids it); refusing it before parsing rules out XXE and entity
 * expansion ("billion laughs") in every parser downstream, including the schema validator.
 */
import { SamlError, advice } from './saml-errors.ts';

export const maxAssertionChars = 100_000;
const minAssertionChars = 4;

export interface DecodedSamlResponse {
  /** The base64 text exactly as STS will receive it (line breaks removed). */
  assertionBase64: string;
  xml: string;
}

export function decodeSamlResponse(samlResponse: string): DecodedSamlResponse {
  // Some IdPs wrap base64 at 64 or 76 columns; STS wants it unbroken.
  const assertionBase64 = samlResponse.replace(/[\r\n]/g, '');
  if (assertionBase64.length > maxAssertionChars) {
    throw new SamlError(
      'SAML_TOO_LARGE',
      `The sign-in response is ${assertionBase64.length.toLocaleString('en-US')} characters long; AWS accepts at most ` +
        `${maxAssertionChars.toLocaleString('en-US')}. This usually means too many roles or attributes are sent. ` +
        advice.askIdpAdmin,
    );
  }
  if (assertionBase64.length < minAssertionChars) {
    throw new SamlError('SAML_EMPTY', `The sign-in response is empty. ${advice.retry}`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(assertionBase64) || assertionBase64.length % 4 !== 0) {
    throw new SamlError(
      'SAML_NOT_BASE64',
      `The sign-in response is not base64-encoded as SAML requires. ${advice.retry}`,
    );
  }
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(assertionBase64, 'base64'));
  } catch (cause) {
    throw new SamlError('SAML_NOT_XML', `The sign-in response is not UTF-8 text. ${advice.retry}`, { cause });
  }
  if (!xml.trimStart().startsWith('<') || xml.includes('\0')) {
    throw new SamlError('SAML_NOT_XML', `The sign-in response is not XML. ${advice.retry}`);
  }
  if (/<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i.test(xml)) {
    throw new SamlError(
      'SAML_DOCTYPE',
      `The sign-in response contains a document type declaration, which SAML forbids and attacks use. ${advice.tampered}`,
    );
  }
  return { assertionBase64, xml };
}
