import { describe, expect, it } from 'vitest';
import { extractSamlPost, type UploadChunk } from './saml-post-body.ts';

const acs = 'https://signin.aws.amazon.com/saml';
const samlResponse = Buffer.from('<samlp:Response>…</samlp:Response>'.repeat(50)).toString('base64');

function chunks(body: string, size: number): UploadChunk[] {
  const bytes = Buffer.from(body, 'utf8');
  const out: UploadChunk[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push({ bytes: bytes.subarray(i, i + size) });
  return out;
}

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

function multipart(boundary: string, fields: [string, string][]): string {
  return (
    fields
      .map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      )
      .join('') + `--${boundary}--\r\n`
  );
}

describe('extractSamlPost', () => {
  it('reads SAMLResponse and RelayState from a url-encoded form', () => {
    const body = form({ SAMLResponse: samlResponse, RelayState: 'https://console.aws.amazon.com/ä' });
    const result = extractSamlPost({
      uploadData: chunks(body, 1 << 20),
      contentType: 'application/x-www-form-urlencoded',
      url: acs,
    });
    expect(result).toEqual({ samlResponse, relayState: 'https://console.aws.amazon.com/ä' });
  });

  it('joins every chunk Electron split the body into', () => {
    const body = form({ SAMLResponse: samlResponse });
    const split = chunks(body, 100);
    expect(split.length).toBeGreaterThan(10);
    expect(extractSamlPost({ uploadData: split, contentType: undefined, url: acs })).toEqual({
      samlResponse,
    });
  });

  it('restores a "+" an IdP forgot to percent-encode', () => {
    const body = `SAMLResponse=${samlResponse.slice(0, 40)}+${samlResponse.slice(40)}`;
    const expected = `${samlResponse.slice(0, 40)}+${samlResponse.slice(40)}`;
    expect(
      extractSamlPost({ uploadData: chunks(body, 64), contentType: undefined, url: acs }).samlResponse,
    ).toBe(expected);
  });

  it('reads multipart/form-data, with the boundary declared or sniffed', () => {
    const body = multipart('----b0undary', [
      ['RelayState', 'state'],
      ['SAMLResponse', samlResponse],
    ]);
    const declared = extractSamlPost({
      uploadData: chunks(body, 333),
      contentType: 'multipart/form-data; boundary=----b0undary',
      url: acs,
    });
    expect(declared).toEqual({ samlResponse, relayState: 'state' });
    expect(extractSamlPost({ uploadData: chunks(body, 333), contentType: undefined, url: acs })).toEqual(
      declared,
    );
  });

  it('accepts a configured extra ACS and regional AWS hosts', () => {
    const uploadData = chunks(form({ SAMLResponse: samlResponse }), 1000);
    expect(
      extractSamlPost({
        uploadData,
        contentType: undefined,
        url: 'https://eu-west-1.signin.aws.amazon.com/saml',
      }).samlResponse,
    ).toBe(samlResponse);
    expect(
      extractSamlPost({
        uploadData,
        contentType: undefined,
        url: 'https://sso.corp.example/acs',
        extraAcsUrls: ['https://sso.corp.example/acs'],
      }).samlResponse,
    ).toBe(samlResponse);
  });

  it.each([
    ['SAML_CAPTURE_NOT_ACS', { url: 'https://signin.aws.amazon.com.evil.test/saml' }],
    ['SAML_CAPTURE_NO_BODY', { uploadData: [] }],
    ['SAML_CAPTURE_NO_BODY', { uploadData: undefined }],
    ['SAML_CAPTURE_BODY_NOT_INLINE', { uploadData: [{ file: '/tmp/x' }] }],
    ['SAML_CAPTURE_UNSUPPORTED_CONTENT_TYPE', { contentType: 'application/json' }],
    ['SAML_CAPTURE_NO_SAML_RESPONSE', { uploadData: chunks(form({ RelayState: 'x' }), 100) }],
    ['SAML_CAPTURE_NO_SAML_RESPONSE', { uploadData: chunks('SAMLResponse=', 100) }],
    [
      'SAML_CAPTURE_DUPLICATE_FIELD',
      { uploadData: chunks(`SAMLResponse=${encodeURIComponent(samlResponse)}&SAMLResponse=QUFB`, 100) },
    ],
    [
      'SAML_CAPTURE_DUPLICATE_FIELD',
      { uploadData: chunks(`SAMLResponse=QUFB&RelayState=a&RelayState=b`, 100) },
    ],
    [
      'SAML_CAPTURE_MALFORMED_BODY',
      { uploadData: chunks('--b\r\nno headers', 100), contentType: 'multipart/form-data; boundary=b' },
    ],
    [
      'SAML_TOO_LARGE',
      { uploadData: [{ bytes: Buffer.alloc(400 * 1024) }, { bytes: Buffer.alloc(200 * 1024) }] },
    ],
  ] as const)('refuses with %s', (code, overrides) => {
    const input = {
      uploadData: chunks(form({ SAMLResponse: samlResponse }), 1000),
      contentType: 'application/x-www-form-urlencoded',
      url: acs,
      ...overrides,
    };
    expect(() => extractSamlPost(input)).toThrow(expect.objectContaining({ code }));
  });
});
