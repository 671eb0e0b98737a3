import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganizationSources } from './organization-sources.ts';
import { ConfigError, networkOptions, parseOrganizationConfig, roleMatches } from './organization.ts';

const valid = {
  id: 'acme',
  name: 'ACME',
  idp: {
    signInUrl: 'https://idp.acme.example/app/aws/sso',
    metadataUrl: 'https://idp.acme.example/metadata',
  },
  aws: { region: 'eu-west-1' },
};

describe('organization settings', () => {
  it('accepts a minimal organization and fills the defaults', () => {
    const config = parseOrganizationConfig(valid, 'test');
    expect(config.aws.maxSessionSeconds).toBe(43200);
    expect(config.idp.allowedOrigins).toEqual([]);
    expect(config.network.caCertificatesPem).toEqual([]);
    expect(config.workspaces).toEqual([]);
  });

  it.each([
    [{ ...valid, id: 'has space' }, 'id: use 1-128 letters'],
    [
      { ...valid, idp: { ...valid.idp, signInUrl: 'http://idp.acme.example/' } },
      'idp.signInUrl: must be an https URL',
    ],
    [{ ...valid, idp: { signInUrl: valid.idp.signInUrl } }, 'idp.metadataXml: give exactly one of'],
    [{ ...valid, aws: { region: 'Europe' } }, 'aws.region: must be an AWS region'],
    [{ ...valid, aws: { region: 'eu-west-1', maxSessionSeconds: 60 } }, 'aws.maxSessionSeconds'],
    [
      { ...valid, aws: { region: 'eu-west-1', pinnedRole: 'admin' } },
      'aws.pinnedRole: must be an IAM role ARN',
    ],
    [{ ...valid, aws: { region: 'eu-west-1', accountAliases: { '12': 'x' } } }, 'aws.accountAliases'],
    [{ ...valid, network: { caCertificatesPem: ['not a cert'] } }, 'network.caCertificatesPem.0'],
    [{ ...valid, secretAccessKey: 'x' }, 'Unrecognized key'],
    [
      { ...valid, aws: { region: 'eu-west-1', stsEndpoint: 'https://sts.attacker.example' } },
      'aws.stsEndpoint: must be an AWS STS endpoint',
    ],
    [
      {
        ...valid,
        aws: { region: 'eu-west-1', stsEndpoint: 'https://sts.eu-west-1.amazonaws.com.evil.test' },
      },
      'aws.stsEndpoint',
    ],
    [{ ...valid, workspaces: [{ id: 'w', name: 'W', projects: [{ id: 'p' }] }] }, 'workspaces.0.projects.0'],
  ])('names the bad key (%#)', (input, expected) => {
    expect(() => parseOrganizationConfig(input, 'acme.json')).toThrow(ConfigError);
    try {
      parseOrganizationConfig(input, 'acme.json');
    } catch (error) {
      expect((error as Error).message).toContain('The organization settings in acme.json cannot be used');
      expect((error as Error).message).toContain(expected);
    }
  });

  it.each([
    'https://sts.eu-west-1.amazonaws.com',
    'https://sts-fips.us-east-1.amazonaws.com',
    'https://vpce-0abc123-xyz.sts.eu-west-1.vpce.amazonaws.com',
    'https://sts.cn-north-1.amazonaws.com.cn',
    'https://sts.eu-west-1.api.aws',
    'http://127.0.0.1:4566',
  ])('accepts the STS endpoint %s', (stsEndpoint) => {
    expect(
      parseOrganizationConfig({ ...valid, aws: { region: 'eu-west-1', stsEndpoint } }, 't').aws.stsEndpoint,
    ).toBe(stsEndpoint);
  });

  it('matches role patterns within the ARN only', () => {
    expect(
      roleMatches('arn:aws:iam::111122223333:role/Vision*', 'arn:aws:iam::111122223333:role/VisionReviewer'),
    ).toBe(true);
    expect(roleMatches('arn:aws:iam::*:role/Annotator', 'arn:aws:iam::444455556666:role/Annotator')).toBe(
      true,
    );
    expect(
      roleMatches('arn:aws:iam::*:role/Annotator', 'arn:aws:iam::444455556666:role/AnnotatorAdmin'),
    ).toBe(false);
    expect(
      roleMatches('arn:aws:iam::111122223333:role/Vision*', 'arn:aws:iam::999999999999:role/Vision'),
    ).toBe(false);
    expect(roleMatches('arn:aws:iam::111122223333:role/a.b', 'arn:aws:iam::111122223333:role/aXb')).toBe(
      false,
    );
  });
});

describe('network timeouts', () => {
  it('reach the HTTP clients in milliseconds, only those IT set; out-of-range values are named', () => {
    const config = parseOrganizationConfig(
      { ...valid, network: { timeouts: { firstByteSeconds: 90, totalSeconds: 600 } } },
      'test',
    );
    expect(networkOptions(config).timeouts).toEqual({ firstByteMs: 90_000, totalMs: 600_000 });
    expect(networkOptions(parseOrganizationConfig(valid, 'test'))).not.toHaveProperty('timeouts');
    expect(() =>
      parseOrganizationConfig({ ...valid, network: { timeouts: { connectSeconds: 0 } } }, 'test'),
    ).toThrow(/network\.timeouts\.connectSeconds/);
  });
});

