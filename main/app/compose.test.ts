import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelNames } from '../../preload/contract.ts';
import { systemProxy } from '../net/system-proxy.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { composeApp, type AppPorts } from './compose.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function ports(overrides: Partial<AppPorts> = {}): Promise<AppPorts> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fa-compose-'));
  dirs.push(dataDir);
  const store = new MemorySecretStore();
  return {
    dataDir,
    keychain: { store, status: await store.probe() },
    loginWindow: {
      capture: () => Promise.reject(new Error('no sign-in window in this test')),
      cancel: () => undefined,
      clear: async () => undefined,
    },
    organization: { managedFile: null, sandboxFile: null, pickFile: async () => null },
    runtime: {
      name: 'Federated Annotator',
      version: '9.9.9',
      versions: { node: '24.0.0' },
      platform: 'linux',
    },
    externalHosts: [],
    openInBrowser: () => undefined,
    ...overrides,
  };
}

describe('composeApp', () => {
  it('answers every contract channel, with the runtime it was given and its data folder', async () => {
    const p = await ports({ clock: () => Date.parse('2026-01-02T03:04:05Z') });
    const app = await composeApp(p);
    expect(Object.keys(app.handlers).sort()).toEqual([...channelNames].sort());
    expect(await app.handlers['app.version'](undefined)).toMatchObject({
      name: 'Federated Annotator',
      version: '9.9.9',
    });
    const health = await app.handlers['app.health'](undefined);
    expect(health.checks.find((c) => c.name === 'local-data')).toMatchObject({ ok: true });
    // First run: no organization in the data folder, none managed.
    expect((await app.handlers['session.get'](undefined)).session.status).toBe('no-organization');
    app.dispose();
  });

  it("reads IT's managed file from the organization port, and lets tests replace a handler", async () => {
    const managedDir = mkdtempSync(path.join(tmpdir(), 'fa-compose-managed-'));
    dirs.push(managedDir);
    const managedFile = path.join(managedDir, 'organization.json');
    writeFileSync(managedFile, JSON.stringify({ id: 'acme' }), { mode: 0o644 });
    const app = await composeApp(
      await ports({
        organization: { managedFile, sandboxFile: null, pickFile: async () => null },
        overrides: {
          handlers: {
            'app.version': () => ({ name: 'x', version: '0', runtime: { node: '1' }, platform: 'y' }),
          },
        },
      }),
    );
    expect((await app.handlers['app.version'](undefined)).name).toBe('x');
    const { session } = await app.handlers['session.get'](undefined);
    expect(session).toMatchObject({
      status: 'no-organization',
      problem: { code: expect.stringMatching(/^CONFIG_/) },
    });
    expect(await app.handlers['organization.choices'](undefined)).toEqual({
      managed: true,
      sandboxAvailable: false,
      locked: [],
    });
    app.dispose();
  });

  it("hands the OS proxy settings port to the net layer, asked per origin (the shell's session.resolveProxy)", async () => {
    const asked: string[] = [];
    const app = await composeApp(
      await ports({ resolveProxy: async (url) => (asked.push(url), 'PROXY proxy.corp:8080') }),
    );
    expect(await systemProxy()?.('https://bucket.s3.example/a/b.json')).toBe('PROXY proxy.corp:8080');
    expect(asked).toEqual(['https://bucket.s3.example/']);
    app.dispose();
    // The browser harness passes none: only IT's proxy and the environment then apply.
    const bare = await composeApp(await ports());
    expect(systemProxy()).toBeNull();
    bare.dispose();
  });
});
