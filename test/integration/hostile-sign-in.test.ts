/**
 * Every hostile response of the corpus, posted by the "IdP" into the session service: each is refused
 * with its own code, and STS is never called (the app never spends a bad assertion on AWS).
 */
import { describe, expect, it } from 'vitest';
import { createSamlVerifier } from '../../main/auth/saml-verifier.ts';
import { SessionService } from '../../main/auth/session-service.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { SessionVault } from '../../main/secrets/session-vault.ts';
import { hostileCorpus } from '../fixtures/saml/hostile-corpus.ts';
import { fixedNow, idpMetadataXml } from '../fixtures/saml/saml-kit.ts';

const organization = parseOrganizationConfig(
  {
    id: 'corp',
    name: 'Corp',
    idp: { signInUrl: 'https://idp.example.test/sso', metadataXml: idpMetadataXml() },
    aws: { region: 'eu-west-1' },
  },
  'test',
);

describe('hostile responses never reach STS', () => {
  it('has at least 30 cases', () => expect(hostileCorpus.length).toBeGreaterThanOrEqual(30));

  it.each(hostileCorpus.map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    const stsCalls: unknown[] = [];
    const service = new SessionService({
      organization,
      vault: new SessionVault({ store: new MemorySecretStore(), now: () => fixedNow.getTime() }),
      keychain: { code: 'KEYCHAIN_OK', message: 'ok', persistent: true },
      loginWindow: {
        capture: async () => ({ samlResponse: hostile.build() }),
        cancel: () => undefined,
        clear: async () => undefined,
      },
      loadVerifier: async () =>
        createSamlVerifier({ idpMetadataXml: organization.idp.metadataXml!, now: () => fixedNow }),
      sts: {
        assumeRoleWithSaml: async (request) => {
          stsCalls.push(request);
          throw new Error('STS must not be called');
        },
      },
      onChange: () => undefined,
      now: () => fixedNow.getTime(),
    });
    await expect(service.signIn()).rejects.toMatchObject({ code: hostile.expected });
    expect(stsCalls).toEqual([]);
    expect(service.state.status).toBe('signed-out');
  });
});
