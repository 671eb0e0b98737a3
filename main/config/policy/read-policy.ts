/**
 * IT's policy on this computer, from where each OS keeps it: Linux /etc/federated-annotator/policy.json,
 * macOS managed preferences (an MDM profile), Windows registry policies (Group Policy). A file is
 * trusted only if root owns it and nobody else can write it, like the managed settings file.
 */
import { readFile } from 'node:fs/promises';
import { checkManagedFileTrust, pathExists } from '../managed-trust.ts';
import { ConfigError } from '../organization.ts';
import { macManagedPreferencesFile, parsePlistXml, plistAsXml } from './macos-plist.ts';
import { parsePolicy, type ParsedPolicy } from './policy-schema.ts';
import { readRegistryPolicy } from './windows-registry.ts';

export const linuxPolicyFile = '/etc/federated-annotator/policy.json';

export interface PolicyReadOptions {
  platform?: NodeJS.Platform;
  /** For tests: other file locations, owner and registry. */
  linuxFile?: string;
  macFile?: string;
  trustedOwnerUid?: number;
  plistToXml?: (file: string) => Promise<string>;
  registry?: Parameters<typeof readRegistryPolicy>[0];
}

function asObject(value: unknown, source: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(source, ['it must hold an object of policy keys']);
  return value as Record<string, unknown>;
}

/** The policy in force, or null where IT set none. Throws ConfigError for an untrusted or broken one. */
export async function readPolicy(options: PolicyReadOptions = {}): Promise<ParsedPolicy | null> {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') {
    const found = await readRegistryPolicy(options.registry);
    return found && parsePolicy(found.raw, found.source);
  }
  const file =
    platform === 'darwin'
      ? (options.macFile ?? macManagedPreferencesFile)
      : (options.linuxFile ?? linuxPolicyFile);
  if (!(await pathExists(file))) return null;
  await checkManagedFileTrust(file, options.trustedOwnerUid ?? 0);
  let raw: unknown;
  try {
    raw =
      platform === 'darwin'
        ? parsePlistXml(await (options.plistToXml ?? plistAsXml)(file))
        : JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(file, [`it cannot be read (${(error as Error).message})`]);
  }
  const values = asObject(raw, file);
  // MDM profiles carry their own Payload* bookkeeping keys beside the app's.
  const own = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith('Payload')));
  return parsePolicy(own, file);
}
