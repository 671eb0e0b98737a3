import { DOMParser } from '@xmldom/xmldom';
import { expect, it } from 'vitest';
import { parseOrganizationConfig } from '../organization.ts';
import { applyPolicy } from './apply-policy.ts';
import { parsePlistXml } from './macos-plist.ts';
import { policyKeys, parsePolicy } from './policy-schema.ts';
import { admlTemplate, admxTemplate, exampleValues, mobileconfigTemplate } from './policy-templates.ts';

function strictXml(text: string) {
  const fail = (message: string) => {
    throw new Error(message);
  };
  return new DOMParser({
    errorHandler: { warning: () => undefined, error: fail, fatalError: fail },
  }).parseFromString(text, 'text/xml');
}

const names = Object.keys(policyKeys);

it('ADMX and ADML are well-formed and define every key once, in the registry key the app reads', () => {
  const admx = strictXml(admxTemplate());
  const policies = Array.from(admx.getElementsByTagName('policy'));
  expect(policies.map((p) => p.getAttribute('name'))).toEqual(names);
  for (const policy of policies) {
    expect(policy.getAttribute('key')).toBe('SOFTWARE\\Policies\\FederatedAnnotator');
    const name = policy.getAttribute('name')!;
    const kind = policyKeys[name as keyof typeof policyKeys].kind;
    if (kind === 'boolean') expect(policy.getAttribute('valueName')).toBe(name);
    if (kind === 'list') {
      expect(policy.getElementsByTagName('list')[0]!.getAttribute('key')).toBe(
        `SOFTWARE\\Policies\\FederatedAnnotator\\${name}`,
      );
    }
  }
  const adml = strictXml(admlTemplate());
  const strings = new Set(Array.from(adml.getElementsByTagName('string')).map((s) => s.getAttribute('id')));
  const presentations = new Set(
    Array.from(adml.getElementsByTagName('presentation')).map((p) => p.getAttribute('id')),
  );
  for (const name of names) {
    expect(strings.has(name) && strings.has(`${name}_Explain`)).toBe(true);
    expect(presentations.has(name)).toBe(true);
  }
});

it("the .mobileconfig payload reads back through the app's own policy reader as a valid organization", () => {
  const profile = parsePlistXml(mobileconfigTemplate()) as { PayloadContent: Record<string, unknown>[] };
  const payload = Object.fromEntries(
    Object.entries(profile.PayloadContent[0]!).filter(([key]) => !key.startsWith('Payload')),
  );
  const policy = parsePolicy(payload, 'profile');
  expect(policy.problems).toEqual([]);
  expect(policy.values).toEqual(exampleValues);
  const { organization } = applyPolicy(null, policy);
  expect(parseOrganizationConfig(organization, 'profile')).toMatchObject({
    id: 'acme',
    aws: { region: 'eu-west-1' },
  });
});
