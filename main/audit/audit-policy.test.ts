/** IT's policy keys for the audit log, through the app's wiring (composeApp). */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { composeApp } from '../app/compose.ts';
import { parsePolicy } from '../config/policy/policy-schema.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(policy: Record<string, unknown>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'fa-audit-policy-'));
  dirs.push(dir);
  const sandboxFile = path.join(dir, 'sandbox.json');
  writeFileSync(
    sandboxFile,
    JSON.stringify({
      id: 'sandbox',
      name: 'Sandbox',
      idp: { signInUrl: 'http://127.0.0.1:1/sso', metadataUrl: 'http://127.0.0.1:1/metadata' },
      aws: { region: 'us-east-1', stsEndpoint: 'http://127.0.0.1:2' },
    }),
    { mode: 0o600 },
  );
  const store = new MemorySecretStore();
  const app = await composeApp({
    dataDir: path.join(dir, 'data'),
    keychain: { store, status: await store.probe() },
    loginWindow: {
      capture: () => Promise.reject(new Error('none')),
      cancel: () => undefined,
      clear: async () => undefined,
    },
    organization: {
      managedFile: null,
      sandboxFile,
      pickFile: async () => null,
      readPolicy: async () => parsePolicy(policy, 'policy.json'),
    },
    runtime: {
      name: 'Federated Annotator',
      version: '0.0.0',
      versions: { node: '24.0.0' },
      platform: 'linux',
    },
    externalHosts: [],
    openInBrowser: () => undefined,
  });
  await app.handlers['organization.useSandbox'](undefined);
  app.dispose();
  return path.join(dir, 'data', 'audit', 'audit.jsonl');
}

it('AuditLogEnabled false: nothing is written; by default the settings loaded are', async () => {
  expect(existsSync(await start({ AuditLogEnabled: false }))).toBe(false);
  const file = await start({ AuditLogMaxMegabytes: 2 });
  expect(JSON.parse(readFileSync(file, 'utf8').trim())).toMatchObject({
    type: 'policy-loaded',
    source: 'sandbox',
    organization: 'sandbox',
  });
});
