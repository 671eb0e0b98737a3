import { ROLES, samlProviderArn, type LabRole } from '../organization.ts';

/** One password for every lab user: the lab guards nothing real. */
export const LAB_PASSWORD = 'lab-password';

export const AWS_ATTRIBUTES = {
  role: 'https://aws.amazon.com/SAML/Attributes/Role',
  roleSessionName: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName',
  sessionDuration: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
} as const;

export interface LabUser {
  username: string;
  email: string;
  /** SAML attributes released to AWS, by attribute Name (several values for a multi-valued one). */
  attributes: Record<string, string[]>;
  /** The roles the user may assume, whatever the order their ARN pair is written in. */
  roles: LabRole[];
}

const rolePair = (role: LabRole): string => `${role.arn},${samlProviderArn(role.accountId)}`;
/** IdPs in the wild also write the provider first; AWS accepts both. */
const providerFirstPair = (role: LabRole): string => `${samlProviderArn(role.accountId)},${role.arn}`;

function user(
  username: string,
  roles: string[],
  extra: Record<string, string[]> = {},
  roleList: LabRole[] = [],
): LabUser {
  const email = `${username}@corp.example`;
  const attributes: Record<string, string[]> = {
    [AWS_ATTRIBUTES.roleSessionName]: [email],
    ...(roles.length > 0 ? { [AWS_ATTRIBUTES.role]: roles } : {}),
    ...extra,
  };
  return { username, email, attributes, roles: roleList };
}

export const LAB_USERS: readonly LabUser[] = [
  user('annotator', [rolePair(ROLES.visionAnnotator)], {}, [ROLES.visionAnnotator]),
  user(
    'multi',
    [
      rolePair(ROLES.visionAnnotator),
      providerFirstPair(ROLES.languageAnnotator),
      rolePair(ROLES.visionReviewer),
    ],
    {},
    [ROLES.visionAnnotator, ROLES.languageAnnotator, ROLES.visionReviewer],
  ),
  // A second annotator of the language team: two people sharing one project.
  user('linguist', [rolePair(ROLES.languageAnnotator)], {}, [ROLES.languageAnnotator]),
  user('noroles', []),
  user('shortsession', [rolePair(ROLES.visionAnnotator)], { [AWS_ATTRIBUTES.sessionDuration]: ['900'] }, [
    ROLES.visionAnnotator,
  ]),
  // A space and '!' are outside RoleSessionName's [\w+=,.@-]{2,64}: STS must refuse it.
  user('badname', [rolePair(ROLES.visionAnnotator)], { [AWS_ATTRIBUTES.roleSessionName]: ['bad name!'] }, [
    ROLES.visionAnnotator,
  ]),
];

export function findUser(username: string): LabUser | undefined {
  return LAB_USERS.find((u) => u.username === username);
}
