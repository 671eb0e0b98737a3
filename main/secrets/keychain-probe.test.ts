import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogSinks } from '../log.ts';
import type { LogSink } from '../log.ts';
import { classifyKeychainError } from './keychain-probe.ts';
import { KeytarSecretStore } from './keytar-store.ts';
import type { KeytarApi } from './keytar-store.ts';
import { MemorySecretStore } from './memory-store.ts';
import { openSecretStore } from './open-secret-store.ts';
import { KeychainError, keychainMessages } from './secret-store.ts';

describe('classifyKeychainError', () => {
  // The texts below were observed from keytar 7.9.0 / libsecret / gnome-keyring on this Debian 12 image
  // (keychain-states.test.ts produces the states themselves).
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'KEYCHAIN_NO_DBUS'],
    ['Could not connect: No such file or directory', 'KEYCHAIN_NO_DBUS'],
    ['Could not connect: Connection refused', 'KEYCHAIN_NO_DBUS'],
    ['Address element “garbage” does not contain a colon (:)', 'KEYCHAIN_NO_DBUS'],
    ['The name org.freedesktop.secrets was not provided by any .service files', 'KEYCHAIN_NO_SECRET_SERVICE'],
    [
      'GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
      'KEYCHAIN_NO_SECRET_SERVICE',
    ],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'KEYCHAIN_NO_KEYRING'],
    ['Cannot create an item in a locked collection', 'KEYCHAIN_LOCKED'],
    ['Something nobody has seen before', 'KEYCHAIN_UNAVAILABLE'],
  ])('%s → %s', (text, code) => {
    expect(classifyKeychainError(new Error(text))).toBe(code);
  });

  it('accepts non-Error throwables', () => {
    expect(classifyKeychainError('Cannot create an item in a locked collection')).toBe('KEYCHAIN_LOCKED');
    expect(classifyKeychainError(undefined)).toBe('KEYCHAIN_UNAVAILABLE');
  });
});

describe('KeychainError', () => {
  it('carries the code, the user message for it and the technical detail', () => {
    const error = new KeychainError('KEYCHAIN_LOCKED', 'Could not store an item: locked collection');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('KEYCHAIN_LOCKED');
    expect(error.message).toBe(keychainMessages.KEYCHAIN_LOCKED);
    expect(error.message).toContain('Your system keychain is locked.');
    expect(error.status).toEqual({
      code: 'KEYCHAIN_LOCKED',
      message: keychainMessages.KEYCHAIN_LOCKED,
      persistent: false,
      detail: 'Could not store an item: locked collection',
    });
  });
});

describe('keytar that cannot be loaded (native module missing or broken)', () => {
  let dir = '';
  const lines: string[] = [];
  let previousSinks: LogSink[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fa-keytar-broken-'));
    await writeFile(join(dir, 'keytar.node'), 'this is not an ELF shared object');
    previousSinks = setLogSinks([(l) => lines.push(`${l.level} ${l.message}`)]);
  });
  afterAll(async () => {
    setLogSinks(previousSinks);
    await rm(dir, { recursive: true, force: true });
  });

  // The real failure modes: dlopen of a file that is not a valid addon, and a binary that is not there.
  const brokenBinary = async () => createRequire(import.meta.url)(join(dir, 'keytar.node')) as KeytarApi;
  const missingBinary = async () =>
    createRequire(import.meta.url)(join(dir, 'missing', 'keytar.node')) as KeytarApi;

  it.each([
    ['a broken binary', brokenBinary, /did not load: .*(invalid ELF header|file too short)/],
    ['a missing binary', missingBinary, /did not load: Cannot find module/],
  ])('%s → KEYCHAIN_UNAVAILABLE at probe, typed errors after, memory at start', async (_, load, detail) => {
    const store = new KeytarSecretStore({ service: 'Federated Annotator load test', loadKeytar: load });
    const status = await store.probe();
    expect(status).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', persistent: false });
    expect(status.message).toBe(keychainMessages.KEYCHAIN_UNAVAILABLE);
    expect(status.detail).toMatch(detail);

    await expect(store.get('v1/a')).rejects.toMatchObject({
      name: 'KeychainError',
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    await expect(store.set('v1/a', 'secret-value')).rejects.toBeInstanceOf(KeychainError);

    const opened = await openSecretStore({ service: 'Federated Annotator load test', loadKeytar: load });
    expect(opened.status.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(opened.store).toBeInstanceOf(MemorySecretStore);
    await opened.store.set('v1/a', 'kept in memory');
    expect(await opened.store.get('v1/a')).toBe('kept in memory');
    expect(lines.join('\n')).not.toContain('secret-value');
  });
});

/** A keytar stand-in with one behaviour changed, to reach states a real keyring cannot be put in on demand. */
function fakeKeytar(overrides: Partial<KeytarApi>): () => Promise<KeytarApi> {
  const items = new Map<string, string>();
  const base: KeytarApi = {
    getPassword: async (s, a) => items.get(`${s}\n${a}`) ?? null,
    setPassword: async (s, a, p) => void items.set(`${s}\n${a}`, p),
    deletePassword: async (s, a) => items.delete(`${s}\n${a}`),
    findCredentials: async (s) =>
      [...items]
        .filter(([k]) => k.startsWith(`${s}\n`))
        .map(([k, p]) => ({ account: k.split('\n')[1] ?? '', password: p })),
  };
  return async () => ({ ...base, ...overrides });
}

describe('KeytarSecretStore edge cases with a stand-in keytar', () => {
  let previousSinks: LogSink[] = [];
  beforeAll(() => {
    previousSinks = setLogSinks([]);
  });
  afterAll(() => {
    setLogSinks(previousSinks);
  });

  it('a keychain that never answers counts as unavailable after the timeout', async () => {
    const hang = () => new Promise<never>(() => {});
    const store = new KeytarSecretStore({
      service: 'svc',
      timeoutMs: 50,
      loadKeytar: fakeKeytar({ setPassword: hang, getPassword: hang }),
    });
    const started = Date.now();
    const status = await store.probe();
    expect(status.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(status.detail).toContain('did not answer within 50 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(store.get('v1/a')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });

  it('a write that succeeds but reads back absent (a locked keyring answers reads with null) → KEYCHAIN_LOCKED', async () => {
    const store = new KeytarSecretStore({
      service: 'svc',
      loadKeytar: fakeKeytar({ getPassword: async () => null }),
    });
    const status = await store.probe();
    expect(status.code).toBe('KEYCHAIN_LOCKED');
    expect(status.message).toBe(keychainMessages.KEYCHAIN_LOCKED);
    await expect(store.list()).rejects.toMatchObject({ code: 'KEYCHAIN_LOCKED' });
  });

  it('errors thrown after a good probe become KeychainErrors with the mapped code', async () => {
    let locked = false;
    const api = await fakeKeytar({})();
    const store = new KeytarSecretStore({
      service: 'svc',
      loadKeytar: async () => ({
        ...api,
        setPassword: async (s, a, p) => {
          if (locked) throw new Error('Cannot create an item in a locked collection');
          return api.setPassword(s, a, p);
        },
      }),
    });
    expect((await store.probe()).code).toBe('KEYCHAIN_OK');
    await store.set('v1/a', 'b');
    expect(await store.get('v1/a')).toBe('b');
    locked = true;
    await expect(store.set('v1/a', 'c')).rejects.toMatchObject({
      name: 'KeychainError',
      code: 'KEYCHAIN_LOCKED',
      message: keychainMessages.KEYCHAIN_LOCKED,
      detail: 'Could not store an item: Cannot create an item in a locked collection',
    });
  });
});
