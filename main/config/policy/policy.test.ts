import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganizationSources } from '../organization-sources.ts';
import { applyPolicy } from './apply-policy.ts';
import { parsePlistXml } from './macos-plist.ts';
import { parsePolicy } from './policy-schema.ts';
import { readPolicy } from './read-policy.ts';
import { parseRegQuery, readRegistryPolicy, registryPolicyKey } from './windows-registry.ts';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const uid = process.getuid!();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-policy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Windows registry policies (reg query output)', () => {
  it('reads strings, DWORDs, multi-strings and Chrome-style list subkeys; the machine overrides the user', async () => {
    const raw = parseRegQuery(fixture('reg-query-hklm.txt'), registryPolicyKey);
    expect(raw).toEqual({
      OrganizationId: 'acme',
      OrganizationName: 'ACME Labeling',
      IdpSignInUrl: 'https://idp.acme.example/app/aws/sso',
      IdpMetadataUrl: 'https://idp.acme.example/metadata',
      AwsRegion: 'us-gov-west-1',
      MaxSessionSeconds: 28800,
      UpdatesDisabled: 1,
      AllowedRoles: [
        'arn:aws-us-gov:iam::111122223333:role/Annotator',
        'arn:aws-us-gov:iam::111122223333:role/Reviewer',
      ],
      HttpsProxy: 'http://proxy.acme.example:8080',
      IdpAllowedOrigins: ['https://mfa.acme.example', 'https://mfa2.acme.example'],
    });
    const read = await readRegistryPolicy(async (root) =>
      root === 'HKLM' ? fixture('reg-query-hklm.txt') : fixture('reg-query-hkcu.txt'),
    );
    const policy = parsePolicy(read!.raw, read!.source);
    expect(policy.values.HttpsProxy).toBe('http://proxy.acme.example:8080');
    expect(policy.values.PrefetchSize).toBe(5); // from the user's policy: the machine does not set it
    expect(policy.values.UpdatesDisabled).toBe(true);
    expect(policy.problems).toEqual(['PresignTtlSeconds: must be a whole number']);
    expect(await readRegistryPolicy(async () => null)).toBeNull();
  });
});

describe('macOS managed preferences (plist)', () => {
  it('reads the profile payload, drops Payload keys, names bad values', async () => {
    const file = path.join(dir, 'com.federated-annotator.desktop.plist');
    writeFileSync(file, fixture('managed-preferences.plist'), { mode: 0o644 });
    const policy = await readPolicy({
      platform: 'darwin',
      macFile: file,
      trustedOwnerUid: uid,
      plistToXml: async (f) => readFileSync(f, 'utf8'),
    });
    expect(policy!.values).toMatchObject({
      OrganizationId: 'acme',
      AllowedRoles: ['arn:aws:iam::111122223333:role/Annotator'],
      MaxSessionSeconds: 28800,
      UpdatesDisabled: true,
      Workspaces: [],
    });
    expect(policy!.problems).toEqual(['PrefetchSize: must be a whole number']);
    expect(() => parsePlistXml('<plist><dict><string>x</string><string>y</string></dict></plist>')).toThrow(
      /alternate key and value/,
    );
  });
});

describe('Linux policy.json', () => {
  it('is used only when an administrator owns it and nobody else can write it', async () => {
    const file = path.join(dir, 'policy.json');
    writeFileSync(
      file,
      JSON.stringify({ HttpsProxy: 'http://proxy:8080', Unknown: 1, MaxSessionSeconds: '3600' }),
      {
        mode: 0o644,
      },
    );
    const policy = await readPolicy({ platform: 'linux', linuxFile: file, trustedOwnerUid: uid });
    expect(policy).toMatchObject({
      source: file,
      values: { HttpsProxy: 'http://proxy:8080', MaxSessionSeconds: 3600 },
      problems: ['Unknown: not a policy key of this app'],
    });
    chmodSync(file, 0o664);
    await expect(readPolicy({ platform: 'linux', linuxFile: file, trustedOwnerUid: uid })).rejects.toThrow(
      /group or others can write it/,
    );
    chmodSync(file, 0o644);
    await expect(
      readPolicy({ platform: 'linux', linuxFile: file, trustedOwnerUid: uid + 1 }),
    ).rejects.toThrow(/must be owned by/);
    expect(await readPolicy({ platform: 'linux', linuxFile: path.join(dir, 'none.json') })).toBeNull();
  });
});

