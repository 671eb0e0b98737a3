/**
 * README's table of error codes is the one generated from the sources (scripts/error-table.ts), so it
 * cannot drift; and the generator finds every declared code, with the message written for it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ipcErrorCodes } from '../../preload/contract.ts';
import { samlErrorCodes } from '../../main/auth/saml-errors.ts';
import { stsErrorCodes } from '../../main/auth/sts-errors.ts';
import { localStoreErrorCodes } from '../../main/local/local-store-error.ts';
import { storageErrorCodes } from '../../main/storage/storage-errors.ts';
import { updateErrorCodes } from '../../main/update/update-errors.ts';
import { collectErrors, errorTable, markers } from '../../scripts/error-table.ts';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('troubleshooting table', () => {
  it("README's table is the generated one (run `node scripts/error-table.ts --write` after changing a message)", async () => {
    const section = readme.slice(readme.indexOf(markers[0]) + markers[0].length, readme.indexOf(markers[1]));
    expect(section.trim()).toBe(await errorTable());
  });

  it('has a row for every declared code, and no status that is not an error', () => {
    const codes = collectErrors();
    const declared = [
      ...samlErrorCodes,
      ...stsErrorCodes,
      ...storageErrorCodes,
      ...localStoreErrorCodes,
      ...updateErrorCodes,
      ...Object.values(ipcErrorCodes),
    ];
    expect(declared.filter((code) => !codes.has(code))).toEqual([]);
    expect(codes.has('KEYCHAIN_OK')).toBe(false);
  });

  it('shows the message people see, with advice resolved and run-time parts as "…"', () => {
    const codes = collectErrors();
    expect([...codes.get('UPDATE_CHECKSUM_MISMATCH')!]).toEqual([
      'The update downloaded from … does not match the SHA-512 fingerprint in its signed description, so it was deleted and not installed. Tell your IT team: the file on the update server is damaged or was replaced.',
    ]);
    // advice.askIdpAdmin is a shared ending: it is spelled out, not shown as "…".
    expect([...codes.get('SAML_NO_ROLES')!][0]).toMatch(
      /^Your company sign-in did not give you any AWS role\./,
    );
    expect([...codes.get('SAML_BAD_ARN')!][0]).toContain(
      'Ask your IT team (the administrators of your company sign-in)',
    );
    // Both messages of a conditional are listed.
    expect(codes.get('STORAGE_BAD_CREDENTIALS')!.size).toBe(2);
  });
});
