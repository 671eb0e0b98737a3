import { z } from 'zod';
import { createLogger } from '../log.ts';
import type { SecretStore } from './secret-store.ts';

const log = createLogger('secrets');

/**
 * The typed layer over a SecretStore: per IdP the SAML assertion, per IdP and role the temporary AWS
 * credentials, and the role last chosen. Items are versioned JSON, validated on the way in and out.
 *
 * Account names carry no secret and are readable in a keychain viewer:
 *   v1/assertion/<idpId>    v1/credentials/<idpId>/<roleArn>    v1/last-role/<idpId>
 * An IdP id cannot contain "/", so one IdP's prefix never matches another's.
 */

// The app's own identifier for a configured IdP (not its entityID URL).
const idpIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 letters, digits, ".", "_" or "-"');
const roleArnSchema = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN');
// STS AssumeRoleWithSAML accepts a base64 SAMLAssertion of 4 to 100,000 characters.
export const MAX_ASSERTION_LENGTH = 100_000;
const assertionSchema = z
  .string()
  .min(4)
  .max(MAX_ASSERTION_LENGTH)
  .regex(/^[A-Za-z0-9+/=\r\n]+$/, 'must be base64');
const instantSchema = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((value, ctx) => {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be a valid date' });
    return z.NEVER;
  }
  return ms;
});
const storedInstant = z.iso.datetime({ offset: true });

// Who the credentials belong to: shown after a restart without asking AWS (the app may be offline).
const identitySchema = z.object({
  nameId: z.string().min(1).max(1_000),
  roleSessionName: z.string().min(2).max(64),
  assumedRoleArn: z.string().min(20).max(2_048),
});
const credentialsInput = z.object({
  accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'must be an AWS access key id'),
  secretAccessKey: z.string().min(1).max(1_000),
  sessionToken: z.string().min(1).max(20_000),
  expiration: instantSchema,
  identity: identitySchema.optional(),
});

const assertionRecord = z.object({
  v: z.literal(1),
  kind: z.literal('saml-assertion'),
  idpId: idpIdSchema,
  assertion: assertionSchema,
  notOnOrAfter: storedInstant,
  savedAt: storedInstant,
});
const credentialsRecord = z.object({
  v: z.literal(1),
  kind: z.literal('aws-credentials'),
  idpId: idpIdSchema,
  roleArn: roleArnSchema,
  accessKeyId: credentialsInput.shape.accessKeyId,
  secretAccessKey: credentialsInput.shape.secretAccessKey,
  sessionToken: credentialsInput.shape.sessionToken,
  expiration: storedInstant,
  identity: identitySchema.optional(),
  savedAt: storedInstant,
});
const lastRoleRecord = z.object({
  v: z.literal(1),
  kind: z.literal('last-role'),
  idpId: idpIdSchema,
  roleArn: roleArnSchema,
});

export interface StoredAssertion {
  assertion: string;
  notOnOrAfter: Date;
}

export type SessionIdentity = z.infer<typeof identitySchema>;

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  identity?: SessionIdentity;
}

export interface AwsCredentialsInput extends Omit<AwsCredentials, 'expiration'> {
  /** A Date or an ISO 8601 timestamp with offset (as STS returns it). */
  expiration: Date | string;
}

export interface SessionVaultOptions {
  store: SecretStore;
  now?: () => number;
  /** Credentials this close to their expiration count as expired (default 5 minutes). */
  credentialsMarginMs?: number;
  /** An assertion this close to NotOnOrAfter counts as expired (default 0). */
  assertionMarginMs?: number;
}

export const accountNames = {
  assertion: (idpId: string) => `v1/assertion/${idpId}`,
  credentials: (idpId: string, roleArn: string) => `v1/credentials/${idpId}/${roleArn}`,
  lastRole: (idpId: string) => `v1/last-role/${idpId}`,
};

export class SessionVault {
  readonly #store: SecretStore;
  readonly #now: () => number;
  readonly #credentialsMarginMs: number;
  readonly #assertionMarginMs: number;

  constructor(options: SessionVaultOptions) {
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
    this.#credentialsMarginMs = options.credentialsMarginMs ?? 5 * 60_000;
    this.#assertionMarginMs = options.assertionMarginMs ?? 0;
  }

