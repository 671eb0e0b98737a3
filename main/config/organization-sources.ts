/**
 * Where the organization settings come from, in order: IT's managed file (enforced; the user cannot
 * change it), then the file the user imported (kept in the app's data folder). A managed file is
 * trusted only if an administrator owns it and nobody else can write it, as other managed apps do.
 */
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, parseOrganizationConfig, type OrganizationConfig } from './organization.ts';
import { isOwnPrivateFile } from './sandbox-location.ts';

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

/** Refuses a managed file that a non-administrator could have written or swapped. */
async function checkManagedFileTrust(file: string, ownerUid: number): Promise<void> {
  const info = await lstat(file);
  const problems: string[] = [];
  if (info.isSymbolicLink()) problems.push('it is a symbolic link');
  else if (!info.isFile()) problems.push('it is not a regular file');
  if (process.platform !== 'win32') {
    if (info.uid !== ownerUid)
      problems.push(`it must be owned by ${ownerUid === 0 ? 'root' : `uid ${ownerUid}`}`);
    if (info.mode & 0o022) problems.push('group or others can write it');
  }
  if (problems.length) throw new ConfigError(file, problems);
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

export function createOrganizationSources(options: OrganizationSourcesOptions) {
  const userFile = path.join(options.userDataDir, userFileName);

  /** Validates and keeps an organization file the user chose (or the sandbox's). */
  async function adopt(file: string, source: 'user' | 'sandbox'): Promise<LoadedOrganization> {
    const config = parseOrganizationConfig(await readJson(file, path.basename(file)), path.basename(file));
    await mkdir(options.userDataDir, { recursive: true });
    // Write-then-rename: a crash never leaves a half-written settings file.
    const temp = `${userFile}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify({ source, config }, null, 2), { mode: 0o600 });
    await rename(temp, userFile);
    return { config, source };
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
      if (managedFile && (await exists(managedFile))) {
        await checkManagedFileTrust(managedFile, options.trustedOwnerUid ?? 0);
        return {
          config: parseOrganizationConfig(await readJson(managedFile, managedFile), managedFile),
          source: 'managed',
        };
      }
      if (!(await exists(userFile))) return null;
      const stored = (await readJson(userFile, 'the app settings')) as { source?: unknown; config?: unknown };
      const source: ConfigSource = stored.source === 'sandbox' ? 'sandbox' : 'user';
      const config = parseOrganizationConfig(stored.config, 'the app settings');
      if (source === 'sandbox') return (await followSandbox(config)) ?? { config, source };
      return { config, source };
    },

    followSandbox,

    /** Forgets the organization the user chose ("Change organization"); IT's file is never touched. */
    async forget(): Promise<void> {
      await rm(userFile, { force: true });
    },

    /** Whether IT enforces the organization (then the user cannot import or switch). */
    async isManaged(): Promise<boolean> {
      return options.managedFile !== null && (await exists(options.managedFile));
    },

    adopt,
  };
}

export type OrganizationSources = ReturnType<typeof createOrganizationSources>;
