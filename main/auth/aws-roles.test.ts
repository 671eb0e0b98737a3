import { describe, expect, it } from 'vitest';
import { parseAwsRoles } from './aws-roles.ts';

const role = 'arn:aws:iam::111122223333:role/Annotator';
const provider = 'arn:aws:iam::111122223333:saml-provider/CorpIdP';

describe('parseAwsRoles', () => {
  it('reads a pair in either order, with readable labels', () => {
    const expected = {
      roleArn: role,
      principalArn: provider,
      accountId: '111122223333',
      roleName: 'Annotator',
      partition: 'aws',
    };
    expect(parseAwsRoles([`${role},${provider}`])).toEqual([expected]);
    expect(parseAwsRoles([`${provider},${role}`])).toEqual([expected]);
    expect(parseAwsRoles([` ${provider} , ${role} `])).toEqual([expected]);
  });

  it('keeps the role name without its path, and the GovCloud and China partitions', () => {
    const roles = parseAwsRoles([
      'arn:aws-us-gov:iam::123456789012:role/teams/labels/Reviewer,arn:aws-us-gov:iam::123456789012:saml-provider/Gov',
      'arn:aws-cn:iam::210987654321:saml-provider/Cn,arn:aws-cn:iam::210987654321:role/Cn.Role+x=y@z',
    ]);
    expect(roles.map(({ roleName, partition, accountId }) => ({ roleName, partition, accountId }))).toEqual([
      { roleName: 'Reviewer', partition: 'aws-us-gov', accountId: '123456789012' },
      { roleName: 'Cn.Role+x=y@z', partition: 'aws-cn', accountId: '210987654321' },
    ]);
  });

  it('removes duplicate pairs, whatever their order', () => {
    expect(parseAwsRoles([`${role},${provider}`, `${provider},${role}`, `${role},${provider}`])).toHaveLength(
      1,
    );
  });

  it.each([
    ['SAML_NO_ROLES', []],
    ['SAML_ROLE_UNPAIRED', [role]],
    ['SAML_ROLE_UNPAIRED', [`${role},${role}`]],
    ['SAML_ROLE_UNPAIRED', [`${provider},${provider}`]],
    ['SAML_ROLE_UNPAIRED', [`${role},${provider},${provider}`]],
    ['SAML_ROLE_UNPAIRED', ['']],
    ['SAML_BAD_ARN', [`arn:aws:iam::1111222233334:role/Annotator,${provider}`]],
    ['SAML_BAD_ARN', [`arn:aws:iam::11112222333a:role/Annotator,${provider}`]],
    ['SAML_BAD_ARN', [`arn:aws:sts::111122223333:role/Annotator,${provider}`]],
    ['SAML_BAD_ARN', [`arn:aws:iam::111122223333:role/Bad Name,${provider}`]],
    ['SAML_BAD_ARN', [`arn:aws:iam::111122223333:role/${'x'.repeat(65)},${provider}`]],
    ['SAML_BAD_ARN', [`arn:aws:iam::111122223333:role/${'p/'.repeat(1100)}Name,${provider}`]],
    ['SAML_BAD_ARN', [`${role},arn:aws:iam::111122223333:saml-provider/Bad/Name`]],
    ['SAML_BAD_ARN', [`${role},arn:aws:iam::1:saml-provider/x`]],
    ['SAML_ROLE_PARTITION_MISMATCH', [`arn:aws-us-gov:iam::111122223333:role/Annotator,${provider}`]],
  ])('refuses with %s (case %#)', (code, values) => {
    expect(() => parseAwsRoles(values)).toThrow(expect.objectContaining({ code }));
  });

  it('says which part of a bad ARN is wrong', () => {
    expect(() => parseAwsRoles([`arn:aws:iam::11112222333:role/Annotator,${provider}`])).toThrow(
      /exactly 12 digits/,
    );
    expect(() => parseAwsRoles([`arn:aws-x:iam::111122223333:role/Annotator,${provider}`])).toThrow(
      /not an AWS partition/,
    );
    expect(() => parseAwsRoles([`${role},::saml-provider/x`])).toThrow(/20 to 2048 characters/);
  });
});