describe('organization sources', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fa-org-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const uid = process.getuid!();

  it('is empty on first run, then keeps an adopted file atomically', async () => {
    const sources = createOrganizationSources({
      managedFile: path.join(dir, 'none.json'),
      userDataDir: path.join(dir, 'data'),
    });
    expect(await sources.load()).toBeNull();
    const picked = path.join(dir, 'from-it.json');
    writeFileSync(picked, JSON.stringify(valid));
    await sources.adopt(picked, 'user');
    expect(readdirSync(path.join(dir, 'data'))).toEqual(['organization.json']);
    expect(await sources.load()).toMatchObject({ source: 'user', config: { id: 'acme' } });
  });

  it('refuses to adopt a broken file and keeps the previous one', async () => {
    const sources = createOrganizationSources({ managedFile: null, userDataDir: dir });
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(valid));
    await sources.adopt(good, 'user');
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"id": ');
    await expect(sources.adopt(bad, 'user')).rejects.toThrow(
      /bad\.json cannot be used: it is not valid JSON/,
    );
    expect(await sources.load()).toMatchObject({ config: { id: 'acme' } });
  });

  it('enforces a managed file an administrator owns, and refuses one others could have written', async () => {
    const managed = path.join(dir, 'managed.json');
    writeFileSync(managed, JSON.stringify({ ...valid, id: 'managed' }), { mode: 0o644 });
    const sources = createOrganizationSources({
      managedFile: managed,
      userDataDir: dir,
      trustedOwnerUid: uid,
    });
    expect(await sources.load()).toMatchObject({ source: 'managed', config: { id: 'managed' } });
    expect(await sources.isManaged()).toBe(true);

    chmodSync(managed, 0o666);
    await expect(sources.load()).rejects.toThrow(/group or others can write it/);
    chmodSync(managed, 0o644);

    const otherOwner = createOrganizationSources({
      managedFile: managed,
      userDataDir: dir,
      trustedOwnerUid: uid + 1,
    });
    await expect(otherOwner.load()).rejects.toThrow(/must be owned by/);

    const link = path.join(dir, 'link.json');
    symlinkSync(managed, link);
    const viaLink = createOrganizationSources({ managedFile: link, userDataDir: dir, trustedOwnerUid: uid });
    await expect(viaLink.load()).rejects.toThrow(/symbolic link/);
  });

  it('stores the adopted file readable by the user only', async () => {
    const sources = createOrganizationSources({ managedFile: null, userDataDir: dir });
    const picked = path.join(dir, 'x.json');
    writeFileSync(picked, JSON.stringify(valid));
    await sources.adopt(picked, 'sandbox');
    const kept = path.join(dir, 'organization.json');
    expect(JSON.parse(readFileSync(kept, 'utf8')).source).toBe('sandbox');
    expect(statSync(kept).mode & 0o777).toBe(0o600);
  });

  it("follows the sandbox file when it changes (new ports after a restart), and only this user's own", async () => {
    const sandboxFile = path.join(dir, 'sandbox.json');
    const sources = createOrganizationSources({
      managedFile: null,
      userDataDir: path.join(dir, 'data'),
      sandboxFile,
    });
    writeFileSync(sandboxFile, JSON.stringify({ ...valid, id: 'sandbox' }), { mode: 0o600 });
    await sources.adopt(sandboxFile, 'sandbox');
    expect(await sources.load()).toMatchObject({ config: { aws: { region: 'eu-west-1' } } });

    // The sandbox restarted somewhere else: the app follows instead of keeping a dead endpoint.
    writeFileSync(sandboxFile, JSON.stringify({ ...valid, id: 'sandbox', aws: { region: 'us-east-1' } }));
    expect(await sources.load()).toMatchObject({
      source: 'sandbox',
      config: { aws: { region: 'us-east-1' } },
    });
    const kept = JSON.parse(readFileSync(path.join(dir, 'data', 'organization.json'), 'utf8'));
    expect(kept.config.aws.region).toBe('us-east-1');

    // A file others could have written is not followed; a half-written one neither.
    writeFileSync(sandboxFile, JSON.stringify({ ...valid, id: 'sandbox', aws: { region: 'eu-north-1' } }));
    chmodSync(sandboxFile, 0o666);
    expect(await sources.load()).toMatchObject({ config: { aws: { region: 'us-east-1' } } });
    chmodSync(sandboxFile, 0o600);
    writeFileSync(sandboxFile, '{"id": "sandbox", ');
    expect(await sources.load()).toMatchObject({ config: { aws: { region: 'us-east-1' } } });
    // An organization the user imported is never replaced by the sandbox's.
    const picked = path.join(dir, 'from-it.json');
    writeFileSync(picked, JSON.stringify(valid));
    await sources.adopt(picked, 'user');
    writeFileSync(sandboxFile, JSON.stringify({ ...valid, id: 'sandbox' }));
    expect(await sources.load()).toMatchObject({ source: 'user', config: { id: 'acme' } });
  });

  it("forgets the chosen organization (change organization), never IT's file", async () => {
    const managed = path.join(dir, 'managed.json');
    const sources = createOrganizationSources({
      managedFile: managed,
      userDataDir: dir,
      trustedOwnerUid: uid,
    });
    const picked = path.join(dir, 'x.json');
    writeFileSync(picked, JSON.stringify(valid));
    await sources.adopt(picked, 'user');
    await sources.forget();
    expect(await sources.load()).toBeNull();
    writeFileSync(managed, JSON.stringify(valid), { mode: 0o644 });
    await sources.forget();
    expect(await sources.load()).toMatchObject({ source: 'managed' });
  });
});
