/**
 * IT's policy in the window: keys it enforces over an imported organization are listed as locked,
 * and an organization set by the policy cannot be changed ("locked by your IT department").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parsePolicy, type ParsedPolicy } from '../../main/config/policy/policy-schema.ts';
import { startHarness } from '../harness/harness-server.ts';
import { seriousAccessibilityProblems } from '../support/axe.ts';
import { launchChromium } from '../support/chromium.ts';

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(path.join(tmpdir(), 'fa-policy-ui-'));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const organization = {
  id: 'sandbox',
  name: 'Sandbox organization',
  idp: { signInUrl: 'http://127.0.0.1:47801/sso', metadataUrl: 'http://127.0.0.1:47801/metadata' },
  aws: { region: 'us-east-1', stsEndpoint: 'http://127.0.0.1:47802' },
};

async function open(name: string, policy: ParsedPolicy) {
  const sandboxFile = path.join(dir, `${name}.json`);
  writeFileSync(sandboxFile, JSON.stringify(organization), { mode: 0o600 });
  const harness = await startHarness({
    userDataDir: path.join(dir, name),
    auth: { keychainService: 'memory', sandboxFile, readPolicy: async () => policy },
  });
  const page = await browser.newPage();
  await page.goto(harness.url);
  return { harness, page };
}

it('lists the settings IT enforces over an imported organization', { timeout: 60_000 }, async () => {
  const policy = parsePolicy(
    { HttpsProxy: 'http://proxy.acme.example:8080', AllowedRoles: ['arn:aws:iam::111122223333:role/*'] },
    '/etc/federated-annotator/policy.json',
  );
  const { harness, page } = await open('enforced', policy);
  try {
    await page.getByRole('button', { name: /Try the sandbox/ }).click();
    const locked = page.getByTestId('locked-settings');
    await expect
      .poll(() => locked.locator('summary').textContent(), { timeout: 15_000 })
      .toBe('2 settings are locked by your IT department');
    await locked.locator('summary').click();
    expect((await locked.locator('li code').allTextContents()).sort()).toEqual([
      'AllowedRoles',
      'HttpsProxy',
    ]);
    // The organization itself is still the annotator's choice.
    expect(await page.getByRole('button', { name: 'Change organization' }).count()).toBe(1);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  } finally {
    await page.close();
    await harness.close();
  }
});

it('an organization set by IT cannot be changed', { timeout: 60_000 }, async () => {
  const policy = parsePolicy(
    {
      OrganizationId: 'acme',
      OrganizationName: 'ACME Labeling',
      IdpSignInUrl: 'https://idp.acme.example/sso',
      IdpMetadataUrl: 'https://idp.acme.example/metadata',
      AwsRegion: 'eu-west-1',
    },
    'HKLM\\SOFTWARE\\Policies\\FederatedAnnotator',
  );
  const { harness, page } = await open('managed', policy);
  try {
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe('Sign in to ACME Labeling');
    expect(await page.getByTestId('organization-locked').textContent()).toBe(
      'ACME Labeling is locked by your IT department.',
    );
    expect(await page.getByRole('button', { name: 'Change organization' }).count()).toBe(0);
    // Asked anyway (an old window, a script): refused with the same words.
    const refused = await page.evaluate(() =>
      (
        window as unknown as { annotator: { organization: { change(): Promise<unknown> } } }
      ).annotator.organization.change(),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFIG_MANAGED' } });
  } finally {
    await page.close();
    await harness.close();
  }
});
