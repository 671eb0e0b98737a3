import * as samlify from 'samlify';
import * as xmllint from '@authenio/samlify-xmllint-wasm';
import type { SamlProvider } from './saml-providers.ts';

// samlify refuses to parse anything until a schema validator is set; the WASM one needs no Java.
samlify.setSchemaValidator(xmllint);

/**
 * Verifies a SAML response against a registered provider with samlify (schema, signature, XML
 * signature wrapping defences), then reads the claims from the signed assertion only, so nothing
 * outside the signature can influence what STS decides. Time, audience and recipient rules are
 * AWS's, not samlify's, and live in assume-role-with-saml.ts against the lab's clock.
 */
export interface AssertionClaims {
  issuer: string | undefined;
  nameId: string | undefined;
  nameIdFormat: string | undefined;
  audiences: string[];
  notBefore: Date | undefined;
  notOnOrAfter: Date | undefined;
  confirmations: { recipient: string | undefined; notOnOrAfter: Date | undefined }[];
  sessionNotOnOrAfter: Date | undefined;
  attributes: Record<string, string[]>;
}

export type SamlVerification =
  | { ok: true; claims: AssertionClaims }
  | { ok: false; reason: 'malformed' | 'status' | 'signature'; message: string };

type Extracted = Record<string, unknown>;

const list = <T>(value: T | T[] | null | undefined): T[] =>
  value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
const date = (value: unknown): Date | undefined => (typeof value === 'string' ? new Date(value) : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const ASSERTION = 'Assertion';
const CONFIRMATION_DATA = [ASSERTION, 'Subject', 'SubjectConfirmation', 'SubjectConfirmationData'];

function readClaims(assertionXml: string): AssertionClaims {
  const extracted = samlify.Extractor.extract(assertionXml, [
    { key: 'issuer', localPath: [ASSERTION, 'Issuer'], attributes: [] },
    { key: 'nameId', localPath: [ASSERTION, 'Subject', 'NameID'], attributes: [] },
    { key: 'nameIdFormat', localPath: [ASSERTION, 'Subject', 'NameID'], attributes: ['Format'] },
    {
      key: 'audiences',
      localPath: [ASSERTION, 'Conditions', 'AudienceRestriction', 'Audience'],
      attributes: [],
    },
    { key: 'notBefore', localPath: [ASSERTION, 'Conditions'], attributes: ['NotBefore'] },
    { key: 'notOnOrAfter', localPath: [ASSERTION, 'Conditions'], attributes: ['NotOnOrAfter'] },
    { key: 'confirmationNodes', localPath: CONFIRMATION_DATA, attributes: [], context: true },
    { key: 'confirmations', localPath: CONFIRMATION_DATA, attributes: ['Recipient', 'NotOnOrAfter'] },
    {
      key: 'sessionNotOnOrAfter',
      localPath: [ASSERTION, 'AuthnStatement'],
      attributes: ['SessionNotOnOrAfter'],
    },
    {
      key: 'attributes',
      localPath: [ASSERTION, 'AttributeStatement', 'Attribute'],
      index: ['Name'],
      attributePath: ['AttributeValue'],
      attributes: [],
    },
  ]) as Extracted;
  const confirmationNodes = list(extracted['confirmationNodes'] as string | string[] | null);
  const confirmationAttrs = list(extracted['confirmations'] as Extracted | Extracted[] | null);
  const attributes = Object.fromEntries(
    Object.entries((extracted['attributes'] ?? {}) as Record<string, string | string[]>).map(
      ([name, values]) => [name, list(values)],
    ),
  );
  return {
    issuer: text(extracted['issuer']),
    nameId: text(extracted['nameId']),
    nameIdFormat: text(extracted['nameIdFormat']),
    audiences: list(extracted['audiences'] as string | string[] | null),
    notBefore: date(extracted['notBefore']),
    notOnOrAfter: date(extracted['notOnOrAfter']),
    // A confirmation with no attributes at all is absent from the attribute list: count the nodes.
    confirmations: confirmationNodes.map((_, i) => ({
      recipient: text(confirmationAttrs[i]?.['recipient']),
      notOnOrAfter: date(confirmationAttrs[i]?.['notOnOrAfter']),
    })),
    sessionNotOnOrAfter: date(extracted['sessionNotOnOrAfter']),
    attributes,
  };
}

const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export async function verifySamlResponse(xml: string, provider: SamlProvider): Promise<SamlVerification> {
  try {
    await samlify.SamlLib.isValidXml(xml);
  } catch {
    return {
      ok: false,
      reason: 'malformed',
      message: 'Invalid SAML response: not a valid SAML 2.0 document',
    };
  }
  const status = samlify.Extractor.extract(xml, [
    { key: 'code', localPath: ['Response', 'Status', 'StatusCode'], attributes: ['Value'] },
  ]) as Extracted;
  if (status['code'] !== STATUS_SUCCESS) {
    return { ok: false, reason: 'status', message: `The IdP reported status ${String(status['code'])}` };
  }
  let verified: [boolean, string | null];
  try {
    verified = samlify.SamlLib.verifySignature(xml, { metadata: provider.metadata }) as [
      boolean,
      string | null,
    ];
  } catch (error) {
    return { ok: false, reason: 'signature', message: `Invalid signature: ${(error as Error).message}` };
  }
  const [valid, assertionXml] = verified;
  if (!valid || !assertionXml) {
    return {
      ok: false,
      reason: 'signature',
      message: 'The response or assertion signature is not valid for this provider',
    };
  }
  return { ok: true, claims: readClaims(assertionXml) };
}
