import { randomUUID } from 'node:crypto';
import * as samlify from 'samlify';
import { AWS_ACS_URL, AWS_SP_ENTITY_ID } from '../organization.ts';
import { escapeXml } from '../http-util.ts';
import type { LabUser } from './users.ts';

/**
 * Builds IdP-initiated SAML responses for AWS and signs them with samlify's IdP side. The Node IdP
 * uses it for real sign-ins; tests use it to make the variants AWS must refuse (expired, wrong
 * audience, other signer…), signed with the lab's own keys.
 */
export interface SubjectConfirmation {
  recipient?: string;
  notOnOrAfter?: Date;
}

export interface SamlResponseClaims {
  issuer: string;
  nameId: string;
  nameIdFormat: string;
  destination: string;
  statusCode: string;
  issueInstant: Date;
  audiences: string[];
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** AWS wants exactly one; tests pass zero or two. */
  subjectConfirmations: SubjectConfirmation[];
  sessionNotOnOrAfter?: Date;
  attributes: Record<string, string[]>;
}

export type SignedParts = 'assertion' | 'response' | 'both';

export interface SigningIdentity {
  entityId: string;
  keyPem: string;
  certPem: string;
}

export const NAMEID_TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const STATUS_RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';

/** What a well-behaved IdP sends for this user now: valid five minutes, for the AWS SP. */
export function claimsFor(user: LabUser, issuer: string, now: Date): SamlResponseClaims {
  const inFiveMinutes = new Date(now.getTime() + 5 * 60 * 1000);
  return {
    issuer,
    nameId: `_${randomUUID()}`,
    nameIdFormat: NAMEID_TRANSIENT,
    destination: AWS_ACS_URL,
    statusCode: STATUS_SUCCESS,
    issueInstant: now,
    audiences: [AWS_ACS_URL],
    notBefore: now,
    notOnOrAfter: inFiveMinutes,
    subjectConfirmations: [{ recipient: AWS_ACS_URL, notOnOrAfter: inFiveMinutes }],
    sessionNotOnOrAfter: new Date(now.getTime() + 8 * 3600 * 1000),
    // A copy: tests edit claims, and the user table is shared by every sign-in.
    attributes: structuredClone(user.attributes),
  };
}

const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const optionalAttr = (name: string, value: string | Date | undefined): string =>
  value === undefined ? '' : ` ${name}="${escapeXml(value instanceof Date ? iso(value) : value)}"`;

export function renderResponseXml(
  claims: SamlResponseClaims,
  responseId: string,
  assertionId: string,
): string {
  const issuer = `<saml:Issuer>${escapeXml(claims.issuer)}</saml:Issuer>`;
  const confirmations = claims.subjectConfirmations
    .map(
      (c) =>
        `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${optionalAttr('NotOnOrAfter', c.notOnOrAfter)}${optionalAttr('Recipient', c.recipient)}/></saml:SubjectConfirmation>`,
    )
    .join('');
  const audiences = claims.audiences.map((a) => `<saml:Audience>${escapeXml(a)}</saml:Audience>`).join('');
  const attributes = Object.entries(claims.attributes)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${values
          .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('');
  const status =
    claims.statusCode === STATUS_SUCCESS
      ? `<samlp:StatusCode Value="${STATUS_SUCCESS}"/>`
      : `<samlp:StatusCode Value="${escapeXml(claims.statusCode)}"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode>`;
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${iso(claims.issueInstant)}" Destination="${escapeXml(claims.destination)}">` +
    issuer +
    `<samlp:Status>${status}</samlp:Status>` +
    `<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="${assertionId}" Version="2.0" IssueInstant="${iso(claims.issueInstant)}">` +
    issuer +
    `<saml:Subject><saml:NameID Format="${escapeXml(claims.nameIdFormat)}">${escapeXml(claims.nameId)}</saml:NameID>${confirmations}</saml:Subject>` +
    `<saml:Conditions${optionalAttr('NotBefore', claims.notBefore)}${optionalAttr('NotOnOrAfter', claims.notOnOrAfter)}>` +
    (audiences ? `<saml:AudienceRestriction>${audiences}</saml:AudienceRestriction>` : '') +
    `</saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(claims.issueInstant)}" SessionIndex="_${randomUUID()}"${optionalAttr('SessionNotOnOrAfter', claims.sessionNotOnOrAfter)}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    `</saml:Assertion></samlp:Response>`
  );
}

/** The AWS service provider as samlify sees it; which parts get signed follows its settings. */
function awsServiceProvider(signed: SignedParts): samlify.ServiceProviderInstance {
  return samlify.ServiceProvider({
    entityID: AWS_SP_ENTITY_ID,
    assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: AWS_ACS_URL }],
    wantAssertionsSigned: signed !== 'response',
    wantMessageSigned: signed !== 'assertion',
  });
}

export function samlifyIdentityProvider(
  identity: SigningIdentity,
  signInUrl: string,
): samlify.IdentityProviderInstance {
  return samlify.IdentityProvider({
    entityID: identity.entityId,
    privateKey: identity.keyPem,
    signingCert: identity.certPem,
    nameIDFormat: [NAMEID_TRANSIENT],
    singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: signInUrl }],
    // Unused, but samlify warns without one.
    singleLogoutService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: signInUrl }],
    requestSignatureAlgorithm: samlify.Constants.algorithms.signature.RSA_SHA256,
  });
}

/** Signs claims as `identity` and returns the base64 SAMLResponse, exactly as an IdP would POST it. */
export async function signSamlResponse(
  idp: samlify.IdentityProviderInstance,
  claims: SamlResponseClaims,
  signed: SignedParts = 'both',
): Promise<string> {
  const responseId = `_${randomUUID()}`;
  const xml = renderResponseXml(claims, responseId, `_${randomUUID()}`);
  const { context } = await idp.createLoginResponse(
    awsServiceProvider(signed),
    { extract: {} },
    'post',
    {},
    () => ({
      id: responseId,
      context: xml,
    }),
  );
  return context;
}
