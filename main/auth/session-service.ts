/**
 * The annotator's AWS session for one organization: sign in at the IdP, verify what it posted, pick
 * a role, assume it through STS, keep it in the keychain, extend it before it ends, sign out.
 * Credentials live here and in the keychain only; what leaves is the SessionState (an identity).
 */
import type { RoleOption, SessionView } from '../../preload/contract.ts';
import { roleMatches, type OrganizationConfig } from '../config/organization.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { KeychainError, type KeychainStatus } from '../secrets/secret-store.ts';
import type { SessionVault } from '../secrets/session-vault.ts';
import type { AwsRole } from './aws-roles.ts';
import { ReplayCache } from './replay-cache.ts';
import type { CapturedSamlPost } from './saml-post-body.ts';
import { maxClockSkewSeconds } from './saml-time.ts';
import type { SamlVerifier, VerifiedSamlAssertion } from './saml-verifier.ts';
import type { AssumeRoleRequest, TemporaryCredentials } from './sts-client.ts';

const log = createLogger('session');

export type SessionState = SessionView['session'];

export interface CaptureRequest {
  /** Electron session partition of the IdP window: its cookies let a refresh skip the password. */
  partition: string;
  signInUrl: string;
  allowedOrigins: readonly string[];
  extraAcsUrls: readonly string[];
  /** A refresh: no visible window; fails with SESSION_NEEDS_USER if the IdP shows a page instead. */
  silent: boolean;
}

/** The sign-in window, as the session sees it (the shell's BrowserWindow, the harness's page). */
export interface LoginWindowPort {
  capture(request: CaptureRequest): Promise<CapturedSamlPost>;
  /** Closes an interactive sign-in; its capture() rejects with SESSION_SIGN_IN_CANCELLED. */
  cancel(): void;
  /** Forgets the IdP's cookies and storage (sign-out). */
  clear(partition: string): Promise<void>;
}

export interface Credentials extends TemporaryCredentials {
  identity: { nameId: string; roleSessionName: string; assumedRoleArn: string };
  roleArn: string;
}

export interface SessionServiceOptions {
  organization: OrganizationConfig;
  vault: SessionVault;
  keychain: KeychainStatus;
  loginWindow: LoginWindowPort;
  /** Loads the IdP metadata and builds the verifier (lazily: a restart works offline). */
  loadVerifier: () => Promise<SamlVerifier>;
  sts: { assumeRoleWithSaml(request: AssumeRoleRequest): Promise<TemporaryCredentials> };
  /** Assertions already used (default: remembered in memory only, for this service's lifetime). */
  replayCache?: ReplayCache;
  onChange: () => void;
  now?: () => number;
  random?: () => number;
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}

export function idpPartition(organizationId: string): string {
  return `persist:idp-${organizationId}`;
}

function roleLabel(
  role: Pick<AwsRole, 'roleArn' | 'roleName' | 'accountId'>,
  aliases: Record<string, string>,
): RoleOption {
  return {
    roleArn: role.roleArn,
    roleName: role.roleName,
    accountId: role.accountId,
    accountLabel: aliases[role.accountId] ?? role.accountId,
  };
}

function roleFromArn(roleArn: string): Pick<AwsRole, 'roleArn' | 'roleName' | 'accountId'> {
  const [, , , , accountId = '', resource = ''] = roleArn.split(':');
  return { roleArn, accountId, roleName: resource.split('/').pop() ?? resource };
}

/** How long before expiry to extend: 5 minutes, or a quarter of a short session, plus up to 1 min of jitter. */
export function refreshDelayMs(expiresAt: number, now: number, random: () => number): number {
  const remaining = expiresAt - now;
  const lead = Math.min(5 * 60_000, remaining / 4);
  return Math.max(0, remaining - lead - random() * Math.min(60_000, lead / 2));
}

export class SessionService {
  readonly #o: SessionServiceOptions;
  readonly #now: () => number;
  #state: SessionState = { status: 'signed-out' };
  #keychain: KeychainStatus;
  #credentials: Credentials | null = null;
  #pending: VerifiedSamlAssertion | null = null;
  #signingIn: Promise<void> | null = null;
  #refreshing: Promise<void> | null = null;
  /** Bumped by sign-out: work started before it (a sign-in, a refresh) must not write anything after. */
  #generation = 0;
  #timer: unknown = null;
  readonly #timers: NonNullable<SessionServiceOptions['timers']>;
  readonly #replay: ReplayCache;

