/**
 * Release signing from the environment only: the Windows sign hook's signtool command for each way IT
 * signs (certificate store, Azure Trusted Signing), never with a password on it, and the update feed
 * signer (scripts/sign-update-feed.ts) whose .sig files the app's updater verifies.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFeedSignature } from '../../main/update/feed-signature.ts';
import { signFeeds } from '../../scripts/sign-update-feed.ts';

type Env = Record<string, string>;
const hook = (await import(path.join(import.meta.dirname, '../../scripts/sign-windows.mjs'))) as {
  signtoolArguments(env: Env, file: string): string[] | null;
  default(configuration: { path: string }, env?: Env, run?: (...call: unknown[]) => void): Promise<void>;
};
const { signtoolArguments, default: sign } = hook;

const file = 'C:\\build\\federated-annotator-0.2.0-setup-x64.exe';
const thumbprint = 'a'.repeat(40);

describe('Windows sign hook', () => {
  it('signs with a certificate from the store by its thumbprint (sha256, timestamped)', () => {
    expect(signtoolArguments({ WIN_SIGN_CERT_SHA1: thumbprint }, file)).toEqual([
      'sign',
      '/fd',
      'sha256',
      '/td',
      'sha256',
      '/d',
      'Federated Annotator',
      '/tr',
      'http://timestamp.digicert.com',
      '/sha1',
      thumbprint,
      file,
    ]);
    expect(
      signtoolArguments({ WIN_SIGN_CERT_SHA1: thumbprint, WIN_SIGN_MACHINE_STORE: '1' }, file),
    ).toContain('/sm');
    expect(() => signtoolArguments({ WIN_SIGN_CERT_SHA1: 'not-a-thumbprint' }, file)).toThrow(
      /40 hex digits/,
    );
  });

  it('signs through Azure Trusted Signing, whose credentials the dlib reads from the environment itself', () => {
    const env = {
      AZURE_TRUSTED_SIGNING_DLIB: 'C:\\tools\\Azure.CodeSigning.Dlib.dll',
      AZURE_TRUSTED_SIGNING_METADATA: 'C:\\build\\metadata.json',
      AZURE_CLIENT_SECRET: 'never-on-the-command-line',
    };
    const args = signtoolArguments(env, file)!;
    expect(args.slice(-6)).toEqual([
      'http://timestamp.acs.microsoft.com',
      '/dlib',
      env.AZURE_TRUSTED_SIGNING_DLIB,
      '/dmdf',
      env.AZURE_TRUSTED_SIGNING_METADATA,
      file,
    ]);
    expect(args.join(' ')).not.toContain('never-on-the-command-line');
    expect(() => signtoolArguments({ AZURE_TRUSTED_SIGNING_DLIB: 'x.dll' }, file)).toThrow(/needs both/);
  });

  it('runs signtool with those arguments; unsigned with a warning, or refused when signing is required', async () => {
    const runs: unknown[][] = [];
    const run = (...call: unknown[]) => void runs.push(call);
    await sign(
      { path: file },
      { WIN_SIGN_CERT_SHA1: thumbprint, WIN_SIGNTOOL_PATH: 'C:\\sdk\\signtool.exe' },
      run,
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]![0]).toBe('C:\\sdk\\signtool.exe');
    expect(runs[0]![1]).toContain(file);
    await expect(sign({ path: file }, {}, run)).resolves.toBeUndefined();
    expect(runs).toHaveLength(1);
    await expect(sign({ path: file }, { FA_REQUIRE_SIGNING: '1' }, run)).rejects.toThrow(/Not signing/);
  });
});

describe('update feed signer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fa-feeds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const pair = () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    return {
      publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  };

  it('writes a .sig for every feed, which verifies against the pinned key', () => {
    const key = pair();
    writeFileSync(path.join(dir, 'latest.yml'), 'version: 0.2.0\n');
    writeFileSync(path.join(dir, 'latest-linux.yml'), 'version: 0.2.0\nfiles: []\n');
    writeFileSync(path.join(dir, 'builder-debug.yml'), 'not a feed\n');
    const written = signFeeds(dir, key.privatePem, key.publicPem)
      .map((f) => path.basename(f))
      .sort();
    expect(written).toEqual(['latest-linux.yml.sig', 'latest.yml.sig']);
    const feed = readFileSync(path.join(dir, 'latest-linux.yml'), 'utf8');
    const signature = readFileSync(path.join(dir, 'latest-linux.yml.sig'), 'utf8');
    expect(checkFeedSignature(feed, signature, key.publicPem)).toBe('valid');
    expect(checkFeedSignature(`${feed} `, signature, key.publicPem)).toBe('invalid');
  });

  it('refuses a key the app does not pin, and a folder without feeds', () => {
    writeFileSync(path.join(dir, 'latest.yml'), 'version: 0.2.0\n');
    expect(() => signFeeds(dir, pair().privatePem)).toThrow(/not the one pinned/);
    const key = pair();
    rmSync(path.join(dir, 'latest.yml'));
    expect(() => signFeeds(dir, key.privatePem, key.publicPem)).toThrow(/No update feed/);
  });
});
