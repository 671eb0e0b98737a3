import { createHash } from 'node:crypto';
import type { LabClock } from '../clock.ts';
import type { LabRole } from '../organization.ts';
import type { CredentialStore } from './credential-store.ts';
import { LAB_PARTITIONS, type LabPartition } from './partitions.ts';
import type { SamlProviderRegistry } from './saml-providers.ts';
import { verifySamlResponse, type AssertionClaims } from './saml-verification.ts';
import { notAuthorizedToAssume, StsError } from './sts-errors.ts';
import type { AssumeRoleWithSamlResult } from './sts-xml.ts';

/**
 * AssumeRoleWithSAML with AWS's rules (IAM user guide, "Configure SAML assertions for the
 * authentication response", and the STS API reference), each refusal carrying AWS's code.
 */
export const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
export const ROLE_SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
export const SESSION_DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';

const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const DEFAULT_DURATION_SECONDS = 3600;
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43200;

export interface AssumeRoleWithSamlParams {
  RoleArn?: string;
  PrincipalArn?: string;
  SAMLAssertion?: string;
  DurationSeconds?: string;
}

export interface StsContext {
  providers: SamlProviderRegistry;
  store: CredentialStore;
  clock: LabClock;
  findRole: (arn: string) => LabRole | undefined;
  /** Tolerance for the IdP's clock on NotBefore/NotOnOrAfter. */
  clockSkewSeconds: number;
  /** The partition this STS serves (its region's): only its own Audience and Recipients pass. Default aws. */
  partition?: LabPartition;
}

function validationError(field: string, value: string, constraint: string): StsError {
  return new StsError(
    'ValidationError',
    400,
    `1 validation error detected: Value '${value.slice(0, 64)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

function required(field: string, value: string | undefined): string {
  if (value !== undefined) return value;
  throw new StsError(
    'ValidationError',
    400,
    `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
  );
}

function checkLength(field: string, value: string, min: number, max: number): void {
  if (value.length < min)
    throw validationError(field, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max)
    throw validationError(field, value, `Member must have length less than or equal to ${max}`);
}

function parseDurationSeconds(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds)) throw validationError('durationSeconds', raw, 'Member must be an integer');
  if (seconds < MIN_DURATION_SECONDS) {
    throw validationError(
      'durationSeconds',
      raw,
      `Member must have value greater than or equal to ${MIN_DURATION_SECONDS}`,
    );
  }
  if (seconds > MAX_DURATION_SECONDS) {
    throw validationError(
      'durationSeconds',
      raw,
      `Member must have value less than or equal to ${MAX_DURATION_SECONDS}`,
    );
  }
  return seconds;
}

const isAcsOf = (partition: LabPartition, url: string | undefined): boolean =>
  url !== undefined && LAB_PARTITIONS[partition].recipients.some((pattern) => pattern.test(url));