  constructor(options: SessionServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#replay =
      options.replayCache ??
      new ReplayCache({ file: null, graceSeconds: maxClockSkewSeconds, now: this.#now });
    this.#keychain = options.keychain;
    this.#timers = options.timers ?? {
      set: (fn, ms) => setTimeout(fn, ms).unref(),
      clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
  }

  get state(): SessionState {
    return this.#state;
  }

  get keychain(): KeychainStatus {
    return this.#keychain;
  }

  /** The role's credentials for AWS calls; SESSION_EXPIRED once they ran out. */
  credentials(): Credentials {
    const c = this.#credentials;
    if (!c || c.expiration.getTime() <= this.#now()) {
      throw new AppError(
        'SESSION_EXPIRED',
        'Your session has ended. Sign in again to continue; your work is kept.',
      );
    }
    return c;
  }

  /**
   * Extends the session now, in the background (S3 said the token expired): the IdP's cookie signs
   * the annotator in silently. Fails with SESSION_EXPIRED when the IdP needs the annotator.
   */
  async refreshNow(): Promise<Credentials> {
    if (this.#signingIn) await this.#signingIn.catch(() => undefined);
    const current = this.#credentials;
    if (!current || this.#state.status !== 'signed-in') return this.credentials();
    await this.#refreshOnce(current.expiration.getTime());
    if (
      this.#credentials === current ||
      this.#state.status !== 'signed-in' ||
      this.#state.refresh !== 'scheduled'
    ) {
      throw new AppError(
        'SESSION_EXPIRED',
        'Your session has ended. Sign in again to continue; your work is kept.',
      );
    }
    return this.credentials();
  }

  /** At start: reuse unexpired credentials from the keychain, so the app works offline after a restart. */
  async restore(): Promise<void> {
    const id = this.#o.organization.id;
    try {
      const roleArn = await this.#o.vault.lastRole(id);
      const stored = roleArn ? await this.#o.vault.loadCredentials(id, roleArn) : null;
      if (!roleArn || !stored?.identity) return;
      this.#signedIn({
        ...stored,
        identity: stored.identity,
        roleArn,
        assumedRoleArn: stored.identity.assumedRoleArn,
      });
      log.info(
        `restored the session for ${roleFromArn(roleArn).roleName} until ${stored.expiration.toISOString()}`,
      );
    } catch (error) {
      if (error instanceof KeychainError) this.#keychainFailed(error);
      else log.error('could not restore the session; starting signed out:', error);
    }
  }

  signIn(): Promise<void> {
    this.#signingIn ??= this.#signIn().finally(() => {
      this.#signingIn = null;
    });
    return this.#signingIn;
  }

  cancelSignIn(): void {
    this.#o.loginWindow.cancel();
  }

