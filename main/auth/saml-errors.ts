/**
 * Every way SAML sign-in can fail, each with a stable code (the IPC layer maps these to its own codes)
 * and a message that says what went wrong and who can fix it. Messages never carry the assertion,
 * a signature value or any other part of the response that could be replayed.
 */
import { AppError } from '../errors.ts';

export const samlErrorCodes = [
  // Capturing the POST to AWS's ACS.
  'SAML_CAPTURE_NOT_ACS',
  'SAML_CAPTURE_NO_BODY',
  'SAML_CAPTURE_BODY_NOT_INLINE',
  'SAML_CAPTURE_UNSUPPORTED_CONTENT_TYPE',
  'SAML_CAPTURE_MALFORMED_BODY',
  'SAML_CAPTURE_NO_SAML_RESPONSE',
  'SAML_CAPTURE_DUPLICATE_FIELD',
  // Configuration made by IT.
  'SAML_BAD_IDP_METADATA',
  'SAML_BAD_CONFIG',
  // Encoding and XML hygiene, checked before any signature work.
  'SAML_EMPTY',
  'SAML_TOO_LARGE',
  'SAML_NOT_BASE64',
  'SAML_NOT_XML',
  'SAML_DOCTYPE',
  'SAML_MALFORMED_XML',
  'SAML_XML_COMMENT',
  'SAML_NOT_A_RESPONSE',
  'SAML_STATUS_NOT_SUCCESS',
  'SAML_ENCRYPTED_ASSERTION',
  'SAML_NO_ASSERTION',
  'SAML_MULTIPLE_ASSERTIONS',
  'SAML_SIGNATURE_WRAPPING',
  'SAML_SCHEMA_INVALID',
  // Signature.
  'SAML_SIGNATURE_MISSING',
  'SAML_SIGNATURE_INVALID',
  'SAML_UNTRUSTED_SIGNER',
  // What the signed assertion says.
  'SAML_WRONG_ISSUER',
  'SAML_WRONG_DESTINATION',
  'SAML_SUBJECT_CONFIRMATION',
  'SAML_NO_EXPIRY',
  'SAML_BAD_TIMESTAMP',
  'SAML_WRONG_RECIPIENT',
  'SAML_WRONG_AUDIENCE',
  'SAML_PARTITION_MISMATCH',
  'SAML_EXPIRED',
  'SAML_NOT_YET_VALID',
  'SAML_MISSING_NAME_ID',
  'SAML_MISSING_SESSION_NAME',
  'SAML_BAD_SESSION_NAME',
  'SAML_BAD_SESSION_DURATION',
  'SAML_NO_ROLES',
  'SAML_DUPLICATE_ROLE_ATTRIBUTE',
  'SAML_ROLE_UNPAIRED',
  'SAML_BAD_ARN',
  'SAML_ROLE_PARTITION_MISMATCH',
  // Already used once (the replay cache).
  'SAML_REPLAYED',
] as const;

export type SamlErrorCode = (typeof samlErrorCodes)[number];

export class SamlError extends AppError<SamlErrorCode> {
  constructor(code: SamlErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'SamlError';
  }
}

/** Endings shared by many messages, so annotators see the same advice for the same situation. */
export const advice = {
  askIdpAdmin:
    'Ask your IT team (the administrators of your company sign-in) to fix the AWS application settings.',
  tampered:
    'The response was altered or forged on its way to the app. Do not retry on this network; report it to your IT security team.',
  retry: 'Sign in again; if it happens again, tell your IT team.',
} as const;
