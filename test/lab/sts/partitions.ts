/**
 * What each AWS partition's STS accepts as Audience and Recipient (the lab's own table, written from
 * AWS's documentation, independent of the app's): its SP entity id and sign-in ACS URLs.
 */
import { AWS_ACS_URL_PATTERNS } from '../organization.ts';

export type LabPartition = 'aws' | 'aws-us-gov' | 'aws-cn';

interface PartitionRules {
  audiences: readonly string[];
  recipients: readonly RegExp[];
}

const acsOf = (domain: string): RegExp[] => {
  const host = domain.replace(/\./g, '\\.');
  return [new RegExp(`^https://(?:[a-z0-9-]+\\.)?${host}/(?:saml|static/saml|saml/acs/[A-Za-z0-9-]+)$`)];
};

export const LAB_PARTITIONS: Readonly<Record<LabPartition, PartitionRules>> = {
  aws: {
    audiences: ['urn:amazon:webservices', 'https://signin.aws.amazon.com/saml'],
    recipients: [...acsOf('signin.aws.amazon.com'), ...AWS_ACS_URL_PATTERNS],
  },
  'aws-us-gov': {
    audiences: ['urn:amazon:webservices:govcloud', 'https://signin.amazonaws-us-gov.com/saml'],
    recipients: acsOf('signin.amazonaws-us-gov.com'),
  },
  'aws-cn': {
    audiences: ['urn:amazon:webservices:cn-north-1', 'https://signin.amazonaws.cn/saml'],
    recipients: acsOf('signin.amazonaws.cn'),
  },
};

export function labPartitionOfRegion(region: string): LabPartition {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}
