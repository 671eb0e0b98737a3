/** "Change organization" through the app's own wiring (composeApp's handlers). */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { composeApp, type AppPorts } from '../app/compose.ts';
import { idpMetadataXml } from '../../test/fixtures/saml/saml-kit.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const organization = {
  id: 'sandbox',
  name: 'Sandbox organization',
  idp: { signInUrl: 'http://127.0.0.1:47801/sso', metadataUrl: 'http://127.0.0.1:47801/metadata' },
  aws: { region: 'us-east-1', stsEndpoint: 'http://127.0.0.1:47802' },
};

async function app(managed: boolean, signInUrls: string[] = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'fa-change-org-'));
  dirs.push(dir);
  const sandboxFile = path.join(dir, 'sandbox.json');
  writeFileSync(sandboxFile, JSON.stringify(organization), { mode: 0o600 });
  const managedFile = path.join(dir, 'managed.json');
  if (managed) writeFileSync(managedFile, JSON.stringify({ ...organization, id: 'corp' }), { mode: 0o644 });
  const store = new MemorySecretStore();
  const ports: AppPorts = {
    dataDir: path.join(dir, 'data'),
    keychain: { store, status: await store.probe() },
    loginWindow: {
      capture: (request) => {
        signInUrls.push(request.signInUrl);
        return Promise.reject(new Error('no sign-in window in this test'));
      },
      cancel: () => undefined,
      clear: async () => undefined,
    },
    organization: { managedFile, sandboxFile, pickFile: async () => null },
    runtime: {
      name: 'Federated Annotator',
      version: '0.0.0',
      versions: { node: '24.0.0' },
      platform: 'linux',
    },
    externalHosts: [],
    openInBrowser: () => undefined,
  };
  return { composed: await composeApp(ports), dataDir: ports.dataDir, ports, sandboxFile };
}

it('change organization signs out, forgets the chosen one and goes back to the first run', async () => {
  const { composed, dataDir, ports } = await app(false);
  const { handlers } = composed;
  expect((await handlers['organization.useSandbox'](undefined)).organization).toMatchObject({
    source: 'sandbox',
  });
  expect(existsSync(path.join(dataDir, 'organization.json'))).toBe(true);
  const view = await handlers['organization.change'](undefined);
  expect(view.organization).toBeNull();
  expect(view.session.status).toBe('no-organization');
  expect(existsSync(path.join(dataDir, 'organization.json'))).toBe(false);
  // The first run offers the sandbox again, and a restart stays on the first run.
  expect(await handlers['organization.choices'](undefined)).toEqual({
    managed: false,
    sandboxAvailable: true,
    locked: [],
  });
  composed.dispose();
  const restarted = await composeApp(ports);
  expect((await restarted.handlers['session.get'](undefined)).organization).toBeNull();
  restarted.dispose();
});

it('is refused with "locked by your IT department" when IT manages the organization', async () => {
  const { composed } = await app(true);
  await expect(composed.handlers['organization.change'](undefined)).rejects.toMatchObject({
    code: 'CONFIG_MANAGED',
    message: expect.stringContaining('locked by your IT department'),
  });
  composed.dispose();
});

it('an adopted sandbox follows its file before signing in (a restarted sandbox moved)', async () => {
  const signInUrls: string[] = [];
  const { composed, sandboxFile } = await app(false, signInUrls);
  await composed.handlers['organization.useSandbox'](undefined);
  // Moved, with its metadata inline (this test has no IdP to fetch it from).
  const moved = {
    ...organization,
    idp: { signInUrl: 'http://127.0.0.1:48801/sso', metadataXml: idpMetadataXml() },
  };
  writeFileSync(sandboxFile, JSON.stringify(moved), { mode: 0o600 });
  await Promise.resolve(composed.handlers['session.signIn'](undefined)).catch(() => undefined);
  expect(signInUrls).toEqual(['http://127.0.0.1:48801/sso']);
  composed.dispose();
});
