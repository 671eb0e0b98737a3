import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { setLogSinks } from '../log.ts';
import { KeytarSecretStore } from '../secrets/keytar-store.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { KeychainError } from '../secrets/secret-store.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { LocalStoreError } from './local-store-error.ts';
import { createSealer, localKeyAccount } from './sealed.ts';

const ROLE_A = 'lab-idp/arn:aws:iam::111111111111:role/vision-annotator';
const ROLE_B = 'lab-idp/arn:aws:iam::111111111111:role/language-annotator';
const text = (s: string) => Buffer.from(s, 'utf8');

beforeEach(() => {
  setLogSinks([]);
});

function refused(run: () => unknown): LocalStoreError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LocalStoreError);
    return error as LocalStoreError;
  }
  throw new Error('expected the blob to be refused');
}

describe('createSealer', () => {
  it('seals with AES-256-GCM under a per-role key kept in the secret store, by an account with no ARN', async () => {
    const secrets = new MemorySecretStore();
    const sealer = createSealer({ secrets, persistent: false });
    expect(sealer.persistent).toBe(false);
    const seal = await sealer.forRole(ROLE_A);
    const blob = seal.seal('draft', 'record-1', text('{"hello":"world"}'));
    expect(blob.length).toBe(1 + 12 + 16 + 17);
    expect(Buffer.from(blob).includes('hello')).toBe(false);
    expect(seal.open('draft', 'record-1', blob).toString('utf8')).toBe('{"hello":"world"}');

    // Two seals of the same text differ (a fresh IV each time).
    expect(
      Buffer.from(seal.seal('draft', 'record-1', text('x'))).equals(
        seal.seal('draft', 'record-1', text('x')),
      ),
    ).toBe(false);
    const accounts = await secrets.list();
    expect(accounts).toEqual([localKeyAccount(ROLE_A)]);
    expect(accounts[0]).toMatch(/^local-key:[0-9a-f]{32}$/);
    const stored = (await secrets.get(accounts[0] as string)) as string;
    expect(Buffer.from(stored.replace(/^v1:/, ''), 'base64')).toHaveLength(32);
    // The same role asks the keychain once.
    expect(await sealer.forRole(ROLE_A)).toBe(seal);
  });

  it('refuses a tampered blob (IV, tag, ciphertext, format or length) with LOCAL_STORE_CORRUPT', async () => {
    const seal = await createSealer({ secrets: new MemorySecretStore(), persistent: false }).forRole(ROLE_A);
    const blob = Buffer.from(seal.seal('draft', 'r', text('some annotation')));
    for (const at of [0, 1, 13, 29, blob.length - 1]) {
      const tampered = Buffer.from(blob);
      tampered[at] = (tampered[at] as number) ^ 0x01;
      const error = refused(() => seal.open('draft', 'r', tampered));
      expect(error.code).toBe('LOCAL_STORE_CORRUPT');
      expect(error.message).toContain('changed outside the app');
    }
    expect(refused(() => seal.open('draft', 'r', blob.subarray(0, 20))).code).toBe('LOCAL_STORE_CORRUPT');
    expect(refused(() => seal.open('draft', 'r', blob.subarray(0, blob.length - 1))).code).toBe(
      'LOCAL_STORE_CORRUPT',
    );
  });

  it('binds a blob to its role, record id and kind: moved anywhere else it does not open', async () => {
    const secrets = new MemorySecretStore();
    const sealer = createSealer({ secrets, persistent: false });
    const a = await sealer.forRole(ROLE_A);
    const b = await sealer.forRole(ROLE_B);
    expect(a.keyId).not.toBe(b.keyId);
    const blob = a.seal('draft', 'task-1', text('secret-ish'));
    expect(refused(() => b.open('draft', 'task-1', blob)).code).toBe('LOCAL_STORE_CORRUPT');
    expect(refused(() => a.open('draft', 'task-2', blob)).code).toBe('LOCAL_STORE_CORRUPT');
    expect(refused(() => a.open('ui-state', 'task-1', blob)).code).toBe('LOCAL_STORE_CORRUPT');

    // Even with the same key material, a blob sealed for role A does not open as role B (AAD).
    const keyOfA = (await secrets.get(localKeyAccount(ROLE_A))) as string;
    const shared = new MemorySecretStore();
    await shared.set(localKeyAccount(ROLE_A), keyOfA);
    await shared.set(localKeyAccount(ROLE_B), keyOfA);
    const twin = createSealer({ secrets: shared, persistent: false });
    const twinA = await twin.forRole(ROLE_A);
    const twinB = await twin.forRole(ROLE_B);
    expect(twinA.keyId).toBe(twinB.keyId);
    expect(twinA.open('draft', 'task-1', blob).toString()).toBe('secret-ish');
    expect(refused(() => twinB.open('draft', 'task-1', blob)).code).toBe('LOCAL_STORE_CORRUPT');

    // Role keys hold NULs (organization, ARN, session name): no split of role and record id collides.
    const ROLE_NUL = `${ROLE_A}\0session`;
    await shared.set(localKeyAccount(ROLE_NUL), keyOfA);
    const nul = await twin.forRole(ROLE_NUL);
    const split = twinA.seal('draft', 'session\0task-1', text('split'));
    expect(refused(() => nul.open('draft', 'task-1', split)).code).toBe('LOCAL_STORE_CORRUPT');
    expect(twinA.open('draft', 'session\0task-1', split).toString()).toBe('split');
  });

  it('a memory-only key dies with the process: the next run cannot open the blob', async () => {
    const first = await createSealer({ secrets: new MemorySecretStore(), persistent: false }).forRole(ROLE_A);
    const blob = first.seal('draft', 'r', text('gone after restart'));
    const next = await createSealer({ secrets: new MemorySecretStore(), persistent: false }).forRole(ROLE_A);
    expect(next.keyId).not.toBe(first.keyId);
    expect(refused(() => next.open('draft', 'r', blob)).code).toBe('LOCAL_STORE_CORRUPT');
  });

  it('a keychain that fails gives LOCAL_KEY_UNAVAILABLE, and is asked again next time', async () => {
    const memory = new MemorySecretStore();
    let locked = true;
    const flaky: SecretStore = {
      probe: () => memory.probe(),
      get: async (account) => {
        if (locked) throw new KeychainError('KEYCHAIN_LOCKED', 'org.freedesktop.Secret.Error.IsLocked');
        return memory.get(account);
      },
      set: (account, value) => memory.set(account, value),
      delete: (account) => memory.delete(account),
      list: () => memory.list(),
      clear: () => memory.clear(),
    };
    const sealer = createSealer({ secrets: flaky, persistent: true });
    const error = await sealer.forRole(ROLE_A).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LocalStoreError);
    expect((error as LocalStoreError).code).toBe('LOCAL_KEY_UNAVAILABLE');
    expect((error as LocalStoreError).message).toContain('Unlock your keychain');
    expect((error as LocalStoreError).detail).toContain('IsLocked');
    locked = false;
    const seal = await sealer.forRole(ROLE_A);
    expect(seal.open('draft', 'r', seal.seal('draft', 'r', text('ok'))).toString()).toBe('ok');
  });

  it('replaces an unreadable key item with a new key', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set(localKeyAccount(ROLE_A), 'v1:dG9vIHNob3J0');
    const seal = await createSealer({ secrets, persistent: false }).forRole(ROLE_A);
    const stored = (await secrets.get(localKeyAccount(ROLE_A))) as string;
    expect(Buffer.from(stored.slice(3), 'base64')).toHaveLength(32);
    expect(seal.open('draft', 'r', seal.seal('draft', 'r', text('ok'))).toString()).toBe('ok');
  });

  describe('with the OS keychain (gnome-keyring in a private D-Bus session)', () => {
    const service = `Federated Annotator local-key test ${randomUUID()}`;
    const keychain = new KeytarSecretStore({ service, timeoutMs: 10_000 });
    afterAll(async () => {
      await keychain.clear();
    });

    it('keeps the key across a restart: a new sealer on a new store instance opens the blob', async () => {
      expect((await keychain.probe()).code).toBe('KEYCHAIN_OK');
      const before = await createSealer({ secrets: keychain, persistent: true }).forRole(ROLE_A);
      const blob = before.seal('draft', 'r', text('survives a restart'));
      const restarted = new KeytarSecretStore({ service, timeoutMs: 10_000 });
      const after = await createSealer({ secrets: restarted, persistent: true }).forRole(ROLE_A);
      expect(after.keyId).toBe(before.keyId);
      expect(after.open('draft', 'r', blob).toString()).toBe('survives a restart');
      expect(await restarted.list()).toEqual([localKeyAccount(ROLE_A)]);
    });
  });
});
