import { describe, expect, it } from 'vitest';
import { isAllowed, type PolicyDocument } from './policy.ts';

const policy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::b',
      Condition: { StringLike: { 's3:prefix': ['team/', 'team/*'] } },
    },
    { Effect: 'Allow', Action: ['s3:Get*', 's3:PutObject'], Resource: 'arn:aws:s3:::b/team/*' },
    { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/team/locked/*' },
    {
      Effect: 'Allow',
      Action: 's3:DeleteObject',
      Resource: 'arn:aws:s3:::b/*',
      Condition: { StringNotLike: { 'lab:tag': 'keep*' } },
    },
  ],
};
const can = (action: string, resource: string, context: Record<string, string | undefined> = {}) =>
  isAllowed(policy, { action, resource, context });

describe('IAM policy evaluation', () => {
  it('allows by action and resource wildcards, actions case-insensitively', () => {
    expect(can('s3:GetObject', 'arn:aws:s3:::b/team/a.json')).toBe(true);
    expect(can('S3:GETOBJECT', 'arn:aws:s3:::b/team/a.json')).toBe(true);
    expect(can('s3:GetObject', 'arn:aws:s3:::b/other/a.json')).toBe(false);
    expect(can('s3:GetObject', 'arn:aws:s3:::b/TEAM/a.json')).toBe(false);
  });

  it('applies conditions; a missing key fails a positive operator and passes a negated one', () => {
    expect(can('s3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'team/x/' })).toBe(true);
    expect(can('s3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'other/' })).toBe(false);
    expect(can('s3:ListBucket', 'arn:aws:s3:::b', {})).toBe(false);
    expect(can('s3:DeleteObject', 'arn:aws:s3:::b/x', {})).toBe(true);
    expect(can('s3:DeleteObject', 'arn:aws:s3:::b/x', { 'lab:tag': 'keep-me' })).toBe(false);
  });

  it('lets an explicit Deny win over an Allow, and denies by default', () => {
    expect(can('s3:PutObject', 'arn:aws:s3:::b/team/open.json')).toBe(true);
    expect(can('s3:PutObject', 'arn:aws:s3:::b/team/locked/a.json')).toBe(false);
    expect(can('s3:CreateBucket', 'arn:aws:s3:::c')).toBe(false);
  });
});
