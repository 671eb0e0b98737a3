import { describe, expect, it } from 'vitest';
import { decodeSamlResponse, maxAssertionChars } from './saml-encoding.ts';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const xml = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>';

describe('decodeSamlResponse', () => {
  it('decodes, removing line breaks from the base64 STS will receive', () => {
    const wrapped = b64(xml).replace(/.{20}/g, '$&\r\n');
    expect(decodeSamlResponse(wrapped)).toEqual({ assertionBase64: b64(xml), xml });
  });

  it('checks the size limit on the base64 text, at exactly 100,000 characters', () => {
    // 75,000 bytes encode to exactly 100,000 base64 characters.
    const atLimit = b64(`<a>${' '.repeat(75_000 - 7)}</a>`);
    expect(atLimit).toHaveLength(maxAssertionChars);
    expect(decodeSamlResponse(atLimit).assertionBase64).toHaveLength(maxAssertionChars);
    const over = b64(`<a>${' '.repeat(75_003 - 7)}</a>`);
    expect(() => decodeSamlResponse(over)).toThrow(expect.objectContaining({ code: 'SAML_TOO_LARGE' }));
  });

  it.each([
    ['SAML_EMPTY', ''],
    ['SAML_NOT_BASE64', 'PHNhbWxw OlJl'],
    ['SAML_NOT_BASE64', 'PHNhbWxwOlJl-_'],
    ['SAML_NOT_BASE64', 'PHNhbWxwO'],
    ['SAML_NOT_XML', Buffer.from([0xff, 0xfe, 0x3c, 0x00]).toString('base64')],
    ['SAML_NOT_XML', b64('{"SAMLResponse":1}')],
    ['SAML_DOCTYPE', b64(`<!doctype x>${xml}`)],
    ['SAML_DOCTYPE', b64(`<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "http://evil.test/x.dtd">${xml}`)],
  ])('refuses with %s: %j', (code, input) => {
    expect(() => decodeSamlResponse(input)).toThrow(expect.objectContaining({ code }));
  });
});
