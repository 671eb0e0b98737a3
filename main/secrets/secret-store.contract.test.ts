/**
 * One contract, two implementations: the real keychain (gnome-keyring in the private session of
 * scripts/with-keyring.sh) and the in-memory fallback must behave the same.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore, PROBE_ACCOUNT } from './keytar-store.ts';
import { MemorySecretStore } from './memory-store.ts';
import type { KeychainStatusCode, SecretStore } from './secret-store.ts';

interface Implementation {
  name: string;
  probeCode: KeychainStatusCode;
  persistent: boolean;
  /** A new, empty store; a second call gives an independent one (another service for keytar). */
  make: () => SecretStore;
}

const made: SecretStore[] = [];
const implementations: Implementation[] = [
  {
    name: 'KeytarSecretStore (real keyring)',
    probeCode: 'KEYCHAIN_OK',
    persistent: true,
    make: () => track(new KeytarSecretStore({ service: `Federated Annotator test ${randomUUID()}` })),
  },
  {
    name: 'MemorySecretStore',
    probeCode: 'KEYCHAIN_MEMORY_ONLY',
    persistent: false,
    make: () => track(new MemorySecretStore()),
  },
];

function track(store: SecretStore): SecretStore {
  made.push(store);
  return store;
}

afterEach(async () => {
  for (const store of made.splice(0)) await store.clear();
});

beforeAll(async () => {
  const status = await new KeytarSecretStore({ service: `Federated Annotator test ${randomUUID()}` }).probe();
  if (status.code !== 'KEYCHAIN_OK') {
    throw new Error(
      `These tests need an unlocked keyring: run them through scripts/with-keyring.sh (${status.code}: ${status.detail})`,
    );
  }
});

describe.each(implementations)('SecretStore contract: $name', ({ make, probeCode, persistent }) => {
  it('probes as usable, and the probe leaves no item behind', async () => {
    const store = make();
    const status = await store.probe();
    expect(status.code).toBe(probeCode);
    expect(status.persistent).toBe(persistent);
    expect(status.message.length).toBeGreaterThan(20);
    expect(await store.list()).toEqual([]);
    expect(await store.get(PROBE_ACCOUNT)).toBeNull();
  });

  it('reads null for an account never written', async () => {
    expect(await make().get('v1/nothing-here')).toBeNull();
  });

  it('round-trips, overwrites, deletes', async () => {
    const store = make();
    await store.set('v1/a', 'first');
    expect(await store.get('v1/a')).toBe('first');
    await store.set('v1/a', 'second');
    expect(await store.get('v1/a')).toBe('second');
    expect(await store.list()).toEqual(['v1/a']);
    expect(await store.delete('v1/a')).toBe(true);
    expect(await store.get('v1/a')).toBeNull();
    expect(await store.delete('v1/a')).toBe(false);
  });

  it('lists only its own accounts, sorted, and clear removes exactly those', async () => {
    const store = make();
    const other = make();
    await other.set('v1/other', 'theirs');
    for (const account of ['v1/c', 'v1/a', 'v1/b/with/slashes'])
      await store.set(account, `value of ${account}`);
    expect(await store.list()).toEqual(['v1/a', 'v1/b/with/slashes', 'v1/c']);
    expect(await store.clear()).toBe(3);
    expect(await store.list()).toEqual([]);
    expect(await store.get('v1/a')).toBeNull();
    expect(await store.clear()).toBe(0);
    expect(await other.get('v1/other')).toBe('theirs');
    expect(await other.list()).toEqual(['v1/other']);
  });

  it('keeps unicode exactly, in values and account names', async () => {
    const store = make();
    const value = 'Ünïcödé ✓ 注釈者 עברית 👩🏽‍💻 e\u0301 "quotes" \\ \n\t end';
    const account = 'v1/idp-ü/注釈';
    await store.set(account, value);
    expect(await store.get(account)).toBe(value);
    expect(await store.list()).toEqual([account]);
  });

  it('holds a 100,000-character value and a 1,000,000-character value', async () => {
    const store = make();
    const big = Array.from(
      { length: 100_000 },
      (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[i % 64],
    ).join('');
    await store.set('v1/big', big);
    const back = await store.get('v1/big');
    expect(back?.length).toBe(100_000);
    expect(back).toBe(big);
    const huge = big.repeat(10);
    await store.set('v1/huge', huge);
    expect(await store.get('v1/huge')).toBe(huge);
  });

  it.each([
    ['an empty value', 'v1/x', ''],
    ['a NUL in the value (the keychain would cut it short)', 'v1/x', 'before\0after'],
    ['a lone surrogate in the value (it would come back as U+FFFD)', 'v1/x', 'half \ud83d pair'],
    ['an empty account', '', 'value'],
    ['a NUL in the account', 'v1/\0', 'value'],
  ])('refuses %s and stores nothing', async (_, account, value) => {
    const store = make();
    await expect(store.set(account, value)).rejects.toThrow(TypeError);
    expect(await store.list()).toEqual([]);
  });
});
