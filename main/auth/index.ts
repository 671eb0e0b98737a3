// The SAML core's public surface (electron-free; the shell wires the capture hook and STS around it).
export { acsUrlFilterPatterns, isAwsAcsUrl, normalizeExtraAcsUrl } from './acs-urls.ts';
export type { AwsPartition, AwsRole } from './aws-roles.ts';
export { extractSamlPost } from './saml-post-body.ts';
export type { CapturedSamlPost, SamlPostInput, UploadChunk } from './saml-post-body.ts';
export { SamlError, samlErrorCodes } from './saml-errors.ts';
export type { SamlErrorCode } from './saml-errors.ts';
export { maxAssertionChars } from './saml-encoding.ts';
export { defaultClockSkewSeconds } from './saml-time.ts';
export { createSamlVerifier } from './saml-verifier.ts';
export type { SamlVerifier, SamlVerifierOptions, VerifiedSamlAssertion } from './saml-verifier.ts';
