import { readFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'prettier';
import { expect, it } from 'vitest';
import { policyKeysTable } from './policy-docs.ts';

it("the README's policy key table is the one generated from the schema", async () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
  const table = (
    await format(policyKeysTable(), { parser: 'markdown', printWidth: 110, proseWrap: 'preserve' })
  ).trim();
  expect(readme).toContain(table);
});
