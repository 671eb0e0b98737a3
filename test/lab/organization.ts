import type { PolicyDocument } from './s3/policy.ts';

/**
 * The lab's pretend AWS organization: two accounts, three roles, one bucket with a prefix per team.
 * The IdPs' users, STS's trust rules and S3's policies all read this one table.
 */
export const LAB_REGION = 'us-east-1';
export const LAB_BUCKET = 'fa-lab-annotations';
export const AWS_SP_ENTITY_ID = 'urn:amazon:webservices';
export const AWS_ACS_URL = 'https://signin.aws.amazon.com/saml';

/** Where AWS accepts an assertion to be posted (Recipient) and which audiences it accepts. */
export const AWS_ACS_URLS: readonly string[] = [
  AWS_ACS_URL,
  'https://signin.aws.amazon.com/static/saml',
  'https://signin.amazonaws-us-gov.com/saml',
  'https://signin.amazonaws.cn/saml',
];
export const AWS_ACS_URL_PATTERNS: readonly RegExp[] = [
  /^https:\/\/[a-z0-9-]+\.signin\.aws\.amazon\.com\/saml$/,
  /^https:\/\/signin\.aws\.amazon\.com\/saml\/acs\/[A-Za-z0-9-]+$/,
];
export const AWS_SAML_AUDIENCES: readonly string[] = [AWS_ACS_URL, AWS_SP_ENTITY_ID];

export const ACCOUNTS = {
  vision: '111122223333',
  language: '444455556666',
} as const;

export const SAML_PROVIDER_NAME = 'CorpIdP';
export const samlProviderArn = (accountId: string): string =>
  `arn:aws:iam::${accountId}:saml-provider/${SAML_PROVIDER_NAME}`;

export const TEAM_PREFIXES = {
  vision: 'team-vision/',
  language: 'team-language/',
} as const;

export interface LabRole {
  arn: string;
  accountId: string;
  name: string;
  /** IAM's MaxSessionDuration: 3600 by default, at most 43200. */
  maxSessionDurationSeconds: number;
  /** The SAML provider the role's trust policy names (Federated principal). */
  trustedProviderArn: string;
  /** The prefixes of LAB_BUCKET this role may list and read (documentation and tests). */
  readablePrefixes: string[];
  writablePrefixes: string[];
  policy: PolicyDocument;
}

function teamPolicy(prefix: string, writable: boolean): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ListOwnPrefix',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: `arn:aws:s3:::${LAB_BUCKET}`,
        Condition: { StringLike: { 's3:prefix': [prefix, `${prefix}*`] } },
      },
      {
        Sid: 'ReadWriteOwnPrefix',
        Effect: 'Allow',
        Action: writable ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
        Resource: `arn:aws:s3:::${LAB_BUCKET}/${prefix}*`,
      },
    ],
  };
}

function role(
  accountId: string,
  name: string,
  prefix: string,
  writable: boolean,
  maxSessionDurationSeconds: number,
): LabRole {
  return {
    arn: `arn:aws:iam::${accountId}:role/${name}`,
    accountId,
    name,
    maxSessionDurationSeconds,
    trustedProviderArn: samlProviderArn(accountId),
    readablePrefixes: [prefix],
    writablePrefixes: writable ? [prefix] : [],
    policy: teamPolicy(prefix, writable),
  };
}

export const ROLES = {
  /** Role A: annotates the vision team's projects. */
  visionAnnotator: role(ACCOUNTS.vision, 'VisionAnnotator', TEAM_PREFIXES.vision, true, 3600),
  /** A read-only role in the same account, with the longest session IAM allows. */
  visionReviewer: role(ACCOUNTS.vision, 'VisionReviewer', TEAM_PREFIXES.vision, false, 43200),
  /** Role B: the language team's projects, in another account. */
  languageAnnotator: role(ACCOUNTS.language, 'LanguageAnnotator', TEAM_PREFIXES.language, true, 7200),
} as const satisfies Record<string, LabRole>;

export type RoleKey = keyof typeof ROLES;

export function findRole(arn: string): LabRole | undefined {
  return Object.values(ROLES).find((r) => r.arn === arn);
}

/** Long-term credentials that may do anything: seeding data, and tests that need a superuser. */
export const ADMIN_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};
