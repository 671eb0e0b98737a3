import type { Credentials } from '../../main/auth/session-service.ts';

/** Role credentials from the lab, as the session service holds them. */
export function roleCredentials(
  issued: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date },
  role: { accountId: string; name: string; arn: string },
  me: string,
): Credentials {
  return {
    accessKeyId: issued.accessKeyId,
    secretAccessKey: issued.secretAccessKey,
    sessionToken: issued.sessionToken!,
    expiration: issued.expiration!,
    assumedRoleArn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${me}`,
    roleArn: role.arn,
    identity: { nameId: me, roleSessionName: me, assumedRoleArn: '' },
  };
}
