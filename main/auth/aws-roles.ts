/**
 * The AWS Role attribute: every value pairs an IAM role with the SAML provider that may assume it.
 * IdPs write the pair in either order, so each part is recognised by its resource type rather than
 * its position. The account id and role name are kept apart so the role picker can show readable
 * labels instead of raw ARNs.
 */
import type { AwsPartition } from './aws-partitions.ts';
import { SamlError, advice } from './saml-errors.ts';

export type { AwsPartition } from './aws-partitions.ts';

export const roleAttribute = 'https://aws.amazon.com/SAML/Attributes/Role';

export interface AwsRole {
  roleArn: string;
  principalArn: string;
  accountId: string;
  roleName: string;
  partition: AwsPartition;
}

// IAM: role names are 1-64 of [\w+=,.@-] after an optional path; SAML provider names 1-128 of [\w.-].
const roleArnPattern =
  /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;
const providerArnPattern = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):saml-provider\/[\w.-]{1,128}$/;
const anyArnPattern = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/;

function badArn(arn: string, reason: string): SamlError {
  // ARNs name accounts and roles, not secrets: quoting one tells IT exactly which mapping to fix.
  const shown = arn.length > 120 ? `${arn.slice(0, 120)}…` : arn;
  return new SamlError(
    'SAML_BAD_ARN',
    `Your company sign-in sent an invalid AWS ARN "${shown}": ${reason}. ${advice.askIdpAdmin}`,
  );
}

function explainBadArn(arn: string, kind: 'role' | 'SAML provider'): SamlError {
  if (arn.length < 20 || arn.length > 2048) return badArn(arn, 'an ARN must be 20 to 2048 characters long');
  const parts = anyArnPattern.exec(arn);
  if (!parts) return badArn(arn, 'it does not have the form arn:partition:iam::account:resource');
  const [, partition, service, , account] = parts;
  if (partition !== 'aws' && partition !== 'aws-us-gov' && partition !== 'aws-cn') {
    return badArn(arn, `"${partition}" is not an AWS partition (aws, aws-us-gov or aws-cn)`);
  }
  if (service !== 'iam') return badArn(arn, `it names the service "${service}" instead of iam`);
  if (!/^\d{12}$/.test(account ?? '')) return badArn(arn, 'the AWS account id must be exactly 12 digits');
  return badArn(arn, `the ${kind} name is not valid`);
}

function parseRoleValue(value: string): AwsRole {
  const parts = value.split(',').map((part) => part.trim());
  const roleParts = parts.filter((part) => part.includes(':role/'));
  const providerParts = parts.filter((part) => part.includes(':saml-provider/'));
  if (parts.length !== 2 || roleParts.length !== 1 || providerParts.length !== 1) {
    throw new SamlError(
      'SAML_ROLE_UNPAIRED',
      'Your company sign-in sent an AWS role entry that does not pair one role ARN with one SAML provider ARN ' +
        `(expected "arn:aws:iam::<account>:role/<name>,arn:aws:iam::<account>:saml-provider/<name>"). ${advice.askIdpAdmin}`,
    );
  }
  const roleArn = roleParts[0] ?? '';
  const principalArn = providerParts[0] ?? '';
  const role = roleArnPattern.exec(roleArn);
  if (!role || roleArn.length > 2048) throw explainBadArn(roleArn, 'role');
  const provider = providerArnPattern.exec(principalArn);
  if (!provider || principalArn.length > 2048) throw explainBadArn(principalArn, 'SAML provider');
  const partition = role[1] as AwsPartition;
  if (provider[1] !== partition) {
    throw new SamlError(
      'SAML_ROLE_PARTITION_MISMATCH',
      `Your company sign-in paired the role ${roleArn} (partition ${partition}) with a SAML provider in partition ` +
        `${provider[1]}; a role can only trust a provider of its own partition. ${advice.askIdpAdmin}`,
    );
  }
  return { roleArn, principalArn, accountId: role[2] ?? '', roleName: role[3] ?? '', partition };
}

/** `values`: every AttributeValue of the (single) Role attribute. Duplicate pairs are dropped. */
export function parseAwsRoles(values: readonly string[]): AwsRole[] {
  const roles = new Map<string, AwsRole>();
  for (const value of values) {
    const role = parseRoleValue(value);
    roles.set(`${role.roleArn},${role.principalArn}`, role);
  }
  if (roles.size === 0) {
    throw new SamlError(
      'SAML_NO_ROLES',
      `Your company sign-in did not give you any AWS role. Ask your IT team to assign you to the AWS application with at least one role.`,
    );
  }
  return [...roles.values()];
}
