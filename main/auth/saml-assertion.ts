/**
 * Reads and checks what AWS checks, from the signed assertion only (the XML the signature covered).
 * Each rule mirrors one of AWS's, so a response this accepts is one STS will not refuse for its form.
 */
import type { AwsPartition } from './aws-partitions.ts';
import { parseAwsRoles, roleAttribute, type AwsRole } from './aws-roles.ts';
import { checkAudienceAndRecipient } from './saml-audience.ts';
import { readRoleSessionName, roleSessionNameAttribute } from './role-session-name.ts';
import { childElements, descendantElements, ns, parseXml, textOf } from './saml-dom.ts';
import { SamlError, advice } from './saml-errors.ts';
import { checkValidityWindow, parseSamlInstant } from './saml-time.ts';

export const sessionDurationAttribute = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';
const bearer = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export interface AssertionContent {
  /** The assertion's ID attribute (signed): what the replay cache remembers. */
  assertionId: string;
  /** The partition its Audience and Recipient name; null when only IT's own ACS/audiences do. */
  partition: AwsPartition | null;
  recipient: string;
  issuer: string;
  nameId: string;
  roleSessionName: string;
  roles: AwsRole[];
  sessionDurationSeconds?: number;
  notOnOrAfter: Date;
}

export interface AssertionRules {
  issuer: string;
  extraAcsUrls: readonly string[];
  extraAudiences: readonly string[];
  now: Date;
  clockSkewSeconds: number;
}

function attributeValues(assertion: Element): Map<string, string[][]> {
  const byName = new Map<string, string[][]>();
  for (const statement of childElements(assertion, ns.assertion, 'AttributeStatement')) {
    for (const attribute of childElements(statement, ns.assertion, 'Attribute')) {
      const name = attribute.getAttribute('Name') ?? '';
      const values = childElements(attribute, ns.assertion, 'AttributeValue').map((value) =>
        textOf(value).trim(),
      );
      byName.set(name, [...(byName.get(name) ?? []), values]);
    }
  }
  return byName;
}

function readIssuer(assertion: Element, expected: string): string {
  const issuerElement = childElements(assertion, ns.assertion, 'Issuer')[0];
  const issuer = issuerElement ? textOf(issuerElement).trim() : '';
  if (issuer !== expected) {
    throw new SamlError(
      'SAML_WRONG_ISSUER',
      `The sign-in response comes from "${issuer.slice(0, 200)}", not from the sign-in provider this app is set up for ` +
        `("${expected}"). Ask your IT team to check the IdP metadata configured in this app.`,
    );
  }
  return issuer;
}

function readSubject(assertion: Element): { nameId: string; confirmation: Element } {
  const subject = childElements(assertion, ns.assertion, 'Subject')[0];
  const confirmations = subject ? childElements(subject, ns.assertion, 'SubjectConfirmation') : [];
  const data = subject ? descendantElements(subject, ns.assertion, 'SubjectConfirmationData') : [];
  const confirmation = confirmations[0];
  if (confirmations.length !== 1 || data.length !== 1 || confirmation?.getAttribute('Method') !== bearer) {
    throw new SamlError(
      'SAML_SUBJECT_CONFIRMATION',
      'AWS requires exactly one bearer SubjectConfirmation (with one SubjectConfirmationData) in the sign-in ' +
        `response; this one has ${data.length}. ${advice.askIdpAdmin}`,
    );
  }
  const nameIdElement = childElements(subject as Element, ns.assertion, 'NameID')[0];
  const nameId = nameIdElement ? textOf(nameIdElement).trim() : '';
  if (nameId === '') {
    throw new SamlError(
      'SAML_MISSING_NAME_ID',
      `The sign-in response does not name you (no NameID). ${advice.askIdpAdmin}`,
    );
  }
  return { nameId, confirmation: data[0] as Element };
}

