/**
 * The three public AWS partitions as SAML sign-in sees them. Each has its own sign-in service (the
 * ACS an assertion is posted to), its own service provider entity id (the Audience), its own regions
 * and STS hosts. An assertion made for one partition is refused by the others' STS, so every part of
 * a sign-in (Audience, Recipient, role ARN, STS region and endpoint) must name the same partition.
 */
export type AwsPartition = 'aws' | 'aws-us-gov' | 'aws-cn';

export interface PartitionFacts {
  /** How people (and AWS's docs) name it. */
  label: string;
  signinDomain: string;
  /** Audiences AWS sign-in of this partition accepts: its SP entity id and its ACS URL. */
  audiences: readonly string[];
  /** An example region, for messages. */
  exampleRegion: string;
}

export const partitions: Readonly<Record<AwsPartition, PartitionFacts>> = {
  aws: {
    label: 'AWS (commercial)',
    signinDomain: 'signin.aws.amazon.com',
    audiences: ['urn:amazon:webservices', 'https://signin.aws.amazon.com/saml'],
    exampleRegion: 'eu-west-1',
  },
  'aws-us-gov': {
    label: 'AWS GovCloud (US)',
    signinDomain: 'signin.amazonaws-us-gov.com',
    audiences: ['urn:amazon:webservices:govcloud', 'https://signin.amazonaws-us-gov.com/saml'],
    exampleRegion: 'us-gov-west-1',
  },
  'aws-cn': {
    label: 'AWS China',
    signinDomain: 'signin.amazonaws.cn',
    audiences: ['urn:amazon:webservices:cn-north-1', 'https://signin.amazonaws.cn/saml'],
    exampleRegion: 'cn-north-1',
  },
};

export const partitionNames = Object.keys(partitions) as AwsPartition[];

/** The partition whose AWS sign-in accepts this Audience; null for any other audience. */
export function partitionOfAudience(audience: string): AwsPartition | null {
  return partitionNames.find((name) => partitions[name].audiences.includes(audience)) ?? null;
}

/** The partition of a region code; null for partitions this app does not sign in to (ISO regions). */
export function partitionOfRegion(region: string): AwsPartition | null {
  if (/-iso[a-z]?-/.test(region)) return null;
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

// sts[-fips].<region>.amazonaws.com[.cn], dual-stack sts.<region>.api.aws, VPC endpoints
// vpce-….sts.<region>.vpce.amazonaws.com: the region label always follows "sts".
const stsHostRegion =
  /(?:^|\.)sts(?:-fips)?\.([a-z0-9-]+)\.(?:vpce\.)?(amazonaws\.com\.cn|amazonaws\.com|api\.aws)$/;

/**
 * The partition an STS endpoint belongs to, from its host (region label and domain); null when the
 * host says nothing (the loopback sandbox, or a host that is not AWS's).
 */
export function partitionOfStsEndpoint(endpoint: string): AwsPartition | null {
  let host: string;
  try {
    host = new URL(endpoint).hostname.toLowerCase();
  } catch {
    return null;
  }
  const match = stsHostRegion.exec(host);
  if (!match) return null;
  const [, region = '', domain] = match;
  if (domain === 'amazonaws.com.cn') return 'aws-cn';
  return partitionOfRegion(region);
}

export function partitionOfArn(arn: string): AwsPartition | null {
  const name = arn.split(':')[1] ?? '';
  return (partitionNames as string[]).includes(name) ? (name as AwsPartition) : null;
}
