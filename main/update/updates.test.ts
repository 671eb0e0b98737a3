/**
 * Updates against a real local feed server (latest-linux.yml, its .sig and a .deb artifact), through
 * electron-updater's own DebUpdater with a Node app adapter and Node's http in place of Electron's net:
 * everything between "is there an update?" and "downloaded, verified, installs on quit" is
 * electron-updater's real code plus our signed-feed provider.
 */
import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DebUpdater, type AppUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signFeed } from './feed-signature.ts';
import { feedFileName } from './signed-feed-provider.ts';
import { createUpdates, updateDecision, type UpdateOutcome } from './updates.ts';

/** electron-updater's executor with Node's http under it (Electron's net does not exist in Node). */
class NodeExecutor extends ElectronHttpExecutor {
  override createRequest(
    options: Parameters<ElectronHttpExecutor['createRequest']>[0],
    callback: (r: unknown) => void,
  ) {
    return httpRequest(options as never, callback) as never;
  }
}

const feedFile = feedFileName('linux');
const artifactName = 'federated-annotator_0.2.0_amd64.deb';
const artifact = randomBytes(256 * 1024);
const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

function feed(version: string, digest: string): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${artifactName}`,
    `    sha512: ${digest}`,
    `    size: ${artifact.length}`,
    `path: ${artifactName}`,
    `sha512: ${digest}`,
    "releaseDate: '2026-12-01T00:00:00.000Z'",
    '',
  ].join('\n');
}

const publisher = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const publicKeyPem = publisher.publicKey.export({ type: 'spki', format: 'pem' }).toString();

let server: Server;
let baseUrl: string;
let files: Map<string, Buffer>;
const requested: string[] = [];

function publish(text: string, signer: KeyObject | null = publisher.privateKey, signed = text): void {
  files = new Map([[artifactName, artifact]]);
  files.set(feedFile, Buffer.from(text));
  if (signer) files.set(`${feedFile}.sig`, Buffer.from(signFeed(signed, signer)));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url!, 'http://x').pathname.replace(/^\/updates\//, ''));
    requested.push(name);
    const body = files.get(name);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/updates/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-update-'));
  requested.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function nodeUpdater(version = '0.1.0'): AppUpdater {
  const adapter: AppAdapter = {
    version,
    name: 'Federated Annotator',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'app-update.yml'),
    userDataPath: dir,
    baseCachePath: dir,
    whenReady: async () => undefined,
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  // What electron-builder writes into resources/app-update.yml (the URL there is replaced by IT's).
  writeFileSync(
    adapter.appUpdateConfigPath,
    'provider: generic\nurl: https://updates.invalid/\nupdaterCacheDirName: fa-updater\n',
  );
  const updater = new DebUpdater(null, adapter);
  (updater as unknown as { httpExecutor: ElectronHttpExecutor }).httpExecutor = new NodeExecutor();
  return updater;
}

let lastUpdater: AppUpdater | null = null;

async function check(
  version = '0.1.0',
): Promise<{ outcome: UpdateOutcome; ready: string[]; updates: ReturnType<typeof createUpdates> }> {
  const ready: string[] = [];
  const updates = createUpdates({
    decision: { check: true, url: baseUrl },
    updater: () => (lastUpdater = nodeUpdater(version)),
    onReady: ({ version: v }) => ready.push(v),
    publicKeyPem,
    platform: 'linux',
    intervalMs: 0,
  });
  const outcome = await updates.check();
  updates.dispose();
  return { outcome, ready, updates };
}

const pending = () => path.join(dir, 'fa-updater', 'pending');

describe('updates from a local feed', () => {
  it('reports "update available", downloads the artifact and keeps it to install on quit', async () => {
    publish(feed('0.2.0', sha512(artifact)));
    const { outcome, ready, updates } = await check();
    expect(outcome).toEqual({ state: 'ready', version: '0.2.0' });
    expect(ready).toEqual(['0.2.0']);
    expect(requested).toEqual([feedFile, `${feedFile}.sig`, artifactName]);
    const [kept] = readdirSync(pending()).filter((f) => f.endsWith('.deb'));
    expect(readFileSync(path.join(pending(), kept!)).equals(artifact)).toBe(true);
    // Whole installers only (each checked against the signed SHA-512), installed when the app quits.
    expect(lastUpdater).toMatchObject({
      autoInstallOnAppQuit: true,
      allowDowngrade: false,
      disableDifferentialDownload: true,
      disableWebInstaller: true,
    });
    // "Restart now": electron-updater quits, installs and starts the app again.
    const installs: unknown[][] = [];
    lastUpdater!.quitAndInstall = (...args: unknown[]) => void installs.push(args);
    expect(updates.install()).toBe(true);
    expect(installs).toEqual([[false, true]]);
  });

  it('says up to date when the feed offers the running version, and downloads nothing', async () => {
    publish(feed('0.2.0', sha512(artifact)));
    const { outcome, ready, updates } = await check('0.2.0');
    expect(outcome).toEqual({ state: 'up-to-date', version: '0.2.0' });
    expect(ready).toEqual([]);
    expect(updates.install()).toBe(false);
    expect(requested).not.toContain(artifactName);
  });

  it('refuses an artifact whose SHA-512 is not the one the signed feed gives, and keeps nothing', async () => {
    publish(feed('0.2.0', sha512(Buffer.from('another build'))));
    const { outcome, ready } = await check();
    expect(ready).toEqual([]);
    expect(outcome.state).toBe('refused');
    const { error } = outcome as Extract<UpdateOutcome, { state: 'refused' }>;
    expect(error.code).toBe('UPDATE_CHECKSUM_MISMATCH');
    expect(error.message).toMatch(/^The update downloaded from 127\.0\.0\.1:\d+ does not match the SHA-512/);
    expect(requested).toContain(artifactName);
    expect(existsSync(pending()) ? readdirSync(pending()).filter((f) => f.endsWith('.deb')) : []).toEqual([]);
  });

  it('refuses a feed signed with another key before downloading anything', async () => {
    publish(feed('0.2.0', sha512(artifact)), stranger.privateKey);
    const { outcome, ready } = await check();
    expect(ready).toEqual([]);
    expect(outcome).toMatchObject({ state: 'refused', error: { code: 'UPDATE_FEED_SIGNATURE_INVALID' } });
    expect((outcome as { error: Error }).error.message).toContain(
      `(${feedFile}) is not signed by the app's publisher`,
    );
    expect(requested).toEqual([feedFile, `${feedFile}.sig`]);
  });

  it('refuses a feed changed after it was signed (a newer version slipped in)', async () => {
    publish(feed('9.9.9', sha512(artifact)), publisher.privateKey, feed('0.2.0', sha512(artifact)));
    const { outcome } = await check();
    expect(outcome).toMatchObject({ state: 'refused', error: { code: 'UPDATE_FEED_SIGNATURE_INVALID' } });
    expect(requested).not.toContain(artifactName);
  });

  it('refuses a feed without its signature file', async () => {
    publish(feed('0.2.0', sha512(artifact)), null);
    const { outcome } = await check();
    expect(outcome).toMatchObject({ state: 'refused', error: { code: 'UPDATE_FEED_UNSIGNED' } });
    expect(requested).not.toContain(artifactName);
  });

  it('names a server that has no feed for this system', async () => {
    files = new Map();
    const { outcome } = await check();
    expect(outcome).toMatchObject({ state: 'refused', error: { code: 'UPDATE_FEED_NOT_FOUND' } });
    expect((outcome as { error: Error }).error.message).toContain(`has no ${feedFile} for this system`);
  });
});

describe('whether the app looks for updates at all', () => {
  const url = 'https://updates.acme.example/annotator/';
  it('only when packaged, with a URL from IT, and not turned off', () => {
    expect(updateDecision({ updateUrl: url, updatesDisabled: false }, true)).toEqual({ check: true, url });
    expect(updateDecision({ updateUrl: url, updatesDisabled: false }, false)).toEqual({
      check: false,
      reason: 'not packaged',
    });
    expect(updateDecision({ updateUrl: null, updatesDisabled: false }, true)).toEqual({
      check: false,
      reason: 'no update URL',
    });
    expect(updateDecision({ updateUrl: url, updatesDisabled: true }, true)).toEqual({
      check: false,
      reason: 'turned off by IT policy',
    });
  });

  it('never loads the updater nor asks a server when it may not look', async () => {
    let loaded = 0;
    const updates = createUpdates({
      decision: updateDecision({ updateUrl: baseUrl, updatesDisabled: true }, true),
      updater: () => {
        loaded += 1;
        return nodeUpdater();
      },
      onReady: () => undefined,
    });
    expect(await updates.check()).toEqual({ state: 'off', reason: 'turned off by IT policy' });
    expect(loaded).toBe(0);
    expect(requested).toEqual([]);
  });
});
