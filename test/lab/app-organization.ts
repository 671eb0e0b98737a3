/**
 * The app's organization settings for a running lab, in the app's own format (main/config): what IT
 * would hand an annotator, pointing at the lab's IdP, STS and S3, with the sample projects grouped
 * by team. `npm run sandbox` writes it for "Try the sandbox"; tests write it to import it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from './lab.ts';
import { TEAM_PREFIXES } from './organization.ts';

const teamNames: Record<keyof typeof TEAM_PREFIXES, string> = {
  vision: 'Vision team',
  language: 'Language team',
};

export function labOrganization(lab: Lab, overrides: { aws?: Record<string, unknown>; id?: string } = {}) {
  const teams = Object.keys(TEAM_PREFIXES) as (keyof typeof TEAM_PREFIXES)[];
  return {
    id: overrides.id ?? `lab-${lab.idp.kind}`,
    name: lab.idp.kind === 'simplesamlphp' ? 'Lab Organization (SimpleSAMLphp)' : 'Lab Organization',
    idp: { signInUrl: lab.idp.signInUrl, metadataXml: lab.idp.metadataXml },
    aws: {
      region: lab.sts.region,
      stsEndpoint: lab.sts.endpoint,
      accountAliases: {
        [lab.accounts.vision]: teamNames.vision,
        [lab.accounts.language]: teamNames.language,
      },
      ...overrides.aws,
    },
    ...(lab.s3.caCertPem ? { network: { caCertificatesPem: [lab.s3.caCertPem] } } : {}),
    workspaces: teams
      .map((team) => ({
        id: `team-${team}`,
        name: teamNames[team],
        projects: lab.projects
          .filter((p) => p.team === team)
          .map((p) => ({
            id: p.id,
            name: p.title,
            roles: p.allowedRoleArns,
            bucket: p.bucket,
            region: lab.s3.region,
            endpoint: lab.s3.endpoint,
            forcePathStyle: true,
            importMode: p.importMode,
            taskPrefix: p.sourcePrefix,
            labelingConfig: { inline: p.labelConfig },
            targetPrefix: p.targetPrefix,
            // Tasks reference media elsewhere under the project's folder.
            mediaPrefixes: [p.prefix],
          })),
      }))
      .filter((w) => w.projects.length > 0),
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