/** Role attribute values are `roleArn,providerArn` in either order. */
function rolePairs(claims: AssertionClaims): { roleArn: string; principalArn: string }[] {
  return (claims.attributes[ROLE_ATTRIBUTE] ?? []).flatMap((value) => {
    const parts = value.split(',').map((p) => p.trim());
    const roleArn = parts.find((p) => /^arn:aws[\w-]*:iam::\d{12}:role\//.test(p));
    const principalArn = parts.find((p) => /^arn:aws[\w-]*:iam::\d{12}:saml-provider\//.test(p));
    return parts.length === 2 && roleArn && principalArn ? [{ roleArn, principalArn }] : [];
  });
}

function checkTimes(claims: AssertionClaims, ctx: StsContext): void {
  const now = ctx.clock.now().getTime();
  const skew = ctx.clockSkewSeconds * 1000;
  const confirmation = claims.confirmations[0];
  const expiries = [claims.notOnOrAfter, confirmation?.notOnOrAfter].filter(
    (d): d is Date => d !== undefined,
  );
  if (
    expiries.some((d) => Number.isNaN(d.getTime())) ||
    (claims.notBefore && Number.isNaN(claims.notBefore.getTime()))
  ) {
    throw new StsError('InvalidIdentityToken', 400, 'Invalid SAML response: malformed time attribute');
  }
  if (expiries.some((d) => d.getTime() + skew <= now)) {
    throw new StsError('ExpiredTokenException', 400, 'Token is expired');
  }
  if (claims.notBefore && claims.notBefore.getTime() - skew > now) {
    throw new StsError(
      'InvalidIdentityToken',
      400,
      'Invalid SAML response: the assertion is not yet valid (NotBefore)',
    );
  }
}

function checkSubjectConfirmation(claims: AssertionClaims, partition: LabPartition): void {
  if (claims.confirmations.length !== 1) {
    throw new StsError(
      'InvalidIdentityToken',
      400,
      `Invalid SAML response: expected exactly one SubjectConfirmationData, found ${claims.confirmations.length}`,
    );
  }
  const [confirmation] = claims.confirmations;
  if (!confirmation?.notOnOrAfter) {
    throw new StsError(
      'InvalidIdentityToken',
      400,
      'Invalid SAML response: SubjectConfirmationData has no NotOnOrAfter',
    );
  }
  // SAML:aud, which trust policies test, is the Recipient: a foreign one fails the trust policy.
  if (!isAcsOf(partition, confirmation.recipient)) throw notAuthorizedToAssume();
}

function sessionName(claims: AssertionClaims): string {
  const values = claims.attributes[ROLE_SESSION_NAME_ATTRIBUTE] ?? [];
  const [name] = values;
  if (values.length !== 1 || name === undefined) {
    throw new StsError(
      'InvalidIdentityToken',
      400,
      'Invalid SAML response: missing RoleSessionName attribute',
    );
  }
  if (!ROLE_SESSION_NAME.test(name)) {
    throw new StsError(
      'InvalidIdentityToken',
      400,
      `Invalid SAML response: RoleSessionName '${name}' must match [\\w+=,.@-]{2,64}`,
    );
  }
  return name;
}

function sessionDurationAttribute(claims: AssertionClaims): number | undefined {
  const values = claims.attributes[SESSION_DURATION_ATTRIBUTE];
  if (values === undefined) return undefined;
  const seconds = Number(values[0]);
  if (
    values.length !== 1 ||
    !Number.isInteger(seconds) ||
    seconds < MIN_DURATION_SECONDS ||
    seconds > MAX_DURATION_SECONDS
  ) {
    throw new StsError(
      'InvalidIdentityToken',
      400,
      `Invalid SAML response: SessionDuration must be ${MIN_DURATION_SECONDS}-${MAX_DURATION_SECONDS}`,
    );
  }
  return seconds;
}

function sessionSeconds(requested: number | undefined, role: LabRole, attribute: number | undefined): number {
  if (requested !== undefined && requested > role.maxSessionDurationSeconds) {
    throw new StsError(
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  if (requested !== undefined && attribute !== undefined && requested > attribute) {
    throw new StsError(
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the SessionDuration of the SAML assertion.',
    );
  }
  return requested ?? Math.min(DEFAULT_DURATION_SECONDS, attribute ?? DEFAULT_DURATION_SECONDS);
}

/** IAM's NameQualifier: base64(SHA1(Issuer + AccountId + "/" + provider name)). */
function nameQualifier(issuer: string, providerArn: string): string {
  const [, , , , accountId, resource] = providerArn.split(':');
  const providerName = (resource ?? '').replace(/^saml-provider\//, '');
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64');
}

function subjectType(format: string | undefined): string {
  if (format?.endsWith(':transient')) return 'transient';
  if (format?.endsWith(':persistent')) return 'persistent';
  return format ?? 'unspecified';
}

export async function assumeRoleWithSaml(
  params: AssumeRoleWithSamlParams,
  ctx: StsContext,
): Promise<AssumeRoleWithSamlResult> {
  const roleArn = required('roleArn', params.RoleArn);
  const principalArn = required('principalArn', params.PrincipalArn);
  const assertion = required('sAMLAssertion', params.SAMLAssertion);
  checkLength('roleArn', roleArn, 20, 2048);
  checkLength('principalArn', principalArn, 20, 2048);
  checkLength('sAMLAssertion', assertion, 4, 100000);
  const requestedSeconds = parseDurationSeconds(params.DurationSeconds);

  const provider = ctx.providers.find(principalArn);
  if (!provider) {
    throw new StsError('InvalidIdentityToken', 400, `SAML provider ${principalArn} does not exist`);
  }
  const role = ctx.findRole(roleArn);
  if (!role || role.trustedProviderArn !== principalArn) throw notAuthorizedToAssume();

  const xml = Buffer.from(assertion, 'base64').toString('utf8');
  const verification = await verifySamlResponse(xml, provider);
  if (!verification.ok) {
    if (verification.reason === 'status') throw new StsError('IDPRejectedClaim', 403, verification.message);
    throw new StsError('InvalidIdentityToken', 400, verification.message);
  }
  const { claims } = verification;
  if (claims.issuer !== provider.entityId) {
    throw new StsError('InvalidIdentityToken', 400, 'Issuer not present in specified provider');
  }
  const partition = ctx.partition ?? 'aws';
  if (!claims.audiences.some((audience) => LAB_PARTITIONS[partition].audiences.includes(audience))) {
    throw new StsError('InvalidIdentityToken', 400, 'Invalid SAML response: the Audience is not AWS');
  }
  checkSubjectConfirmation(claims, partition);
  checkTimes(claims, ctx);
  const name = sessionName(claims);
  const durationAttribute = sessionDurationAttribute(claims);
  if (!rolePairs(claims).some((pair) => pair.roleArn === roleArn && pair.principalArn === principalArn)) {
    throw notAuthorizedToAssume();
  }

  const seconds = sessionSeconds(requestedSeconds, role, durationAttribute);
  const now = ctx.clock.now();
  let expiration = new Date(now.getTime() + seconds * 1000);
  if (claims.sessionNotOnOrAfter && claims.sessionNotOnOrAfter < expiration)
    expiration = claims.sessionNotOnOrAfter;
  const credentials = ctx.store.issueSession(role, name, expiration);
  if (credentials.principal.kind !== 'assumed-role' || !credentials.sessionToken) {
    throw new Error('lab: a SAML session must be an assumed role with a token');
  }
  const issuer = claims.issuer;
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    expiration,
    assumedRoleId: credentials.principal.userId,
    assumedRoleArn: credentials.principal.arn,
    audience: claims.confirmations[0]?.recipient ?? '',
    issuer,
    subject: claims.nameId ?? '',
    subjectType: subjectType(claims.nameIdFormat),
    nameQualifier: nameQualifier(issuer, principalArn),
  };
}
