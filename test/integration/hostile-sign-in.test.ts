/**
 * Every hostile response of the corpus, posted by the "IdP" into the session service: each is refused
 * with its own code, and STS is never called (the app never spends a bad assertion on AWS). And a
 * genuine response captured and posted again, even after the app restarted, is refused the same way.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuthController } from '../../main/auth/auth-controller.ts';
import type { AssumeRoleRequest } from '../../main/auth/sts-client.ts';
import { createOrganizationSources } from '../../main/config/organization-sources.ts';
import { createSamlVerifier } from '../../main/auth/saml-verifier.ts';
import { SessionService } from '../../main/auth/session-service.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { SessionVault } from '../../main/secrets/session-vault.ts';
import { hostileCorpus } from '../fixtures/saml/hostile-corpus.ts';
import { fixedNow, idpMetadataXml, signedResponse } from '../fixtures/saml/saml-kit.ts';

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

describe('a captured response used again', () => {
  it('is refused with SAML_REPLAYED after an app restart, before STS is called', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'fa-replay-app-'));
    const organizationFile = path.join(dataDir, 'from-it.json');
    await writeFile(
      organizationFile,
      JSON.stringify({
        id: 'corp',
        name: 'Corp',
        idp: { signInUrl: 'https://idp.example.test/sso', metadataXml: idpMetadataXml() },
        aws: { region: 'eu-west-1' },
      }),
    );
    // The same POST every time, as a copy taken off the wire would be.
    const captured = signedResponse({ now: new Date() });
    const stsCalls: AssumeRoleRequest[] = [];
    const app = async () => {
      const store = new MemorySecretStore();
      const auth = new AuthController({
        sources: createOrganizationSources({ managedFile: null, userDataDir: dataDir }),
        keychain: { store, status: await store.probe() },
        loginWindow: {
          capture: async () => ({ samlResponse: captured }),
          cancel: () => undefined,
          clear: async () => undefined,
        },
        sandboxFile: null,
        pickOrganizationFile: async () => organizationFile,
        onChange: () => undefined,
        replayCacheFile: path.join(dataDir, 'sign-in', 'replay-cache.json'),
        session: {
          sts: {
            assumeRoleWithSaml: async (request) => {
              stsCalls.push(request);
              return {
                accessKeyId: 'ASIAFIXTUREFIXTURE01',
                secretAccessKey: 'fixture-secret',
                sessionToken: 'fixture-token',
                expiration: new Date(Date.now() + 3600_000),
                assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/Annotator/ada.lovelace@example.test',
              };
            },
          },
        },
      });
      await auth.start();
      return auth;
    };
    try {
      const first = await app();
      await first.importFile();
      await first.signIn();
      expect(first.view().session.status).toBe('signed-in');
      await expect(first.signIn()).rejects.toMatchObject({ code: 'SAML_REPLAYED' });
      first.dispose();

      const restarted = await app();
      expect(restarted.organization?.id).toBe('corp');
      await expect(restarted.signIn()).rejects.toMatchObject({
        code: 'SAML_REPLAYED',
        message: expect.stringContaining('can only be used once'),
      });
      expect(restarted.view().session.status).toBe('signed-out');
      expect(stsCalls).toHaveLength(1);
      restarted.dispose();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