function readSessionDuration(values: string[][] | undefined): number | undefined {
  if (!values) return undefined;
  const all = values.flat();
  const seconds = all.length === 1 && /^\d{1,6}$/.test(all[0] ?? '') ? Number(all[0]) : NaN;
  if (!(seconds >= 900 && seconds <= 43_200)) {
    throw new SamlError(
      'SAML_BAD_SESSION_DURATION',
      `The sign-in response's SessionDuration must be one whole number of seconds from 900 to 43200. ${advice.askIdpAdmin}`,
    );
  }
  return seconds;
}

function readRoles(attributes: Map<string, string[][]>): AwsRole[] {
  const roleAttributes = attributes.get(roleAttribute) ?? [];
  if (roleAttributes.length > 1) {
    throw new SamlError(
      'SAML_DUPLICATE_ROLE_ATTRIBUTE',
      `The sign-in response has ${roleAttributes.length} AWS Role attributes; AWS expects one attribute with one value ` +
        `per role. ${advice.askIdpAdmin}`,
    );
  }
  const nearMiss = [...attributes.keys()].find(
    (name) => name !== roleAttribute && name.toLowerCase() === roleAttribute.toLowerCase(),
  );
  if (roleAttributes.length === 0 && nearMiss) {
    throw new SamlError(
      'SAML_NO_ROLES',
      `The sign-in response names its role attribute "${nearMiss}"; AWS only reads "${roleAttribute}" (the case ` +
        `matters). ${advice.askIdpAdmin}`,
    );
  }
  return parseAwsRoles(roleAttributes[0] ?? []);
}

export function readAssertion(signedAssertionXml: string, rules: AssertionRules): AssertionContent {
  const assertion = parseXml(signedAssertionXml, 'The signed assertion').documentElement;
  if (assertion.namespaceURI !== ns.assertion || assertion.localName !== 'Assertion') {
    throw new SamlError(
      'SAML_SIGNATURE_WRAPPING',
      `The signature covers something other than the assertion. ${advice.tampered}`,
    );
  }
  const issuer = readIssuer(assertion, rules.issuer);
  const { nameId, confirmation } = readSubject(assertion);
  const confirmationExpiry = confirmation.getAttribute('NotOnOrAfter');
  if (!confirmationExpiry) {
    throw new SamlError(
      'SAML_NO_EXPIRY',
      `The sign-in response does not say until when it is valid (SubjectConfirmationData NotOnOrAfter), which AWS requires. ${advice.askIdpAdmin}`,
    );
  }
  const conditions = childElements(assertion, ns.assertion, 'Conditions')[0];
  const recipient = confirmation.getAttribute('Recipient') ?? '';
  const restrictions = (conditions ? childElements(conditions, ns.assertion, 'AudienceRestriction') : []).map(
    (restriction) =>
      childElements(restriction, ns.assertion, 'Audience').map((audience) => textOf(audience).trim()),
  );
  const partition = checkAudienceAndRecipient(restrictions, recipient, rules);

  const instant = (element: Element | undefined, name: string): Date[] => {
    const value = element?.getAttribute(name);
    return value ? [parseSamlInstant(value, name)] : [];
  };
  const notOnOrAfter = checkValidityWindow(
    {
      notBefore: [...instant(conditions, 'NotBefore'), ...instant(confirmation, 'NotBefore')],
      notOnOrAfter: [
        parseSamlInstant(confirmationExpiry, 'NotOnOrAfter'),
        ...instant(conditions, 'NotOnOrAfter'),
      ],
    },
    rules.now,
    rules.clockSkewSeconds,
  );

  const attributes = attributeValues(assertion);
  const roleSessionName = readRoleSessionName((attributes.get(roleSessionNameAttribute) ?? []).flat());
  const roles = readRoles(attributes);
  const sessionDurationSeconds = readSessionDuration(attributes.get(sessionDurationAttribute));
  const content: AssertionContent = {
    assertionId: assertion.getAttribute('ID') ?? '',
    partition,
    recipient,
    issuer,
    nameId,
    roleSessionName,
    roles,
    notOnOrAfter,
  };
  if (sessionDurationSeconds !== undefined) content.sessionDurationSeconds = sessionDurationSeconds;
  return content;
}