describe('the policy in force', () => {
  const imported = {
    id: 'acme',
    name: 'ACME',
    idp: { signInUrl: 'https://idp.acme.example/sso', metadataXml: '<md/>' },
    aws: { region: 'eu-west-1', allowedRoles: ['arn:aws:iam::111122223333:role/*'] },
    network: { httpsProxy: 'http://user-chosen:3128' },
  };

  it('overrides the imported organization key by key and reports the locked keys', async () => {
    const policy = parsePolicy(
      {
        HttpsProxy: 'http://proxy.acme.example:8080',
        AllowedRoles: ['arn:aws:iam::111122223333:role/Annotator'],
        UpdatesDisabled: 1,
      },
      'policy.json',
    );
    const applied = applyPolicy(imported, policy);
    expect(applied.organization).toMatchObject({
      network: { httpsProxy: 'http://proxy.acme.example:8080' },
      aws: { region: 'eu-west-1', allowedRoles: ['arn:aws:iam::111122223333:role/Annotator'] },
    });
    expect(applied.locked.sort()).toEqual(['AllowedRoles', 'HttpsProxy', 'UpdatesDisabled']);
    expect(applied.app).toEqual({ updatesDisabled: true });
    expect(imported.network.httpsProxy).toBe('http://user-chosen:3128'); // the file itself is untouched

    const picked = path.join(dir, 'from-it.json');
    writeFileSync(picked, JSON.stringify(imported));
    const sources = createOrganizationSources({
      managedFile: null,
      userDataDir: dir,
      readPolicy: async () => policy,
    });
    expect((await sources.adopt(picked, 'user')).config.network.httpsProxy).toBe(
      'http://proxy.acme.example:8080',
    );
    expect((await sources.load())!.config.network.httpsProxy).toBe('http://proxy.acme.example:8080');
    expect(sources.locked().sort()).toEqual(['AllowedRoles', 'HttpsProxy', 'UpdatesDisabled']);
    expect(await sources.isManaged()).toBe(false); // the organization itself is still the user's choice
  });

  it('is the organization when it names one (the Windows fixture), and names a bad value by its key', async () => {
    const read = await readRegistryPolicy(async (root) =>
      root === 'HKLM' ? fixture('reg-query-hklm.txt') : null,
    );
    const policy = parsePolicy(read!.raw, read!.source);
    const sources = createOrganizationSources({
      managedFile: null,
      userDataDir: dir,
      readPolicy: async () => policy,
    });
    expect(await sources.isManaged()).toBe(true);
    const loaded = await sources.load();
    expect(loaded).toMatchObject({
      source: 'managed',
      config: { id: 'acme', aws: { region: 'us-gov-west-1', maxSessionSeconds: 28800 } },
    });

    const broken = parsePolicy({ ...read!.raw, PinnedRole: 'admin' }, read!.source);
    const strict = createOrganizationSources({
      managedFile: null,
      userDataDir: dir,
      readPolicy: async () => broken,
    });
    await expect(strict.load()).rejects.toThrow(/PinnedRole \(aws\.pinnedRole\): must be an IAM role ARN/);
    const untrusted = createOrganizationSources({
      managedFile: null,
      userDataDir: dir,
      readPolicy: () => Promise.reject(new Error('group or others can write it')),
    });
    expect(await untrusted.isManaged()).toBe(true);
  });
});
