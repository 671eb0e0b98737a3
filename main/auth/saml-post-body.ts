/**
 * Turns the body of the POST an IdP sends to AWS's ACS (as Electron's webRequest hook sees it) into
 * the SAMLResponse and RelayState fields. Electron splits large bodies into several chunks; all of
 * them are joined (reading only the first one is a known bug of other tools).
 */
import { isAwsAcsUrl } from './acs-urls.ts';
import { SamlError, advice } from './saml-errors.ts';

/** The shape of Electron's `UploadData` items that matter here (Buffer is a Uint8Array). */
export interface UploadChunk {
  bytes?: Uint8Array;
  file?: string;
  blobUUID?: string;
}

export interface CapturedSamlPost {
  samlResponse: string;
  relayState?: string;
}

export interface SamlPostInput {
  uploadData: readonly UploadChunk[] | undefined;
  /** Electron's onBeforeRequest does not expose request headers; when absent the body is sniffed. */
  contentType: string | undefined;
  url: string;
  extraAcsUrls?: readonly string[];
}

// A 100,000-character assertion is ~135 KB once form-encoded; anything far larger is not a sign-in.
const maxBodyBytes = 512 * 1024;

function joinChunks(uploadData: readonly UploadChunk[] | undefined): Uint8Array {
  if (!uploadData || uploadData.length === 0) {
    throw new SamlError(
      'SAML_CAPTURE_NO_BODY',
      `The sign-in page posted to AWS without any data, so there is no sign-in response to use. ${advice.retry}`,
    );
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const chunk of uploadData) {
    if (!chunk.bytes) {
      throw new SamlError(
        'SAML_CAPTURE_BODY_NOT_INLINE',
        `The sign-in page posted a file instead of a sign-in response, which the app cannot use. ${advice.askIdpAdmin}`,
      );
    }
    total += chunk.bytes.byteLength;
    if (total > maxBodyBytes) {
      throw new SamlError(
        'SAML_TOO_LARGE',
        `The sign-in page posted more than ${maxBodyBytes / 1024} KB, far more than a sign-in response. ${advice.askIdpAdmin}`,
      );
    }
    parts.push(chunk.bytes);
  }
  return Buffer.concat(parts);
}

function single(values: string[], field: string): string | undefined {
  if (values.length > 1) {
    throw new SamlError(
      'SAML_CAPTURE_DUPLICATE_FIELD',
      `The sign-in page posted the field ${field} ${values.length} times, so the app cannot tell which one is real. ${advice.tampered}`,
    );
  }
  return values[0];
}

function malformed(what: string): SamlError {
  return new SamlError(
    'SAML_CAPTURE_MALFORMED_BODY',
    `The sign-in page posted a malformed form (${what}). ${advice.retry}`,
  );
}

function parseUrlEncoded(body: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(body)) {
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return fields;
}

function multipartBoundary(contentType: string | undefined, body: string): string {
  const declared = contentType && /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  if (declared) return declared[1] ?? declared[2] ?? '';
  // Sniffed bodies start with "--<boundary>\r\n".
  const firstLine = /^--([^\r\n]{1,200})\r\n/.exec(body);
  if (!firstLine?.[1]) throw malformed('multipart body without a boundary');
  return firstLine[1];
}

function parseMultipart(body: string, contentType: string | undefined): Map<string, string[]> {
  const boundary = multipartBoundary(contentType, body);
  const fields = new Map<string, string[]>();
  const sections = body.split(`--${boundary}`);
  if (sections.length < 3 || !sections.at(-1)?.startsWith('--'))
    throw malformed('multipart body is not terminated');
  for (const section of sections.slice(1, -1)) {
    const headerEnd = section.indexOf('\r\n\r\n');
    if (!section.startsWith('\r\n') || headerEnd < 0 || !section.endsWith('\r\n')) {
      throw malformed('multipart part without headers');
    }
    const headers = section.slice(2, headerEnd);
    const name = /^content-disposition:\s*form-data;(?:.*;)?\s*name="([^"]*)"/im.exec(headers)?.[1];
    if (name === undefined) throw malformed('multipart part without a field name');
    const value = Buffer.from(section.slice(headerEnd + 4, -2), 'latin1').toString('utf8');
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return fields;
}

function looksMultipart(contentType: string | undefined, body: string): boolean {
  if (contentType) {
    const type = contentType.split(';')[0]?.trim().toLowerCase();
    if (type === 'multipart/form-data') return true;
    if (type === 'application/x-www-form-urlencoded') return false;
    throw new SamlError(
      'SAML_CAPTURE_UNSUPPORTED_CONTENT_TYPE',
      `The sign-in page posted data of type "${type ?? ''}", not a form, so the app cannot read it. ${advice.askIdpAdmin}`,
    );
  }
  return body.startsWith('--');
}

export function extractSamlPost(input: SamlPostInput): CapturedSamlPost {
  if (!isAwsAcsUrl(input.url, input.extraAcsUrls)) {
    throw new SamlError(
      'SAML_CAPTURE_NOT_ACS',
      'The sign-in page posted to an address that is not an AWS sign-in address, so the app ignored it. ' +
        advice.askIdpAdmin,
    );
  }
  const bytes = joinChunks(input.uploadData);
  // Form bodies are ASCII (url-encoded) or UTF-8; latin1 keeps every byte so multipart offsets stay exact.
  const body = Buffer.from(bytes).toString('latin1');
  const fields = looksMultipart(input.contentType, body)
    ? parseMultipart(body, input.contentType)
    : parseUrlEncoded(body);

  const raw = single(fields.get('SAMLResponse') ?? [], 'SAMLResponse');
  if (!raw) {
    throw new SamlError(
      'SAML_CAPTURE_NO_SAML_RESPONSE',
      `The sign-in page posted to AWS without a sign-in response (no SAMLResponse field). ${advice.askIdpAdmin}`,
    );
  }
  // Base64 never contains spaces: one here is a "+" an IdP forgot to percent-encode.
  const samlResponse = raw.replaceAll(' ', '+');
  const relayState = single(fields.get('RelayState') ?? [], 'RelayState');
  return relayState === undefined ? { samlResponse } : { samlResponse, relayState };
}
