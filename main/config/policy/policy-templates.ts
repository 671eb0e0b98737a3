/**
 * Templates IT imports instead of writing by hand, generated from the policy schema: Windows Group
 * Policy (ADMX + en-US ADML, the registry key the app reads) and a macOS configuration profile
 * (.mobileconfig) whose payload is the managed preferences the app reads, with example values.
 */
import { randomUUID } from 'node:crypto';
import { policyKeys, type PolicyKey } from './policy-schema.ts';
import { macBundleId } from './macos-plist.ts';
import { registryPolicyKey } from './windows-registry.ts';

const entries = Object.entries(policyKeys) as [string, PolicyKey][];

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function admxElements(name: string, key: PolicyKey): string {
  switch (key.kind) {
    case 'string':
    case 'json':
      return `<elements><text id="${name}" valueName="${name}" maxLength="1000000" /></elements>`;
    case 'integer':
      return `<elements><decimal id="${name}" valueName="${name}" maxValue="4294967295" /></elements>`;
    case 'list':
      // Chrome's way: a subkey named after the policy holding the values 1, 2, 3…
      return `<elements><list id="${name}" key="${registryPolicyKey}\\${name}" valuePrefix="" /></elements>`;
    case 'boolean':
      return '<enabledValue><decimal value="1" /></enabledValue><disabledValue><decimal value="0" /></disabledValue>';
  }
}

export function admxTemplate(): string {
  const policies = entries.map(
    ([name, key]) =>
      `    <policy name="${name}" class="Machine" displayName="$(string.${name})" explainText="$(string.${name}_Explain)"` +
      ` presentation="$(presentation.${name})" key="${registryPolicyKey}"${key.kind === 'boolean' ? ` valueName="${name}"` : ''}>\n` +
      `      <parentCategory ref="FederatedAnnotator" />\n      <supportedOn ref="SUPPORTED_ANY" />\n` +
      `      ${admxElements(name, key)}\n    </policy>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<policyDefinitions xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions" revision="1.0" schemaVersion="1.0">
  <policyNamespaces>
    <target prefix="federatedannotator" namespace="FederatedAnnotator.Policies" />
  </policyNamespaces>
  <resources minRequiredRevision="1.0" />
  <supportedOn>
    <definitions>
      <definition name="SUPPORTED_ANY" displayName="$(string.SUPPORTED_ANY)" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="FederatedAnnotator" displayName="$(string.FederatedAnnotator)" />
  </categories>
  <policies>
${policies.join('\n')}
  </policies>
</policyDefinitions>
`;
}

function presentation(name: string, key: PolicyKey): string {
  switch (key.kind) {
    case 'string':
    case 'json':
      return `<textBox refId="${name}"><label>${name}</label></textBox>`;
    case 'integer':
      return `<decimalTextBox refId="${name}">${name}</decimalTextBox>`;
    case 'list':
      return `<listBox refId="${name}">${name}</listBox>`;
    case 'boolean':
      return '';
  }
}

export function admlTemplate(): string {
  const strings = entries.flatMap(([name, key]) => [
    `      <string id="${name}">${name}</string>`,
    `      <string id="${name}_Explain">${xml(key.description)} (sets ${key.target})</string>`,
  ]);
  const presentations = entries.map(
    ([name, key]) => `      <presentation id="${name}">${presentation(name, key)}</presentation>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<policyDefinitionResources xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions" revision="1.0" schemaVersion="1.0">
  <displayName>Federated Annotator</displayName>
  <description>Policies of Federated Annotator</description>
  <resources>
    <stringTable>
      <string id="FederatedAnnotator">Federated Annotator</string>
      <string id="SUPPORTED_ANY">Any version of Federated Annotator</string>
${strings.join('\n')}
    </stringTable>
    <presentationTable>
${presentations.join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
}

/** Example values for the profile (IT replaces them); each one valid for its key. */
export const exampleValues: Record<string, string | number | boolean | string[]> = {
  OrganizationId: 'acme',
  OrganizationName: 'ACME Labeling',
  IdpSignInUrl: 'https://idp.acme.example/app/aws/sso',
  IdpMetadataUrl: 'https://idp.acme.example/app/aws/metadata',
  AwsRegion: 'eu-west-1',
  AllowedRoles: ['arn:aws:iam::111122223333:role/Annotator*'],
  MaxSessionSeconds: 28800,
  HttpsProxy: 'http://proxy.acme.example:8080',
  NoProxy: '.acme.example',
  UpdateUrl: 'https://updates.acme.example/federated-annotator/',
  UpdatesDisabled: false,
  AuditLogEnabled: true,
};

function plistValue(value: string | number | boolean | string[]): string {
  if (typeof value === 'boolean') return value ? '<true/>' : '<false/>';
  if (typeof value === 'number') return `<integer>${value}</integer>`;
  if (Array.isArray(value))
    return `<array>${value.map((v) => `<string>${xml(v)}</string>`).join('')}</array>`;
  return `<string>${xml(value)}</string>`;
}

export function mobileconfigTemplate(uuid: () => string = randomUUID): string {
  const payload = Object.entries(exampleValues)
    .map(([name, value]) => `\t\t\t<key>${name}</key>\n\t\t\t${plistValue(value)}`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadType</key>
			<string>${macBundleId}</string>
			<key>PayloadIdentifier</key>
			<string>${macBundleId}.policy</string>
			<key>PayloadUUID</key>
			<string>${uuid()}</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
${payload}
		</dict>
	</array>
	<key>PayloadDisplayName</key>
	<string>Federated Annotator policy</string>
	<key>PayloadIdentifier</key>
	<string>${macBundleId}.profile</string>
	<key>PayloadScope</key>
	<string>System</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>${uuid()}</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
`;
}
