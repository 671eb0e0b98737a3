/**
 * Each `app.*` policy key, from a policy.json fixture to the behaviour it controls: the presigned URL's
 * lifetime (through the role's project services, with a real SigV4 presigner), the update decision,
 * DevTools, and the defaults the media cache reads (offline age, prefetch).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeApp } from '../../app/compose.ts';
import { RoleContexts } from '../../projects/project-services.ts';
import { MemorySecretStore } from '../../secrets/memory-store.ts';
import { parseProjectsConfig } from '../../tasks/index.ts';
import { ANNOTATOR_ROLE, rawConfig, rawProject } from '../../tasks/test-support/projects.ts';
import { updateDecision } from '../../update/updates.ts';
import type { OrganizationConfig } from '../organization.ts';
import { appSettingDefaults, appSettingsFrom } from './app-settings.ts';
import { parsePolicy } from './policy-schema.ts';
import { readPolicy } from './read-policy.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-app-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function settingsOf(policy: Record<string, unknown> | null) {
  const file = path.join(dir, 'policy.json');
  if (policy) writeFileSync(file, JSON.stringify(policy), { mode: 0o644 });
  return appSettingsFrom(
    await readPolicy({ platform: 'linux', linuxFile: file, trustedOwnerUid: process.getuid!() }),
  );
}

/** A presigned URL for the project's task, through the role's project services as the app builds them. */
async function presignedExpiry(presignTtlSeconds: number | undefined): Promise<string | null> {
  const parsed = parseProjectsConfig(rawConfig([rawProject({ presignTtlSeconds: 900 })]));
  if (!parsed.ok) throw parsed.error;
  const credentials = {
    accessKeyId: 'ASIAEXAMPLEEXAMPLE00',
    secretAccessKey: 'example-secret-example-secret-example-00',
    sessionToken: 'example-token',
    expiration: new Date(Date.now() + 3_600_000),
    roleArn: ANNOTATOR_ROLE,
    assumedRoleArn: `${ANNOTATOR_ROLE}/ann`,
    identity: { nameId: 'ann', roleSessionName: 'ann', assumedRoleArn: `${ANNOTATOR_ROLE}/ann` },
  };
  const contexts = new RoleContexts({
    session: {
      organization: {
        id: 'acme',
        workspaces: parsed.value.workspaces,
        network: { caCertificatesPem: [] },
      } as unknown as OrganizationConfig,
      credentials: () => credentials,
      refreshCredentials: async () => credentials,
    },
    indexDir: path.join(dir, 'index'),
    now: () => new Date(),
    ...(presignTtlSeconds !== undefined ? { presignTtlSeconds } : {}),
  });
  try {
    const { url } = await contexts
      .services('street-scenes')
      .presigner.presign({ bucket: 'acme-labeling', key: 'street/tasks/a.json' });
    return new URL(url).searchParams.get('X-Amz-Expires');
  } finally {
    contexts.reset();
  }
}

describe("the app's own policy keys", () => {
  it('without a policy: the defaults, no update URL, no DevTools in packaged builds', async () => {
    expect(await settingsOf(null)).toEqual({
      presignTtlSeconds: undefined,
      offlineMaxAgeHours: appSettingDefaults.offlineMaxAgeHours,
      prefetchSize: appSettingDefaults.prefetchSize,
      updateUrl: null,
      updatesDisabled: false,
      devToolsAllowed: false,
      auditLogEnabled: true,
      auditLogMaxMegabytes: undefined,
    });
    expect(appSettingDefaults).toEqual({ offlineMaxAgeHours: 72, prefetchSize: 10 });
  });

  it('PresignTtlSeconds replaces the project’s own lifetime in every presigned URL', async () => {
    const settings = await settingsOf({ PresignTtlSeconds: 300 });
    expect(settings.presignTtlSeconds).toBe(300);
    expect(await presignedExpiry(settings.presignTtlSeconds)).toBe('300');
    // Without the key, the project's own (900 s) holds.
    expect(await presignedExpiry((await settingsOf({})).presignTtlSeconds)).toBe('900');
  });

  it('UpdateUrl and UpdatesDisabled decide whether the packaged app looks for updates', async () => {
    const url = 'https://updates.acme.example/annotator/';
    const on = await settingsOf({ UpdateUrl: url });
    expect(updateDecision(on, true)).toEqual({ check: true, url });
    const off = await settingsOf({ UpdateUrl: url, UpdatesDisabled: true });
    expect(updateDecision(off, true)).toEqual({ check: false, reason: 'turned off by IT policy' });
    // A plain-http server is not an update server: the key is refused, and nothing is checked.
    const http = await settingsOf({ UpdateUrl: 'http://updates.acme.example/' });
    expect(updateDecision(http, true)).toEqual({ check: false, reason: 'no update URL' });
  });

  it('DevToolsAllowed, OfflineMaxAgeHours and PrefetchSize reach their readers', async () => {
    const settings = await settingsOf({ DevToolsAllowed: 1, OfflineMaxAgeHours: 24, PrefetchSize: 0 });
    expect(settings).toMatchObject({ devToolsAllowed: true, offlineMaxAgeHours: 24, prefetchSize: 0 });
    // A bad value is named by the policy reader and leaves the default in force.
    expect(await settingsOf({ PrefetchSize: 500 })).toMatchObject({ prefetchSize: 10 });
  });
});

describe('the composition root', () => {
  it("reads IT's policy once and hands its settings to the shell (updates, DevTools) and the services", async () => {
    const store = new MemorySecretStore();
    const app = await composeApp({
      dataDir: dir,
      keychain: { store, status: await store.probe() },
      loginWindow: {
        capture: () => Promise.reject(new Error('none')),
        cancel: () => undefined,
        clear: async () => undefined,
      },
      organization: {
        managedFile: null,
        sandboxFile: null,
        pickFile: async () => null,
        readPolicy: async () =>
          parsePolicy(
            { UpdateUrl: 'https://updates.acme.example/', DevToolsAllowed: true, PresignTtlSeconds: 120 },
            'test',
          ),
      },
      runtime: {
        name: 'Federated Annotator',
        version: '0.1.0',
        versions: { node: '24.0.0' },
        platform: 'linux',
      },
      externalHosts: [],
      openInBrowser: () => undefined,
    });
    try {
      expect(app.settings).toMatchObject({
        updateUrl: 'https://updates.acme.example/',
        devToolsAllowed: true,
        presignTtlSeconds: 120,
      });
    } finally {
      app.dispose();
    }
  });
});
