import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setLogSinks } from '../log.ts';
import type { LogSink } from '../log.ts';
import { KeytarSecretStore } from './keytar-store.ts';
import { MemorySecretStore } from './memory-store.ts';
import type { SecretStore } from './secret-store.ts';
import { accountNames, MAX_ASSERTION_LENGTH, SessionVault } from './session-vault.ts';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const MIN = 60_000;
const ROLE_A = 'arn:aws:iam::123456789012:role/annotators/Labeler';
const ROLE_B = 'arn:aws:iam::123456789012:role/Reviewer';
// Distinct markers so a leak into a log or an account name is easy to see.
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEYMARK';
const SESSION_TOKEN = 'FwoGZXIvYXdzEBQaDSESSIONTOKENMARK//////////wEaDK+token=';
const ASSERTION = Buffer.from(`<samlp:Response>${'x'.repeat(2_000)}ASSERTIONMARK</samlp:Response>`).toString(
  'base64',
);

function credentials(expiration: Date | string, accessKeyId = 'ASIAIOSFODNN7EXAMPLE') {
  return { accessKeyId, secretAccessKey: SECRET_KEY, sessionToken: SESSION_TOKEN, expiration };
}

const logLines: string[] = [];
let previousSinks: LogSink[] = [];
beforeAll(() => {
  previousSinks = setLogSinks([(l) => logLines.push(`${l.level} ${l.message}`)]);
});
afterAll(() => {
  setLogSinks(previousSinks);
  // Whatever was logged across every test: never a secret, not even a fragment.
  const all = logLines.join('\n');
  expect(all).not.toContain('SECRETKEYMARK');
  expect(all).not.toContain('SESSIONTOKENMARK');
  expect(all).not.toContain(ASSERTION.slice(0, 40));
  expect(all).not.toContain('CORRUPTMARK');
});

const stores: { name: string; make: () => SecretStore }[] = [
  {
    name: 'real keyring',
    make: () => new KeytarSecretStore({ service: `Federated Annotator vault test ${randomUUID()}` }),
  },
  { name: 'memory', make: () => new MemorySecretStore() },
];

