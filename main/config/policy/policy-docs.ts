/** The README's table of policy keys, generated from the schema so the two cannot drift. */
import { policyKeys, type PolicyKind } from './policy-schema.ts';

const kinds: Record<PolicyKind, string> = {
  string: 'text (REG_SZ, plist string)',
  integer: 'number (REG_DWORD, plist integer)',
  boolean: 'true/false (REG_DWORD 1/0, plist true/false)',
  list: 'list (REG_MULTI_SZ or a subkey of 1, 2, …; plist array)',
  json: 'JSON text',
};

export function policyKeysTable(): string {
  const rows = Object.entries(policyKeys).map(
    ([name, key]) => `| \`${name}\` | ${kinds[key.kind]} | \`${key.target}\` | ${key.description} |`,
  );
  return ['| key | type | sets | what it does |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
