/**
 * AssumeRoleWithSAML through @aws-sdk/client-sts (the call is unsigned: the assertion is the proof).
 * Asks for the longest session allowed (the IdP's SessionDuration and IT's maximum), and when the
 * role's MaxSessionDuration is lower, retries with 3600 s and then 900 s, as AWS gives no way to read
 * the role's maximum first. Every STS error becomes a StsError with a message a person can act on.
 */
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { createHttpHandler, type NetworkOptions } from '../net/http-handler.ts';
import { isDurationRefusal, StsError, stsErrorFrom } from './sts-errors.ts';

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** arn:aws:sts::<account>:assumed-role/<role>/<session name> */
  assumedRoleArn: string;
}

export interface AssumeRoleRequest {
  roleArn: string;
  principalArn: string;
  assertionBase64: string;
  /** SessionDuration from the assertion, when the IdP sent one. */
  idpSessionSeconds?: number;
  /** IT's maximum (organization settings). */
  maxSessionSeconds: number;
}

export interface StsClientOptions extends NetworkOptions {
  region: string;
  endpoint?: string;
}

/** Session lengths to try, longest first: the wanted one, then the common role maximums below it. */
export function durationLadder(wanted: number): number[] {
  const first = Math.min(43200, Math.max(900, wanted));
  return [first, ...[3600, 900].filter((d) => d < first)];
}

export function createStsClient(options: StsClientOptions) {
  const client = new STSClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    requestHandler: createHttpHandler(options),
    // AssumeRoleWithSAML needs no credentials; without this the SDK would look for some anyway.
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    maxAttempts: 3,
  });

  return {
    async assumeRoleWithSaml(request: AssumeRoleRequest): Promise<TemporaryCredentials> {
      const wanted = Math.min(request.idpSessionSeconds ?? Infinity, request.maxSessionSeconds);
      const ladder = durationLadder(wanted);
      for (const [attempt, durationSeconds] of ladder.entries()) {
        try {
          const output = await client.send(
            new AssumeRoleWithSAMLCommand({
              RoleArn: request.roleArn,
              PrincipalArn: request.principalArn,
              SAMLAssertion: request.assertionBase64,
              DurationSeconds: durationSeconds,
            }),
          );
          const c = output.Credentials;
          if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
            throw new StsError(
              'STS_BAD_RESPONSE',
              'AWS sign-in answered without credentials. Try again; if it persists, tell IT.',
            );
          }
          return {
            accessKeyId: c.AccessKeyId,
            secretAccessKey: c.SecretAccessKey,
            sessionToken: c.SessionToken,
            expiration: c.Expiration,
            assumedRoleArn: output.AssumedRoleUser?.Arn ?? request.roleArn,
          };
        } catch (error) {
          if (isDurationRefusal(error) && attempt < ladder.length - 1) continue;
          throw stsErrorFrom(error);
        }
      }
      throw new StsError('STS_FAILED', 'AWS sign-in failed.');
    },
    destroy: () => client.destroy(),
  };
}

export type StsClient = ReturnType<typeof createStsClient>;