  async chooseRole(roleArn: string): Promise<void> {
    const pending = this.#pending;
    if (this.#state.status !== 'choosing-role' || !pending) {
      throw new AppError('SESSION_NO_ROLE_CHOICE', 'There is no sign-in waiting for a role. Sign in again.');
    }
    const role = this.#allowedRoles(pending).find((r) => r.roleArn === roleArn);
    if (!role)
      throw new AppError(
        'SESSION_ROLE_NOT_OFFERED',
        'That role was not offered by this sign-in. Pick one from the list.',
      );
    if (pending.notOnOrAfter.getTime() <= this.#now()) {
      this.#pending = null;
      this.#set({
        status: 'signed-out',
        notice: {
          code: 'SESSION_SIGN_IN_EXPIRED',
          message: 'The sign-in waited too long for a role and expired. Sign in again.',
        },
      });
      throw new AppError(
        'SESSION_SIGN_IN_EXPIRED',
        'The sign-in waited too long for a role and expired. Sign in again.',
      );
    }
    await this.#assume(pending, role, this.#generation);
  }

  async signOut(): Promise<void> {
    this.#generation++;
    this.#o.loginWindow.cancel();
    this.#stopTimer();
    this.#credentials = null;
    this.#pending = null;
    const id = this.#o.organization.id;
    // Each step runs even if another fails: a locked keychain must not keep the IdP cookies alive.
    const results = await Promise.allSettled([
      this.#o.vault.wipe(id),
      this.#o.loginWindow.clear(idpPartition(id)),
    ]);
    // Signed out only once everything is gone, so "signed out" on screen means it.
    this.#set({ status: 'signed-out' });
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      log.error('sign-out could not remove everything:', failed.reason);
      if (failed.reason instanceof KeychainError) throw failed.reason;
      throw new AppError(
        'SESSION_SIGN_OUT_INCOMPLETE',
        'You are signed out, but the app could not clear everything it stored. Restart the app and sign out again.',
      );
    }
  }

  dispose(): void {
    this.#stopTimer();
    this.#o.loginWindow.cancel();
  }

  async #signIn(): Promise<void> {
    const generation = this.#generation;
    const previous = this.#state;
    const extending = previous.status === 'signed-in';
    if (!extending) this.#set({ status: 'signing-in' });
    try {
      const verified = await this.#captureAndVerify(false, generation);
      const roles = this.#allowedRoles(verified);
      // Signing in again to extend keeps the current role when the IdP still grants it.
      const current = extending ? roles.find((r) => r.roleArn === this.#credentials?.roleArn) : undefined;
      const pinned = this.#o.organization.aws.pinnedRole;
      const chosen =
        current ??
        (pinned ? roles.find((r) => roleMatches(pinned, r.roleArn)) : undefined) ??
        (roles.length === 1 ? roles[0] : undefined);
      if (chosen) return await this.#assume(verified, chosen, generation);
      const last = await this.#o.vault.lastRole(this.#o.organization.id).catch(() => null);
      this.#current(generation);
      this.#pending = verified;
      this.#set({
        status: 'choosing-role',
        roles: roles.map((r) => roleLabel(r, this.#o.organization.aws.accountAliases)),
        ...(last && roles.some((r) => r.roleArn === last) ? { suggestedRoleArn: last } : {}),
      });
    } catch (error) {
      if (generation === this.#generation && this.#state.status === 'signing-in') {
        this.#set(extending ? previous : { status: 'signed-out' });
      }
      throw error;
    }
  }

  /** Throws when a sign-out happened since `generation` was read: the work in flight is void. */
  #current(generation: number): void {
    if (generation !== this.#generation) {
      throw new AppError('SESSION_SIGN_IN_CANCELLED', 'You signed out while signing in; nothing was kept.');
    }
  }

  async #captureAndVerify(silent: boolean, generation: number): Promise<VerifiedSamlAssertion> {
    const { organization } = this.#o;
    const verifier = await this.#o.loadVerifier();
    const post = await this.#o.loginWindow.capture({
      partition: idpPartition(organization.id),
      signInUrl: organization.idp.signInUrl,
      allowedOrigins: organization.idp.allowedOrigins,
      extraAcsUrls: organization.idp.extraAcsUrls,
      silent,
    });
    const verified = await verifier.verify(post.samlResponse);
    // Spent here, before any STS call: a copy of this response is refused from now on, even after a restart.
    await this.#replay.claim(verified);
    this.#current(generation);
    try {
      await this.#o.vault.saveAssertion(organization.id, verified.assertionBase64, verified.notOnOrAfter);
    } catch (error) {
      this.#keychainFailed(error);
    }
    return verified;
  }

  #allowedRoles(verified: VerifiedSamlAssertion): AwsRole[] {
    const allowed = this.#o.organization.aws.allowedRoles;
    const roles = allowed
      ? verified.roles.filter((r) => allowed.some((p) => roleMatches(p, r.roleArn)))
      : verified.roles;
    if (roles.length === 0) {
      throw new AppError(
        'SESSION_NO_ALLOWED_ROLE',
        'Your organization signed you in, but none of your AWS roles may be used with this app. Ask your IT team to grant you an annotation role.',
      );
    }
    return roles;
  }

  async #assume(verified: VerifiedSamlAssertion, role: AwsRole, generation: number): Promise<void> {
    const { organization, vault } = this.#o;
    const temporary = await this.#o.sts.assumeRoleWithSaml({
      roleArn: role.roleArn,
      principalArn: role.principalArn,
      assertionBase64: verified.assertionBase64,
      ...(verified.sessionDurationSeconds ? { idpSessionSeconds: verified.sessionDurationSeconds } : {}),
      maxSessionSeconds: organization.aws.maxSessionSeconds,
      samlPartition: verified.partition,
    });
    const credentials: Credentials = {
      ...temporary,
      roleArn: role.roleArn,
      identity: {
        nameId: verified.nameId,
        roleSessionName: verified.roleSessionName,
        assumedRoleArn: temporary.assumedRoleArn,
      },
    };
    this.#current(generation);
    this.#pending = null;
    try {
      await vault.saveCredentials(organization.id, role.roleArn, credentials);
      await vault.setLastRole(organization.id, role.roleArn);
    } catch (error) {
      this.#keychainFailed(error);
    }
    if (generation !== this.#generation) {
      // Signed out during the save: take back what was just written.
      await vault.wipe(organization.id).catch(() => undefined);
      this.#current(generation);
    }
    this.#signedIn(credentials);
  }

  #signedIn(credentials: Credentials): void {
    this.#credentials = credentials;
    const role = roleLabel(roleFromArn(credentials.roleArn), this.#o.organization.aws.accountAliases);
    this.#set({
      status: 'signed-in',
      identity: {
        user: credentials.identity.nameId,
        sessionName: credentials.identity.roleSessionName,
        role,
        expiresAt: credentials.expiration.toISOString(),
      },
      refresh: 'scheduled',
    });
    this.#schedule(credentials.expiration.getTime());
  }

  #schedule(expiresAt: number): void {
    this.#stopTimer();
    const delay = refreshDelayMs(expiresAt, this.#now(), this.#o.random ?? Math.random);
    // Timers longer than ~24.8 days overflow; sessions are at most 12 hours, so this is a guard only.
    this.#timer = this.#timers.set(() => void this.#refreshOnce(expiresAt), Math.min(delay, 2 ** 31 - 1));
  }

  #stopTimer(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
  }

  /** One background refresh at a time, and none while the annotator is signing in themselves. */
  #refreshOnce(expiresAt: number): Promise<void> {
    if (this.#signingIn) return this.#signingIn.catch(() => undefined);
    this.#refreshing ??= this.#refresh(expiresAt).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /** Extends the session in the background; never interrupts the annotator's work. */
  async #refresh(expiresAt: number): Promise<void> {
    const current = this.#credentials;
    if (!current || this.#state.status !== 'signed-in') return;
    const generation = this.#generation;
    this.#set({ ...this.#state, refresh: 'refreshing' });
    try {
      const verified = await this.#captureAndVerify(true, generation);
      const role = this.#allowedRoles(verified).find((r) => r.roleArn === current.roleArn);
      if (!role)
        throw new AppError('SESSION_ROLE_WITHDRAWN', 'Your organization no longer grants you this role.');
      await this.#assume(verified, role, generation);
      log.info('session extended');
    } catch (error) {
      if (generation !== this.#generation) return;
      log.warn(
        'could not extend the session in the background:',
        error,
        (error as { detail?: string }).detail ?? '',
      );
      if (this.#state.status === 'signed-in') this.#set({ ...this.#state, refresh: 'needs-sign-in' });
      this.#expireAt(expiresAt);
    }
  }

  #expireAt(expiresAt: number): void {
    this.#stopTimer();
    this.#timer = this.#timers.set(
      () => {
        if (this.#credentials && this.#credentials.expiration.getTime() <= this.#now()) {
          this.#credentials = null;
          this.#set({
            status: 'signed-out',
            notice: {
              code: 'SESSION_EXPIRED',
              message: 'Your session has ended. Sign in again to continue; your work is kept.',
            },
          });
        }
      },
      Math.max(0, expiresAt - this.#now()),
    );
  }

  /** The keychain failed after the start-up probe: carry on in memory and say so. */
  #keychainFailed(error: unknown): void {
    if (!(error instanceof KeychainError)) throw error;
    log.warn(`keychain failed (${error.code}); keeping the session in memory only`);
    this.#keychain = error.status;
    this.#o.onChange();
  }

  #set(state: SessionState): void {
    this.#state = state;
    this.#o.onChange();
  }
}
