import { randomBytes } from 'node:crypto';
import type { LabClock } from '../clock.ts';
import { ADMIN_POLICY, type LabRole } from '../organization.ts';
import type { PolicyDocument } from '../s3/policy.ts';

export interface AssumedRolePrincipal {
  kind: 'assumed-role';
  role: LabRole;
  sessionName: string;
  /** AROA…:sessionName, as GetCallerIdentity's UserId reports it. */
  userId: string;
  arn: string;
}

export interface AdminPrincipal {
  kind: 'admin';
  arn: string;
  userId: string;
  accountId: string;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  principal: AssumedRolePrincipal | AdminPrincipal;
  policy: PolicyDocument;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomId(length: number): string {
  return Array.from(randomBytes(length), (byte) => BASE32[byte % 32]).join('');
}

/**
 * Credentials STS issued, shared in-process with the S3 front so that S3 recognises them, with
 * their role and expiry: like AWS, a session key is only as good as its token and its expiration.
 */
export class CredentialStore {
  readonly #byAccessKeyId = new Map<string, IssuedCredentials>();
  readonly #clock: LabClock;

  constructor(clock: LabClock) {
    this.#clock = clock;
  }

  issueSession(role: LabRole, sessionName: string, expiration: Date): IssuedCredentials {
    const roleId = `AROA${randomId(17)}`;
    const credentials: IssuedCredentials = {
      // Temporary keys start with ASIA, long-term ones with AKIA: the app may rely on it.
      accessKeyId: `ASIA${randomId(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(180).toString('base64')}`,
      expiration,
      principal: {
        kind: 'assumed-role',
        role,
        sessionName,
        userId: `${roleId}:${sessionName}`,
        arn: `arn:${role.arn.split(':')[1] ?? 'aws'}:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
      },
      policy: role.policy,
    };
    this.#byAccessKeyId.set(credentials.accessKeyId, credentials);
    return credentials;
  }

  /** Session credentials whose expiration is `secondsFromNow` away (negative: already expired). */
  issueSessionExpiringIn(role: LabRole, sessionName: string, secondsFromNow: number): IssuedCredentials {
    return this.issueSession(
      role,
      sessionName,
      new Date(this.#clock.now().getTime() + secondsFromNow * 1000),
    );
  }

  issueAdmin(accountId: string): IssuedCredentials {
    const credentials: IssuedCredentials = {
      accessKeyId: `AKIA${randomId(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      principal: {
        kind: 'admin',
        accountId,
        userId: `AIDA${randomId(17)}`,
        arn: `arn:aws:iam::${accountId}:user/lab-admin`,
      },
      policy: ADMIN_POLICY,
    };
    this.#byAccessKeyId.set(credentials.accessKeyId, credentials);
    return credentials;
  }

  lookup(accessKeyId: string): IssuedCredentials | undefined {
    return this.#byAccessKeyId.get(accessKeyId);
  }

  isExpired(credentials: IssuedCredentials): boolean {
    return credentials.expiration !== undefined && credentials.expiration <= this.#clock.now();
  }
}