  async saveAssertion(idpId: string, assertionBase64: string, notOnOrAfter: Date | string): Promise<void> {
    const id = input(idpIdSchema, idpId, 'idpId');
    const record: z.infer<typeof assertionRecord> = {
      v: 1,
      kind: 'saml-assertion',
      idpId: id,
      assertion: input(assertionSchema, assertionBase64, 'assertion'),
      notOnOrAfter: new Date(input(instantSchema, notOnOrAfter, 'notOnOrAfter')).toISOString(),
      savedAt: new Date(this.#now()).toISOString(),
    };
    await this.#store.set(accountNames.assertion(id), JSON.stringify(assertionRecord.parse(record)));
    log.info(`Stored the SAML assertion of ${id} (valid until ${record.notOnOrAfter}).`);
  }

  /** The assertion, or null when there is none, it is unreadable, or it expired (then it is deleted). */
  async loadAssertion(idpId: string): Promise<StoredAssertion | null> {
    const id = input(idpIdSchema, idpId, 'idpId');
    const account = accountNames.assertion(id);
    const record = await this.#read(account, assertionRecord, (r) => r.idpId === id);
    if (!record) return null;
    const notOnOrAfter = Date.parse(record.notOnOrAfter);
    if (this.#now() >= notOnOrAfter - this.#assertionMarginMs) {
      await this.#store.delete(account);
      log.info(`Deleted the expired SAML assertion of ${id} (NotOnOrAfter ${record.notOnOrAfter}).`);
      return null;
    }
    return { assertion: record.assertion, notOnOrAfter: new Date(notOnOrAfter) };
  }

  async saveCredentials(idpId: string, roleArn: string, credentials: AwsCredentialsInput): Promise<void> {
    const id = input(idpIdSchema, idpId, 'idpId');
    const role = input(roleArnSchema, roleArn, 'roleArn');
    const parsed = input(credentialsInput, credentials, 'credentials');
    const record: z.infer<typeof credentialsRecord> = {
      v: 1,
      kind: 'aws-credentials',
      idpId: id,
      roleArn: role,
      accessKeyId: parsed.accessKeyId,
      secretAccessKey: parsed.secretAccessKey,
      sessionToken: parsed.sessionToken,
      expiration: new Date(parsed.expiration).toISOString(),
      ...(parsed.identity ? { identity: parsed.identity } : {}),
      savedAt: new Date(this.#now()).toISOString(),
    };
    await this.#store.set(
      accountNames.credentials(id, role),
      JSON.stringify(credentialsRecord.parse(record)),
    );
    log.info(`Stored temporary credentials of ${id} for ${role} (until ${record.expiration}).`);
  }

  /** The credentials, or null when absent, unreadable, expired or within the margin (then deleted). */
  async loadCredentials(idpId: string, roleArn: string): Promise<AwsCredentials | null> {
    const id = input(idpIdSchema, idpId, 'idpId');
    const role = input(roleArnSchema, roleArn, 'roleArn');
    const account = accountNames.credentials(id, role);
    const record = await this.#read(account, credentialsRecord, (r) => r.idpId === id && r.roleArn === role);
    if (!record) return null;
    const expiration = Date.parse(record.expiration);
    if (this.#now() >= expiration - this.#credentialsMarginMs) {
      await this.#store.delete(account);
      log.info(
        `Deleted expired temporary credentials of ${id} for ${role} (expiration ${record.expiration}).`,
      );
      return null;
    }
    return {
      accessKeyId: record.accessKeyId,
      secretAccessKey: record.secretAccessKey,
      sessionToken: record.sessionToken,
      expiration: new Date(expiration),
      ...(record.identity ? { identity: record.identity } : {}),
    };
  }

  async setLastRole(idpId: string, roleArn: string): Promise<void> {
    const id = input(idpIdSchema, idpId, 'idpId');
    const role = input(roleArnSchema, roleArn, 'roleArn');
    const record: z.infer<typeof lastRoleRecord> = { v: 1, kind: 'last-role', idpId: id, roleArn: role };
    await this.#store.set(accountNames.lastRole(id), JSON.stringify(record));
  }

  /** The role the annotator chose last time for this IdP, or null. */
  async lastRole(idpId: string): Promise<string | null> {
    const id = input(idpIdSchema, idpId, 'idpId');
    const record = await this.#read(accountNames.lastRole(id), lastRoleRecord, (r) => r.idpId === id);
    return record?.roleArn ?? null;
  }

  /**
   * Sign-out: removes every item of one IdP (assertion, all roles' credentials, last role), or with no
   * argument every item of the app's service. Returns how many items were removed.
   */
  async wipe(idpId?: string): Promise<number> {
    if (idpId === undefined) {
      const removed = await this.#store.clear();
      log.info(`Signed out everywhere: removed ${removed} keychain item(s).`);
      return removed;
    }
    const id = input(idpIdSchema, idpId, 'idpId');
    const exact = new Set([accountNames.assertion(id), accountNames.lastRole(id)]);
    const prefix = `${accountNames.credentials(id, '')}`;
    let removed = 0;
    for (const account of await this.#store.list()) {
      if (exact.has(account) || account.startsWith(prefix)) {
        if (await this.#store.delete(account)) removed += 1;
      }
    }
    log.info(`Signed out of ${id}: removed ${removed} keychain item(s).`);
    return removed;
  }

  /** Reads and validates one item; an unreadable one is deleted and reported (never its content). */
  async #read<T>(account: string, schema: z.ZodType<T>, belongs: (record: T) => boolean): Promise<T | null> {
    const raw = await this.#store.get(account);
    if (raw === null) return null;
    let reason: string;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    if (json === undefined) {
      reason = 'not JSON';
    } else {
      const result = schema.safeParse(json);
      if (result.success && belongs(result.data)) return result.data;
      reason = result.success
        ? 'filed under another IdP or role'
        : `schema: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.code}`).join(', ')}`;
    }
    await this.#store.delete(account);
    log.warn(`Deleted an unreadable keychain item ${account} (${reason}, ${raw.length} characters).`);
    return null;
  }
}

function input<S extends z.ZodType>(schema: S, value: unknown, name: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Only paths and zod's own messages: never the value, which may be a secret.
  const issues = result.error.issues.map((i) => `${[name, ...i.path].join('.')}: ${i.message}`).join('; ');
  throw new TypeError(`Invalid ${name}: ${issues}`);
}
