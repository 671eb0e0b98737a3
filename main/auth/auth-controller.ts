/**
 * The organization in force and the session for it. First run: no organization until the user
 * imports the file IT gave them or tries the sandbox (IT's managed settings skip that step).
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { SessionView } from '../../preload/contract.ts';
import type { OrganizationSources, LoadedOrganization } from '../config/organization-sources.ts';
import { ConfigError, networkOptions } from '../config/organization.ts';
import { loadIdpMetadata } from '../config/idp-metadata-source.ts';
import { policyKeys } from '../config/policy/policy-schema.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import type { KeychainStatus, SecretStore } from '../secrets/secret-store.ts';
import { SessionVault } from '../secrets/session-vault.ts';
import { ReplayCache } from './replay-cache.ts';
import { createRoleSessionLimits, type RoleSessionLimits } from './role-session-limits.ts';
import { createSamlVerifier } from './saml-verifier.ts';
import { maxClockSkewSeconds } from './saml-time.ts';
import {
  idpPartition,
  SessionService,
  type Credentials,
  type LoginWindowPort,
  type SessionServiceOptions,
} from './session-service.ts';
import { createStsClient } from './sts-client.ts';

const log = createLogger('auth');

export interface AuthControllerOptions {
  sources: OrganizationSources;
  keychain: { store: SecretStore; status: KeychainStatus };
  loginWindow: LoginWindowPort;
  /** The running sandbox's organization file; null where no sandbox may be offered (packaged app). */
  sandboxFile: string | null;
  /** Lets the user choose the organization file (the shell shows a file dialog); null if cancelled. */
  pickOrganizationFile: () => Promise<string | null>;
  onChange: (view: SessionView) => void;
  /**
   * The replay cache file, in the app's data folder (the roles' session maximums are kept beside it):
   * used assertions stay refused across restarts. Without it both are kept in memory only.
   */
  replayCacheFile?: string | null;
  /** For tests: clock, timers and a different STS client. */
  session?: Partial<Pick<SessionServiceOptions, 'now' | 'random' | 'timers' | 'sts'>>;
}

/** A setting IT's policy enforces (shown as locked). */
export interface LockedSetting {
  key: string;
  description: string;
}

/** Beside the replay cache file. */
export const roleSessionLimitsFileName = 'role-session-limits.json';

const noOrganization = () =>
  new AppError(
    'CONFIG_NO_ORGANIZATION',
    'This app is not set up for an organization yet. Import the file your IT team gave you.',
  );

export class AuthController {
  readonly #o: AuthControllerOptions;
  #organization: LoadedOrganization | null = null;
  #settingsProblem: ConfigError | null = null;
  #session: SessionService | null = null;
  readonly #vault: SessionVault;
  /** One for the app, whichever organization: an assertion used once stays used. */
  readonly #replay: ReplayCache;
  readonly #sessionLimits: RoleSessionLimits;

