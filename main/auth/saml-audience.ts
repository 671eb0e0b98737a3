/**
 * Who the assertion is for: its Recipient (the ACS it was made out to) and its Audience (the service
 * provider) must both be AWS sign-in, and of the SAME partition: GovCloud's STS refuses an assertion
 * made for commercial AWS and the other way round. IT may add ACS URLs and audiences of its own (a
 * proxy ACS, a custom entity id); those count for whichever partition the rest of the assertion names.
 */
import { acsPartition, isAwsAcsUrl } from './acs-urls.ts';
import { partitionNames, partitionOfAudience, partitions, type AwsPartition } from './aws-partitions.ts';
import { SamlError, advice } from './saml-errors.ts';

export interface AudienceRules {
  extraAcsUrls: readonly string[];
  extraAudiences: readonly string[];
}

const quoted = (value: string): string => `"${value.slice(0, 200)}"`;

function checkRecipient(recipient: string, extraAcsUrls: readonly string[]): void {
  if (isAwsAcsUrl(recipient, extraAcsUrls)) return;
  throw new SamlError(
    'SAML_WRONG_RECIPIENT',
    `The sign-in response is addressed to ${recipient ? quoted(recipient) : 'no address'} instead of AWS sign-in ` +
      `(https://signin.aws.amazon.com/saml, its GovCloud or China counterpart, or another AWS sign-in address), ` +
      `so AWS would refuse it. ${advice.askIdpAdmin}`,
  );
}

function mismatch(what: string): SamlError {
  return new SamlError(
    'SAML_PARTITION_MISMATCH',
    `The sign-in response mixes AWS partitions: ${what}. AWS refuses such a response; its Audience and Recipient ` +
      `must both name the partition your AWS accounts are in. ${advice.askIdpAdmin}`,
  );
}

function wrongAudience(partition: AwsPartition | null, seen: string[]): SamlError {
  const expected = (partition ? [partition] : partitionNames).flatMap((name) => partitions[name].audiences);
  return new SamlError(
    'SAML_WRONG_AUDIENCE',
    `The sign-in response is meant for another application (Audience ${seen.map(quoted).join(', ') || 'none'}); ` +
      `AWS sign-in${partition ? ` of ${partitions[partition].label}` : ''} accepts ${expected.join(' or ')}. ` +
      `${advice.askIdpAdmin} If your organization uses an audience of its own for AWS, IT can add it to this ` +
      `app's settings (idp.extraAudiences).`,
  );
}

/**
 * `restrictions`: the Audience values of each AudienceRestriction (all must be satisfied, SAML core
 * §2.5.1.4). Returns the partition the assertion is for; null when only IT's additions name it.
 */
export function checkAudienceAndRecipient(
  restrictions: readonly (readonly string[])[],
  recipient: string,
  rules: AudienceRules,
): AwsPartition | null {
  checkRecipient(recipient, rules.extraAcsUrls);
  const recipientPartition = acsPartition(recipient);
  const seen = restrictions.flat();
  const awsOrExtra = (audience: string) =>
    rules.extraAudiences.includes(audience) || partitionOfAudience(audience) !== null;
  if (restrictions.length === 0 || !restrictions.every((audiences) => audiences.some(awsOrExtra))) {
    throw wrongAudience(recipientPartition, seen);
  }
  // The partitions each restriction can be satisfied by (an extra audience satisfies any).
  const fits = (partition: AwsPartition) =>
    restrictions.every((audiences) =>
      audiences.some(
        (audience) => rules.extraAudiences.includes(audience) || partitionOfAudience(audience) === partition,
      ),
    );
  const candidates = partitionNames.filter(fits);
  if (recipientPartition) {
    if (candidates.includes(recipientPartition)) return recipientPartition;
    // Some restriction has no audience of the Recipient's partition, hence one of another partition.
    const named =
      seen.find((audience) => ![null, recipientPartition].includes(partitionOfAudience(audience))) ?? '';
    const audiencePartition = partitionOfAudience(named) as AwsPartition;
    throw mismatch(
      `its Audience ${quoted(named)} is AWS sign-in of ${partitions[audiencePartition].label}, but its Recipient ` +
        `${quoted(recipient)} is AWS sign-in of ${partitions[recipientPartition].label}`,
    );
  }
  // Recipient is IT's own ACS: the audiences decide, and they must agree with each other.
  const named = [...new Set(seen.map(partitionOfAudience).filter((p): p is AwsPartition => p !== null))];
  if (candidates.length === 0) {
    throw mismatch(
      `its audiences name ${named.map((p) => partitions[p].label).join(' and ')} at once (${seen.map(quoted).join(', ')})`,
    );
  }
  return named.length === 1 ? (named[0] as AwsPartition) : null;
}
