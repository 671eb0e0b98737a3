/**
 * Where the organization settings come from, in order: IT's managed file (enforced; the user cannot
 * change it), then the file the user imported (kept in the app's data folder). A managed file is
 * trusted only if an administrator owns it and nobody else can write it, as other managed apps do.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, parseOrganizationConfig, type OrganizationConfig } from './organization.ts';
import { checkManagedFileTrust, pathExists as exists } from './managed-trust.ts';
import { applyPolicy, policyDefinesOrganization } from './policy/apply-policy.ts';
import { policyKeys, type ParsedPolicy, type PolicyKeyName } from './policy/policy-schema.ts';
import { isOwnPrivateFile } from './sandbox-location.ts';
import { createLogger } from '../log.ts';

const log = createLogger('config');

export type ConfigSource = 'managed' | 'user' | 'sandbox';

export interface LoadedOrganization {
  config: OrganizationConfig;
  source: ConfigSource;
}

export interface OrganizationSourcesOptions {
  /** IT's file: Linux /etc/federated-annotator/managed-settings.json (see README). */
  managedFile: string | null;
  /** The app's data folder, where an imported or sandbox organization is kept. */
  userDataDir: string;
  /** Owner uid an administrator's file must have (0 = root); tests pass their own. */
  trustedOwnerUid?: number;
  /**
   * The running sandbox's file: an adopted sandbox follows it (a restarted sandbox may have new
   * ports or keys), so the app is never stuck on a sandbox that is gone.
   */
  sandboxFile?: string | null;
  /** IT's policy (main/config/policy/read-policy.ts); its keys override every file and show as locked. */
  readPolicy?: () => Promise<ParsedPolicy | null>;
}

const userFileName = 'organization.json';

async function readJson(file: string, source: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(source, [`the file cannot be read (${code ?? 'error'})`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(source, [`it is not valid JSON (${(error as Error).message})`]);
  }
}

/** "aws.pinnedRole: …" → "PinnedRole (aws.pinnedRole): …" for the keys the policy set. */
function namePolicyKeys(message: string, keys: PolicyKeyName[]): string {
  const problems = /cannot be used: (.*)\. Ask your IT team/s.exec(message)?.[1] ?? message;
  return keys.reduce((text, key) => {
    const target = policyKeys[key].target.replace(/^organization\./, '');
    return text.replaceAll(`${target}:`, `${key} (${target}):`);
  }, problems);
}

export function createOrganizationSources(options: OrganizationSourcesOptions) {
  const userFile = path.join(options.userDataDir, userFileName);
  let locked: PolicyKeyName[] = [];
  let policyProblems: string[] = [];
  const policy = async () => (options.readPolicy ? options.readPolicy() : null);

  /** The settings with IT's policy keys in force; remembers which keys are locked. */
  async function enforce(raw: unknown, source: ConfigSource, label: string): Promise<LoadedOrganization> {
    const current = await policy();
    const applied = applyPolicy(raw, current);
    let config: OrganizationConfig;
    try {
      config = parseOrganizationConfig(
        applied.organization,
        current && applied.locked.length ? `${label} with IT's policy (${current.source})` : label,
      );
    } catch (error) {
      // IT writes policy key names, not settings paths: name the key too.
      if (!(error instanceof ConfigError)) throw error;
      throw new ConfigError(current?.source ?? label, [namePolicyKeys(error.message, applied.locked)]);
    }
    locked = applied.locked;
    policyProblems = current?.problems ?? [];
    if (policyProblems.length)
      log.warn(`IT's policy in ${current!.source}: ${policyProblems.join('; ')} (the other keys apply)`);
    return { config, source };
  }

  /** Validates and keeps an organization file the user chose (or the sandbox's). */
  async function adopt(file: string, source: 'user' | 'sandbox'): Promise<LoadedOrganization> {
    const config = parseOrganizationConfig(await readJson(file, path.basename(file)), path.basename(file));
    await mkdir(options.userDataDir, { recursive: true });
    // Write-then-rename: a crash never leaves a half-written settings file.
    const temp = `${userFile}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify({ source, config }, null, 2), { mode: 0o600 });
    await rename(temp, userFile);
    return enforce(config, source, path.basename(file));
  }

  /**
   * The sandbox file's organization, adopted, when it differs from the adopted `current` one and can
   * be used (a restarted sandbox may have new ports or keys); null when there is nothing to follow.
   */
  async function followSandbox(current: OrganizationConfig): Promise<LoadedOrganization | null> {
    const file = options.sandboxFile;
    if (!file || !(await isOwnPrivateFile(file))) return null;
    try {
      const fresh = parseOrganizationConfig(await readJson(file, 'the sandbox'), 'the sandbox');
      if (JSON.stringify(fresh) === JSON.stringify(current)) return null;
      return await adopt(file, 'sandbox');
    } catch {
      return null; // a sandbox half-way through writing its file: keep what we have
    }
  }
  return {
    /** The organization in force, or null on first run. Throws ConfigError for a broken file. */
    async load(): Promise<LoadedOrganization | null> {
      const { managedFile } = options;
      locked = [];
      if (managedFile && (await exists(managedFile))) {
        await checkManagedFileTrust(managedFile, options.trustedOwnerUid ?? 0);
        return enforce(await readJson(managedFile, managedFile), 'managed', managedFile);
      }
      const current = await policy();
      if (policyDefinesOrganization(current)) return enforce({}, 'managed', current!.source);
      if (!(await exists(userFile))) return null;
      const stored = (await readJson(userFile, 'the app settings')) as { source?: unknown; config?: unknown };
      const source: ConfigSource = stored.source === 'sandbox' ? 'sandbox' : 'user';
      const config = parseOrganizationConfig(stored.config, 'the app settings');
      if (source === 'sandbox')
        return (await followSandbox(config)) ?? enforce(config, source, 'the app settings');
      return enforce(config, source, 'the app settings');
    },

    /** IT's enforced keys (policy names) in the organization last loaded or adopted. */
    locked: () => [...locked],
    /** Keys of IT's policy that could not be used, each named (logged; the others apply). */
    policyProblems: () => [...policyProblems],

    followSandbox,

    /** Forgets the organization the user chose ("Change organization"); IT's file is never touched. */
    async forget(): Promise<void> {
      await rm(userFile, { force: true });
    },

    /** Whether IT enforces the organization (then the user cannot import or switch). */
    async isManaged(): Promise<boolean> {
      if (options.managedFile !== null && (await exists(options.managedFile))) return true;
      // A policy that cannot be trusted or read still says IT manages this computer.
      try {
        return policyDefinesOrganization(await policy());
      } catch {
        return true;
      }
    },

    adopt,
  };
}

export type OrganizationSources = ReturnType<typeof createOrganizationSources>;
