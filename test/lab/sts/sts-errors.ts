/**
 * STS's error codes as the awsQuery protocol carries them (the Code element, not the SDK's class
 * name: InvalidIdentityToken surfaces as InvalidIdentityTokenException in @aws-sdk/client-sts).
 */
export type StsErrorCode =
  | 'AccessDenied'
  | 'ExpiredTokenException'
  | 'IDPRejectedClaim'
  | 'InvalidAction'
  | 'InvalidIdentityToken'
  | 'MissingParameter'
  | 'ValidationError'
  // Signed calls (GetCallerIdentity):
  | 'ExpiredToken'
  | 'IncompleteSignature'
  | 'InvalidClientTokenId'
  | 'SignatureDoesNotMatch'
  | 'MissingAuthenticationToken';

export class StsError extends Error {
  readonly code: StsErrorCode;
  readonly status: number;

  constructor(code: StsErrorCode, status: number, message: string) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export const notAuthorizedToAssume = (): StsError =>
  new StsError('AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithSAML');
