/**
 * Sealing of what the local store keeps: AES-256-GCM with one random 32-byte key per role, kept in the
 * keychain through the SecretStore interface (account `local-key:<sha256(roleKey)>`, so the account
 * name shows no role ARN). The disk then holds only ciphertext, and a role's drafts are readable only
 * with that role's keychain item.
 *
 * The additional authenticated data binds each blob to its kind, role key and record id: a blob
 * copied to another row, another role or another table does not open. Layout of a sealed blob:
 *   [1 byte format = 1][12 bytes IV][16 bytes GCM tag][ciphertext]
 * A random 96-bit IV per seal is safe far beyond the number of drafts a role will ever save.
 *
 * When the keychain is memory-only (`persistent: false`) the key lives in memory: drafts survive a
 * window reload but not a restart of the app.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { createLogger } from '../log.ts';
import { KeychainError } from '../secrets/secret-store.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { localErrors } from './local-store-error.ts';

const log = createLogger('local');

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
const KEY_PREFIX = 'v1:';

/** What a sealed blob is: part of the AAD, so a draft blob cannot pass for a ui_state blob. */
export type SealedKind = 'draft' | 'ui-state' | (string & {});

export interface RoleSeal {
  readonly roleKey: string;
  /** A short fingerprint of the key (not secret): stored beside each row to spot a lost key's rows. */
  readonly keyId: string;
  seal(kind: SealedKind, recordId: string, plaintext: Uint8Array): Uint8Array;
  /** The plaintext, or LOCAL_STORE_CORRUPT when the blob was changed or belongs elsewhere. */
  open(kind: SealedKind, recordId: string, sealed: Uint8Array): Buffer;
  /** A keyed digest (HMAC-SHA256, hex) of `data` for `kind`: names that say nothing without the key. */
  digest(kind: SealedKind, data: string | Uint8Array): string;
}

export interface Sealer {
  /** False when keys live in memory only: drafts then last for this run of the app. */
  readonly persistent: boolean;
  /** The role's seal; its key is read from (or created in) the keychain once, then kept in memory. */
  forRole(roleKey: string): Promise<RoleSeal>;
  /** Forgets the role's key, in memory and in the keychain: what it sealed never opens again. */
  drop(roleKey: string): Promise<void>;
}

export interface SealerOptions {
  secrets: SecretStore;
  /** `OpenedSecretStore.status.persistent`: whether `secrets` outlives the process. */
  persistent: boolean;
  /** The keychain account of a role's key (default localKeyAccount); a sibling key names its own. */
  account?: (roleKey: string) => string;
}

/** A role key's digest: how the keychain account and the store's rows name a role (no ARN, no user). */
export const roleDigest = (roleKey: string): string => sha256(roleKey).slice(0, 32);

export const localKeyAccount = (roleKey: string): string => `local-key:${roleDigest(roleKey)}`;

export function createSealer(options: SealerOptions): Sealer {
  const seals = new Map<string, Promise<RoleSeal>>();
  const account = options.account ?? localKeyAccount;
  return {
    persistent: options.persistent,
    forRole(roleKey) {
      if (typeof roleKey !== 'string' || roleKey.length === 0)
        throw new TypeError('A role key must be a non-empty string.');
      let seal = seals.get(roleKey);
      if (!seal) {
        seal = loadOrCreateKey(options.secrets, account(roleKey)).then((key) => roleSeal(roleKey, key));
        // A keychain that failed (locked) is asked again next time instead of failing for the whole run.
        seal.catch(() => seals.delete(roleKey));
        seals.set(roleKey, seal);
      }
      return seal;
    },
    async drop(roleKey) {
      seals.delete(roleKey);
      await options.secrets.delete(account(roleKey));
    },
  };
}

async function loadOrCreateKey(secrets: SecretStore, account: string): Promise<Buffer> {
  try {
    const stored = await secrets.get(account);
    const key = stored?.startsWith(KEY_PREFIX)
      ? Buffer.from(stored.slice(KEY_PREFIX.length), 'base64')
      : null;
    if (key?.length === KEY_BYTES) return key;
    if (stored !== null) log.warn(`The local key ${account} was unreadable; a new one replaces it.`);
    const fresh = randomBytes(KEY_BYTES);
    await secrets.set(account, KEY_PREFIX + fresh.toString('base64'));
    log.info(`Created the local key ${account}.`);
    return fresh;
  } catch (error) {
    const detail =
      error instanceof KeychainError
        ? `${error.code}: ${error.detail}`
        : error instanceof Error
          ? error.message
          : String(error);
    throw localErrors.keyUnavailable(detail);
  }
}

function roleSeal(roleKey: string, key: Buffer): RoleSeal {
  // JSON, so that no role key or record id (a role key may hold NULs) can pass for another split.
  const aad = (kind: string, recordId: string) =>
    Buffer.from(JSON.stringify(['fa-local/v1', kind, roleKey, recordId]), 'utf8');
  // A key of its own for digests (derived), so the cipher's key serves one purpose only.
  const macKey = createHash('sha256').update('fa-local-mac-key\0').update(key).digest();
  return {
    roleKey,
    keyId: sha256(Buffer.concat([Buffer.from('fa-local-key-id\0'), key])).slice(0, 16),
    seal(kind, recordId, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(kind, recordId));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([Buffer.of(FORMAT), iv, cipher.getAuthTag(), body]);
    },
    digest(kind, data) {
      return createHmac('sha256', macKey).update(`fa-local-digest/v1\0${kind}\0`).update(data).digest('hex');
    },
    open(kind, recordId, sealed) {
      const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (blob.length < HEADER_BYTES || blob[0] !== FORMAT)
        throw localErrors.corruptRecord(
          subject(kind),
          `sealed blob of ${blob.length} bytes, format ${blob[0]}`,
        );
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 1 + IV_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(aad(kind, recordId));
        decipher.setAuthTag(blob.subarray(1 + IV_BYTES, HEADER_BYTES));
        return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]);
      } catch (error) {
        // GCM says only "unable to authenticate": tampered, another row's or another role's blob.
        throw localErrors.corruptRecord(
          subject(kind),
          error instanceof Error ? error.message : String(error),
        );
      }
    },
  };
}

const subject = (kind: string) =>
  kind === 'draft' ? 'A draft saved on this computer' : 'Something the app saved on this computer';

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
