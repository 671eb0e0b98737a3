/**
 * Windows Group Policy: the app's keys under HKLM\SOFTWARE\Policies\FederatedAnnotator (and HKCU,
 * which the machine's values override), read with `reg query /s` (part of Windows, no native module).
 * A list is a REG_MULTI_SZ value or, as Chrome's ADMX templates write lists, a subkey named after
 * the key whose values are 1, 2, 3…
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const registryPolicyKey = 'SOFTWARE\\Policies\\FederatedAnnotator';

const valueLine = /^ {4}(.+?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;

function decode(type: string, data: string): unknown {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
      return Number.parseInt(data, 16);
    case 'REG_MULTI_SZ':
      // reg prints the separators as the two characters \0.
      return data ? data.split('\\0').filter((item) => item.length > 0) : [];
    default:
      return data;
  }
}

/** `reg query <root>\<key> /s` output → { name: value }, lists from subkeys included. */
export function parseRegQuery(output: string, key: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const lists = new Map<string, [number, unknown][]>();
  let section: string | null = null;
  for (const line of output.split(/\r?\n/)) {
    if (/^HKEY_[A-Z_]+\\/.test(line)) {
      const relative = line.slice(line.indexOf('\\') + 1);
      const rest = relative.toLowerCase().startsWith(key.toLowerCase()) ? relative.slice(key.length) : null;
      // The key itself (''), or one level below it (a list); anything else is not ours.
      section = rest === '' ? '' : rest && /^\\[^\\]+$/.test(rest) ? rest.slice(1) : null;
      continue;
    }
    const match = valueLine.exec(line);
    if (!match || section === null) continue;
    const [, name, type, data = ''] = match;
    if (name === '(Default)') continue;
    const value = decode(type!, data);
    if (section === '') values[name!] = value;
    else if (/^\d+$/.test(name!)) {
      const items = lists.get(section) ?? [];
      items.push([Number(name), value]);
      lists.set(section, items);
    }
  }
  for (const [name, items] of lists) {
    values[name] = items.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
  }
  return values;
}

const run = promisify(execFile);

/** Machine policy over user policy; null when neither key exists. */
export async function readRegistryPolicy(
  query: (root: string) => Promise<string | null> = async (root) => {
    try {
      const { stdout } = await run('reg', ['query', `${root}\\${registryPolicyKey}`, '/s'], {
        windowsHide: true,
        timeout: 10_000,
      });
      return stdout;
    } catch {
      return null; // the key does not exist (reg exits 1)
    }
  },
): Promise<{ source: string; raw: Record<string, unknown> } | null> {
  const [user, machine] = await Promise.all([query('HKCU'), query('HKLM')]);
  if (user === null && machine === null) return null;
  const raw = {
    ...(user === null ? {} : parseRegQuery(user, registryPolicyKey)),
    ...(machine === null ? {} : parseRegQuery(machine, registryPolicyKey)),
  };
  return { source: `HKLM\\${registryPolicyKey}`, raw };
}
