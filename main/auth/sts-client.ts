/**
 * AssumeRoleWithSAML through @aws-sdk/client-sts (the call is unsigned: the assertion is the proof).
 * Asks for the longest session allowed (the IdP's SessionDuration and IT's maximum), and when the
 * role's MaxSessionDuration is lower, finds the role's real maximum (session-duration.ts) and
 * remembers it per role. Before any call, the region, the endpoint, the role and the assertion must
 * all be of one AWS partition. Every STS error becomes a StsError with a message a person can act on.
 */
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { createHttpHandler, type NetworkOptions } from '../net/http-handler.ts';
import {
  partitionOfArn,
  partitionOfRegion,
  partitionOfStsEndpoint,
  partitions,
  type AwsPartition,
} from './aws-partitions.ts';
import type { RoleSessionLimits } from './role-session-limits.ts';
import { findSessionDuration } from './session-duration.ts';
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
  /** The partition the assertion's Audience and Recipient name (null: IT's own ACS/audience only). */
  samlPartition?: AwsPartition | null;
}

export interface StsClientOptions extends NetworkOptions {
  region: string;
  endpoint?: string;
  /** Where found role maximums are remembered; default: for this client's lifetime only. */
  sessionLimits?: RoleSessionLimits;
}

function mismatch(message: string): StsError {
  return new StsError('STS_PARTITION_MISMATCH', message);
}

const named = (partition: AwsPartition) => partitions[partition].label;

/** Region, endpoint, role and assertion must agree on the partition: refused here, before STS sees anything. */
export function checkPartitions(options: StsClientOptions, request: AssumeRoleRequest): void {
  const { region, endpoint } = options;
  const partition = partitionOfRegion(region);
  if (!partition) {
    throw mismatch(
      `The app is set up for the AWS region ${region}, in a partition it cannot sign in to (only AWS, AWS GovCloud (US) ` +
        'and AWS China). Ask your IT team to check aws.region in the organization settings.',
    );
  }
  const endpointPartition = endpoint ? partitionOfStsEndpoint(endpoint) : null;
  if (endpointPartition && endpointPartition !== partition) {
    throw mismatch(
      `The STS endpoint ${new URL(endpoint as string).host} is in ${named(endpointPartition)}, but the region ${region} ` +
        `is in ${named(partition)}. Ask your IT team to make aws.stsEndpoint and aws.region name the same partition.`,
    );
  }
  const rolePartition = partitionOfArn(request.roleArn);
  if (rolePartition && rolePartition !== partition) {
    throw mismatch(
      `The role ${request.roleArn} is in ${named(rolePartition)}, but the app signs in through STS in ${region} ` +
        `(${named(partition)}). Ask your IT team to set aws.region to a region of ${named(rolePartition)} ` +
        `(such as ${partitions[rolePartition].exampleRegion}) or to offer a role of ${named(partition)}.`,
    );
  }
  const saml = request.samlPartition;
  if (saml && saml !== partition) {
    throw mismatch(
      `Your company sign-in made its response for AWS sign-in of ${named(saml)}, but the app signs in through STS in ` +
        `${region} (${named(partition)}). Ask your IT team to align the IdP's AWS application with aws.region.`,
    );
  }
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

  const limits = options.sessionLimits ?? memoryLimits();

  async function call(request: AssumeRoleRequest, durationSeconds: number): Promise<TemporaryCredentials> {
    let output;
    try {
      output = await client.send(
        new AssumeRoleWithSAMLCommand({
          RoleArn: request.roleArn,
          PrincipalArn: request.principalArn,
          SAMLAssertion: request.assertionBase64,
          DurationSeconds: durationSeconds,
        }),
      );
    } catch (error) {
      // Duration refusals stay raw for the search; everything else gets its code and message here.
      throw isDurationRefusal(error) ? error : stsErrorFrom(error);
    }
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
  }

  return {
    async assumeRoleWithSaml(request: AssumeRoleRequest): Promise<TemporaryCredentials> {
      checkPartitions(options, request);
      const wanted = Math.min(request.idpSessionSeconds ?? Infinity, request.maxSessionSeconds);
      try {
        const found = await findSessionDuration({
          wanted,
          known: await limits.get(request.roleArn),
          attempt: (seconds) => call(request, seconds),
          isRefusal: isDurationRefusal,
        });
        if (found.learnedMaximum !== undefined) await limits.set(request.roleArn, found.learnedMaximum);
        return found.result;
      } catch (error) {
        throw stsErrorFrom(error);
      }
    },
    destroy: () => client.destroy(),
  };
}

function memoryLimits(): RoleSessionLimits {
  const known = new Map<string, number>();
  return {
    get: async (roleArn) => known.get(roleArn),
    set: async (roleArn, seconds) => void known.set(roleArn, seconds),
  };
}

export type StsClient = ReturnType<typeof createStsClient>;
