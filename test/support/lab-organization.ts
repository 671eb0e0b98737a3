/**
 * The app's organization settings for a running lab: what IT would hand an annotator, pointing at
 * the lab's IdP and STS. Written to a file the way the app receives it (import or sandbox).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from '../lab/lab.ts';

export function labOrganization(lab: Lab, overrides: { aws?: Record<string, unknown>; id?: string } = {}) {
  return {
    id: overrides.id ?? `lab-${lab.idp.kind}`,
    name: lab.idp.kind === 'simplesamlphp' ? 'Lab Organization (SimpleSAMLphp)' : 'Lab Organization',
    idp: { signInUrl: lab.idp.signInUrl, metadataXml: lab.idp.metadataXml },
    aws: {
      region: lab.sts.region,
      stsEndpoint: lab.sts.endpoint,
      accountAliases: { [lab.accounts.vision]: 'Vision team', [lab.accounts.language]: 'Language team' },
      ...overrides.aws,
    },
    ...(lab.s3.caCertPem ? { network: { caCertificatesPem: [lab.s3.caCertPem] } } : {}),
  };
}

export function writeLabOrganization(
  lab: Lab,
  dir: string,
  overrides?: Parameters<typeof labOrganization>[1],
): string {
  const file = path.join(dir, 'organization.json');
  writeFileSync(file, JSON.stringify(labOrganization(lab, overrides), null, 2));
  return file;
}
