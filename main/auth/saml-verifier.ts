/**
 * Verifies a captured SAMLResponse the way AWS will, before the app spends it on AssumeRoleWithSAML.
 * Order matters: cheap refusals first (size, encoding, DTD), then the layout that rules out signature
 * wrapping, the SAML schema, the signature, and finally the content, read from the signed XML only.
 */
import { acsPartition, isAwsAcsUrl, normalizeExtraAcsUrl } from './acs-urls.ts';
import { partitions, type AwsPartition } from './aws-partitions.ts';
import type { AwsRole } from './aws-roles.ts';
import { readIdpTrust } from './idp-metadata.ts';
import { readAssertion } from './saml-assertion.ts';
import { childElements, ns, parseXml, textOf } from './saml-dom.ts';
import { decodeSamlResponse } from './saml-encoding.ts';
import { SamlError, advice } from './saml-errors.ts';
import { validateSamlSchema, warmSamlSchema } from './saml-schema.ts';
import { trustAnchors, verifySignedAssertion } from './saml-signature.ts';
import { checkResponseLayout } from './saml-structure.ts';
import { defaultClockSkewSeconds, maxClockSkewSeconds } from './saml-time.ts';

export interface SamlVerifierOptions {
  /** The IdP metadata XML IT configures: the only source of trust (entity id, signing certificates). */
  idpMetadataXml: string;
  /** ACS URLs an administrator added besides AWS's own (absolute https URLs). */
  extraAcsUrls?: readonly string[];
  /** Audiences IT accepts besides AWS's own entity ids (idp.extraAudiences). */
  extraAudiences?: readonly string[];
  /** Tolerance for the local clock; 0-600 s, default 180 s (see saml-time.ts). */
  clockSkewSeconds?: number;
  now?: () => Date;
}

export interface VerifiedSamlAssertion {
  /** The signed assertion's ID, for the replay cache. */
  assertionId: string;
  /** The AWS partition its Audience and Recipient name (null: only IT's own ACS/audiences do). */
  partition: AwsPartition | null;
  nameId: string;
  roleSessionName: string;
  roles: AwsRole[];
  sessionDurationSeconds?: number;
  /** The earliest NotOnOrAfter of the assertion: it cannot be redeemed at STS after this. */
  notOnOrAfter: Date;
  issuer: string;
  /** What to pass to STS as SAMLAssertion. */
  assertionBase64: string;
}

export interface SamlVerifier {
  readonly idpEntityId: string;
  verify(samlResponseBase64: string): Promise<VerifiedSamlAssertion>;
}

function badConfig(reason: string): SamlError {
  return new SamlError(
    'SAML_BAD_CONFIG',
    `The sign-in settings of this app are invalid: ${reason}. Ask your IT team to correct them.`,
  );
}

function checkEnvelope(response: Element, issuer: string, extraAcsUrls: readonly string[]): void {
  const destination = response.getAttribute('Destination');
  if (destination && !isAwsAcsUrl(destination, extraAcsUrls)) {
    throw new SamlError(
      'SAML_WRONG_DESTINATION',
      `The sign-in response is addressed to "${destination.slice(0, 200)}" instead of AWS sign-in. ${advice.askIdpAdmin}`,
    );
  }
  const responseIssuer = childElements(response, ns.assertion, 'Issuer')[0];
  if (responseIssuer && textOf(responseIssuer).trim() !== issuer) {
    throw new SamlError(
      'SAML_WRONG_ISSUER',
      `The sign-in response comes from another sign-in provider than the one this app is set up for ("${issuer}"). ` +
        'Ask your IT team to check the IdP metadata configured in this app.',
    );
  }
}

/** The envelope's Destination (when AWS's) must be the same partition's sign-in as the Recipient. */
function checkDestinationPartition(destination: string | null, recipient: string): void {
  const addressed = destination ? acsPartition(destination) : null;
  const recipientPartition = acsPartition(recipient);
  if (!addressed || !recipientPartition || addressed === recipientPartition) return;
  throw new SamlError(
    'SAML_PARTITION_MISMATCH',
    `The sign-in response mixes AWS partitions: it is sent to AWS sign-in of ${partitions[addressed].label} ` +
      `("${destination?.slice(0, 200)}") but its Recipient is AWS sign-in of ${partitions[recipientPartition].label} ` +
      `("${recipient.slice(0, 200)}"). ${advice.askIdpAdmin}`,
  );
}

export function createSamlVerifier(options: SamlVerifierOptions): SamlVerifier {
  const trust = readIdpTrust(options.idpMetadataXml);
  const anchors = trustAnchors(trust.signingCertificates);
  const extraAcsUrls = (options.extraAcsUrls ?? []).map((url) => {
    const normalized = normalizeExtraAcsUrl(url);
    if (!normalized) throw badConfig(`the extra ACS URL "${url}" is not an absolute https URL`);
    return normalized;
  });
  const extraAudiences = (options.extraAudiences ?? []).map((audience) => audience.trim());
  const clockSkewSeconds = options.clockSkewSeconds ?? defaultClockSkewSeconds;
  if (!Number.isInteger(clockSkewSeconds) || clockSkewSeconds < 0 || clockSkewSeconds > maxClockSkewSeconds) {
    throw badConfig(`the clock skew must be a whole number of seconds from 0 to ${maxClockSkewSeconds}`);
  }
  const now = options.now ?? (() => new Date());
  // Verifiers are made as the sign-in window opens: the validator warms up while the person signs in.
  warmSamlSchema();

  return {
    idpEntityId: trust.entityId,
    async verify(samlResponseBase64) {
      const { assertionBase64, xml } = decodeSamlResponse(samlResponseBase64);
      const layout = checkResponseLayout(parseXml(xml, 'The sign-in response'));
      // The schema check runs in its worker while the signature is checked here; the schema's verdict
      // still comes first (same code for a response that fails both) and gates everything after.
      const schemaChecked = validateSamlSchema(xml);
      let signed: { xml: string } | { error: unknown };
      try {
        signed = { xml: verifySignedAssertion(xml, layout, anchors) };
      } catch (error) {
        signed = { error };
      }
      await schemaChecked;
      if ('error' in signed) throw signed.error;
      const signedAssertionXml = signed.xml;
      // The signature covered an assertion; make sure it is the one in place, not a copy hidden elsewhere.
      const signedId = parseXml(signedAssertionXml, 'The signed assertion').documentElement.getAttribute(
        'ID',
      );
      if (!signedId || signedId !== layout.assertion.getAttribute('ID')) {
        throw new SamlError(
          'SAML_SIGNATURE_WRAPPING',
          `The signature covers another assertion than the one sent. ${advice.tampered}`,
        );
      }
      checkEnvelope(layout.response, trust.entityId, extraAcsUrls);
      const { recipient, ...content } = readAssertion(signedAssertionXml, {
        issuer: trust.entityId,
        extraAcsUrls,
        extraAudiences,
        now: now(),
        clockSkewSeconds,
      });
      checkDestinationPartition(layout.response.getAttribute('Destination'), recipient);
      return { ...content, assertionBase64 };
    },
  };
}