  constructor(options: AuthControllerOptions) {
    this.#o = options;
    const file = options.replayCacheFile ?? null;
    const now = options.session?.now;
    this.#replay = new ReplayCache({ file, graceSeconds: maxClockSkewSeconds, ...(now ? { now } : {}) });
    this.#sessionLimits = createRoleSessionLimits({
      file: file && path.join(path.dirname(file), roleSessionLimitsFileName),
      ...(now ? { now } : {}),
    });
    this.#vault = new SessionVault({
      store: options.keychain.store,
      ...(options.session?.now ? { now: options.session.now } : {}),
    });
  }

  /** Loads the organization and restores a stored session. A broken settings file is reported, not fatal. */
  async start(): Promise<void> {
    try {
      const loaded = await this.#o.sources.load();
      if (loaded) await this.#use(loaded);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      log.error(error.message);
      this.#settingsProblem = error;
    }
  }

  view(): SessionView {
    const org = this.#organization;
    const keychain = this.#session?.keychain ?? this.#o.keychain.status;
    return {
      organization: org ? { id: org.config.id, name: org.config.name, source: org.source } : null,
      session: this.#session?.state ?? {
        status: 'no-organization',
        ...(this.#settingsProblem
          ? { problem: { code: this.#settingsProblem.code, message: this.#settingsProblem.message } }
          : {}),
      },
      keychain: { persistent: keychain.persistent, code: keychain.code, message: keychain.message },
    };
  }

  async choices(): Promise<{ managed: boolean; sandboxAvailable: boolean; locked: LockedSetting[] }> {
    const managed = await this.#o.sources.isManaged();
    return {
      managed,
      sandboxAvailable: !managed && (await this.#sandboxFile()) !== null,
      locked: this.#o.sources.locked().map((key) => ({ key, description: policyKeys[key].description })),
    };
  }

  async useSandbox(): Promise<void> {
    await this.#refuseIfManaged();
    const sandboxFile = await this.#sandboxFile();
    if (!sandboxFile) {
      throw new AppError(
        'CONFIG_SANDBOX_NOT_RUNNING',
        'The sandbox is not running. Start it with `npm run sandbox`, then try again.',
      );
    }
    await this.#use(await this.#o.sources.adopt(sandboxFile, 'sandbox'));
  }

  /**
   * "Change organization": signs out, forgets the organization the user chose and goes back to the
   * first run. Refused when IT manages it.
   */
  async changeOrganization(): Promise<void> {
    if (await this.#o.sources.isManaged()) {
      throw new AppError(
        'CONFIG_MANAGED',
        'Your organization is locked by your IT department. Ask them if it needs to change.',
      );
    }
    const session = this.#session;
    this.#session = null;
    if (session) {
      await session
        .signOut()
        .catch((error: unknown) => log.warn('sign-out before changing organization:', error));
      session.dispose();
    }
    await this.#o.sources.forget();
    this.#organization = null;
    this.#settingsProblem = null;
    this.#o.onChange(this.view());
  }

  async importFile(): Promise<void> {
    await this.#refuseIfManaged();
    const file = await this.#o.pickOrganizationFile();
    if (!file) return;
    await this.#use(await this.#o.sources.adopt(file, 'user'));
  }

  /** Signs in; an adopted sandbox first follows its file (a restarted sandbox may have new keys). */
  signIn = async () => {
    const org = this.#organization;
    if (org?.source === 'sandbox' && this.#session?.state.status !== 'signing-in') {
      const followed = await this.#o.sources.followSandbox(org.config);
      if (followed) await this.#use(followed);
    }
    return this.#require().signIn();
  };
  cancelSignIn = () => this.#require().cancelSignIn();
  chooseRole = (roleArn: string) => this.#require().chooseRole(roleArn);
  signOut = () => this.#require().signOut();

  /** The current role's credentials, for S3 (never for the renderer). */
  credentials(): Credentials {
    return this.#require().credentials();
  }

  /** Extends the session now (S3 said the token expired); SESSION_EXPIRED if the IdP needs the user. */
  refreshCredentials(): Promise<Credentials> {
    return this.#require().refreshNow();
  }

  /** The organization in force (null on first run). */
  get organization(): LoadedOrganization['config'] | null {
    return this.#organization?.config ?? null;
  }

  dispose(): void {
    this.#session?.dispose();
  }

  /**
   * The sandbox file, if one is offered and trustworthy: it lives in the temp folder, where another
   * user could plant one pointing at their own IdP and STS, so it must be this user's own file.
   */
  async #sandboxFile(): Promise<string | null> {
    const file = this.#o.sandboxFile;
    return file && (await isOwnPrivateFile(file)) ? file : null;
  }

  async #refuseIfManaged(): Promise<void> {
    if (await this.#o.sources.isManaged()) {
      throw new AppError('CONFIG_MANAGED', 'Your IT team manages this setting; it cannot be changed here.');
    }
  }

  #require(): SessionService {
    if (!this.#session) throw noOrganization();
    return this.#session;
  }

  async #use(loaded: LoadedOrganization): Promise<void> {
    this.#session?.dispose();
    const previous = this.#organization?.config.id;
    if (previous && previous !== loaded.config.id) {
      // Another organization now: nothing of the previous one stays (cookies, keychain items).
      await Promise.allSettled([
        this.#o.loginWindow.clear(idpPartition(previous)),
        this.#vault.wipe(previous),
      ]);
    }
    const { config } = loaded;
    this.#organization = loaded;
    this.#settingsProblem = null;
    const sts =
      this.#o.session?.sts ??
      createStsClient({
        region: config.aws.region,
        ...(config.aws.stsEndpoint ? { endpoint: config.aws.stsEndpoint } : {}),
        ...networkOptions(config),
        sessionLimits: this.#sessionLimits,
      });
    this.#session = new SessionService({
      organization: config,
      vault: this.#vault,
      keychain: this.#o.keychain.status,
      loginWindow: this.#o.loginWindow,
      loadVerifier: async () =>
        createSamlVerifier({
          idpMetadataXml: await loadIdpMetadata(config),
          extraAcsUrls: config.idp.extraAcsUrls,
          extraAudiences: config.idp.extraAudiences,
        }),
      sts,
      replayCache: this.#replay,
      onChange: () => this.#o.onChange(this.view()),
      ...this.#o.session,
    });
    await this.#session.restore();
    this.#o.onChange(this.view());
  }
}

/** A regular file (not a link) of this user's that nobody else can write; false when absent. */
async function isOwnPrivateFile(file: string): Promise<boolean> {
  const info = await lstat(file).catch(() => null);
  if (!info?.isFile()) return false;
  if (process.platform === 'win32') return true;
  return info.uid === process.getuid?.() && (info.mode & 0o022) === 0;
}