describe.each(stores)('SessionVault on the $name store', ({ make }) => {
  let store: SecretStore;
  let now = T0;
  let vault: SessionVault;
  beforeEach(() => {
    store = make();
    now = T0;
    vault = new SessionVault({ store, now: () => now });
  });
  afterEach(async () => {
    await store.clear();
  });

  describe('SAML assertion', () => {
    it('round-trips with its NotOnOrAfter, as versioned JSON under a readable account name', async () => {
      await vault.saveAssertion('corp-okta', ASSERTION, '2026-03-01T12:05:00Z');
      expect(await vault.loadAssertion('corp-okta')).toEqual({
        assertion: ASSERTION,
        notOnOrAfter: new Date('2026-03-01T12:05:00Z'),
      });
      expect(await store.list()).toEqual(['v1/assertion/corp-okta']);
      expect(JSON.parse((await store.get('v1/assertion/corp-okta')) ?? '')).toMatchObject({
        v: 1,
        kind: 'saml-assertion',
        idpId: 'corp-okta',
        notOnOrAfter: '2026-03-01T12:05:00.000Z',
        savedAt: '2026-03-01T12:00:00.000Z',
      });
      expect(await vault.loadAssertion('another-idp')).toBeNull();
    });

    it('is returned until just before NotOnOrAfter, then null and deleted', async () => {
      await vault.saveAssertion('corp', ASSERTION, new Date(T0 + 5 * MIN));
      now = T0 + 5 * MIN - 1;
      expect((await vault.loadAssertion('corp'))?.assertion).toBe(ASSERTION);
      now = T0 + 5 * MIN;
      expect(await vault.loadAssertion('corp')).toBeNull();
      expect(await store.get(accountNames.assertion('corp'))).toBeNull();
      expect(logLines.at(-1)).toContain('Deleted the expired SAML assertion of corp');
    });

    it('holds an assertion of the STS maximum, 100,000 characters, and refuses one character more', async () => {
      const max = 'QUJD'.repeat(MAX_ASSERTION_LENGTH / 4);
      await vault.saveAssertion('corp', max, new Date(T0 + MIN));
      expect((await vault.loadAssertion('corp'))?.assertion).toBe(max);
      await expect(vault.saveAssertion('corp', `${max}Q`, new Date(T0 + MIN))).rejects.toThrow(
        /too big|<=100000/i,
      );
      expect((await vault.loadAssertion('corp'))?.assertion).toBe(max);
    });

    it('refuses what is not base64, a bad IdP id or a bad date, without echoing the value', async () => {
      const notBase64 = '<samlp:Response>CORRUPTMARK</samlp:Response>';
      const error = await vault.saveAssertion('corp', notBase64, new Date(T0 + MIN)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect(String(error)).toContain('assertion');
      expect(String(error)).not.toContain('CORRUPTMARK');
      await expect(vault.saveAssertion('corp/evil', ASSERTION, new Date(T0 + MIN))).rejects.toThrow(/idpId/);
      await expect(vault.saveAssertion('', ASSERTION, new Date(T0 + MIN))).rejects.toThrow(/idpId/);
      await expect(vault.saveAssertion('corp', ASSERTION, 'tomorrow')).rejects.toThrow(/notOnOrAfter/);
      await expect(vault.saveAssertion('corp', ASSERTION, new Date(Number.NaN))).rejects.toThrow(
        /notOnOrAfter/,
      );
      expect(await store.list()).toEqual([]);
    });
  });

  describe('temporary credentials', () => {
    it('round-trip per IdP and role; account names carry no secret', async () => {
      await vault.saveCredentials('corp', ROLE_A, credentials('2026-03-01T13:00:00Z'));
      await vault.saveCredentials(
        'corp',
        ROLE_B,
        credentials(new Date(T0 + 30 * MIN), 'ASIAREVIEWER0000EXAM'),
      );
      expect(await vault.loadCredentials('corp', ROLE_A)).toEqual({
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        secretAccessKey: SECRET_KEY,
        sessionToken: SESSION_TOKEN,
        expiration: new Date('2026-03-01T13:00:00Z'),
      });
      expect((await vault.loadCredentials('corp', ROLE_B))?.accessKeyId).toBe('ASIAREVIEWER0000EXAM');
      expect(await vault.loadCredentials('other', ROLE_A)).toBeNull();
      const accounts = await store.list();
      expect(accounts).toEqual([`v1/credentials/corp/${ROLE_B}`, `v1/credentials/corp/${ROLE_A}`].sort());
      for (const account of accounts) {
        expect(account).not.toMatch(/SECRETKEYMARK|SESSIONTOKENMARK|ASIA/);
      }
    });

    it('count as expired within the margin (default 5 minutes): null and deleted', async () => {
      await vault.saveCredentials('corp', ROLE_A, credentials(new Date(T0 + 60 * MIN)));
      now = T0 + 55 * MIN - 1;
      expect(await vault.loadCredentials('corp', ROLE_A)).not.toBeNull();
      now = T0 + 55 * MIN;
      expect(await vault.loadCredentials('corp', ROLE_A)).toBeNull();
      expect(await store.get(accountNames.credentials('corp', ROLE_A))).toBeNull();
    });

    it('honour a configured margin, and are gone once expired', async () => {
      const strict = new SessionVault({ store, now: () => now, credentialsMarginMs: 0 });
      await strict.saveCredentials('corp', ROLE_A, credentials(new Date(T0 + 10 * MIN)));
      now = T0 + 10 * MIN - 1;
      expect(await strict.loadCredentials('corp', ROLE_A)).not.toBeNull();
      now = T0 + 10 * MIN;
      expect(await strict.loadCredentials('corp', ROLE_A)).toBeNull();
      expect(await store.list()).toEqual([]);
    });

    it('refuse a malformed role ARN or access key id, storing nothing', async () => {
      await expect(vault.saveCredentials('corp', 'Labeler', credentials(new Date(T0 + MIN)))).rejects.toThrow(
        /roleArn/,
      );
      await expect(
        vault.saveCredentials('corp', ROLE_A, credentials(new Date(T0 + MIN), 'not-a-key')),
      ).rejects.toThrow(/accessKeyId/);
      await expect(
        vault.saveCredentials('corp', ROLE_A, { ...credentials(new Date(T0 + MIN)), sessionToken: '' }),
      ).rejects.toThrow(/sessionToken/);
      expect(await store.list()).toEqual([]);
    });
  });

  describe('corrupt items', () => {
    const account = accountNames.credentials('corp', ROLE_A);
    const valid = {
      v: 1,
      kind: 'aws-credentials',
      idpId: 'corp',
      roleArn: ROLE_A,
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'CORRUPTMARK',
      sessionToken: 'CORRUPTMARK',
      expiration: '2026-03-01T13:00:00.000Z',
      savedAt: '2026-03-01T12:00:00.000Z',
    };
    it.each([
      ['not JSON', 'CORRUPTMARK {{{', 'not JSON'],
      ['JSON of the wrong shape', JSON.stringify({ v: 1, secret: 'CORRUPTMARK' }), 'schema:'],
      ['an unknown version', JSON.stringify({ ...valid, v: 2 }), 'schema: v'],
      [
        'an expiration that is not a date',
        JSON.stringify({ ...valid, expiration: 'CORRUPTMARK' }),
        'schema: expiration',
      ],
      [
        'a valid item filed under another role',
        JSON.stringify({ ...valid, roleArn: ROLE_B }),
        'another IdP or role',
      ],
    ])('%s: treated as absent, deleted, logged without content', async (_, raw, reason) => {
      await store.set(account, raw);
      const before = logLines.length;
      expect(await vault.loadCredentials('corp', ROLE_A)).toBeNull();
      expect(await store.get(account)).toBeNull();
      const logged = logLines.slice(before).join('\n');
      expect(logged).toContain(`Deleted an unreadable keychain item ${account}`);
      expect(logged).toContain(reason);
      expect(logged).not.toContain('CORRUPTMARK');
    });

    it('a corrupt assertion and last role are handled the same way', async () => {
      await store.set(accountNames.assertion('corp'), '"CORRUPTMARK"');
      await store.set(
        accountNames.lastRole('corp'),
        '{"v":1,"kind":"last-role","idpId":"corp","roleArn":"CORRUPTMARK"}',
      );
      expect(await vault.loadAssertion('corp')).toBeNull();
      expect(await vault.lastRole('corp')).toBeNull();
      expect(await store.list()).toEqual([]);
    });
  });

  describe('last role and sign-out', () => {
    it('remembers the last role per IdP', async () => {
      expect(await vault.lastRole('corp')).toBeNull();
      await vault.setLastRole('corp', ROLE_A);
      await vault.setLastRole('corp', ROLE_B);
      await vault.setLastRole('lab', ROLE_A);
      expect(await vault.lastRole('corp')).toBe(ROLE_B);
      expect(await vault.lastRole('lab')).toBe(ROLE_A);
    });

    async function signInEverywhere(): Promise<void> {
      // "corp2" shares a prefix with "corp": it must survive corp's sign-out.
      for (const idp of ['corp', 'corp2', 'lab']) {
        await vault.saveAssertion(idp, ASSERTION, new Date(T0 + 5 * MIN));
        await vault.saveCredentials(idp, ROLE_A, credentials(new Date(T0 + 60 * MIN)));
        await vault.saveCredentials(idp, ROLE_B, credentials(new Date(T0 + 60 * MIN)));
        await vault.setLastRole(idp, ROLE_B);
      }
    }

    it('wipe(idpId) removes every item of that IdP and nothing of the others', async () => {
      await signInEverywhere();
      expect(await store.list()).toHaveLength(12);
      expect(await vault.wipe('corp')).toBe(4);
      const left = await store.list();
      expect(left).toHaveLength(8);
      expect(left.filter((a) => a.includes('/corp/') || a.endsWith('/corp'))).toEqual([]);
      expect(await vault.loadAssertion('corp')).toBeNull();
      expect(await vault.loadCredentials('corp', ROLE_A)).toBeNull();
      expect(await vault.lastRole('corp')).toBeNull();
      expect((await vault.loadAssertion('corp2'))?.assertion).toBe(ASSERTION);
      expect((await vault.loadCredentials('corp2', ROLE_B))?.sessionToken).toBe(SESSION_TOKEN);
      expect(await vault.lastRole('lab')).toBe(ROLE_B);
      expect(await vault.wipe('corp')).toBe(0);
    });

    it('wipe() removes everything of the app', async () => {
      await signInEverywhere();
      await store.set('v0/legacy-item', 'anything');
      expect(await vault.wipe()).toBe(13);
      expect(await store.list()).toEqual([]);
    });
  });
});
