import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sandboxOrganizationFile } from '../../main/config/sandbox-location.ts';
import { labOrganization } from './app-organization.ts';
import { startLab } from './lab.ts';

/**
 * `npm run sandbox`: the lab with sample data for a newcomer (Node IdP: no PHP needed). Writes the
 * organization file, in the app's own format, where the app's first run finds it and offers
 * "Try the sandbox"; runs until Ctrl-C, then stops everything and removes its temp folder and the
 * file (its endpoints die with it).
 *   --out <file>   default: where the app looks (main/config/sandbox-location.ts)
 *   --idp node|simplesamlphp   --https
 */
export async function runSandbox(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: sandboxOrganizationFile() },
      idp: { type: 'string', default: 'node' },
      https: { type: 'boolean', default: false },
    },
  });
  if (values.idp !== 'node' && values.idp !== 'simplesamlphp')
    throw new Error('--idp must be node or simplesamlphp');
  const out = resolve(values.out);
  const started = performance.now();
  const lab = await startLab({ idp: values.idp, https: values.https, data: 'sample' });
  await mkdir(dirname(out), { recursive: true });
  const organization = labOrganization(lab, { id: 'sandbox' });
  await writeFile(out, `${JSON.stringify({ ...organization, name: 'Sandbox organization' }, null, 2)}\n`, {
    mode: 0o600,
  });

  const stop = async (signal: string): Promise<void> => {
    console.log(`\n${signal}: stopping the sandbox…`);
    await lab.close();
    await rm(out, { force: true });
    console.log('sandbox stopped, temp files removed');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  const lines = [
    `Federation lab sandbox ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    `  IdP (${lab.idp.kind}) sign-in: ${lab.idp.signInUrl}`,
    `  IdP metadata:      ${lab.idp.metadataUrl}`,
    `  STS:               ${lab.sts.endpoint} (${lab.sts.region})`,
    `  S3:                ${lab.s3.endpoint} bucket ${lab.s3.bucket}`,
    `  users (password "${lab.password}"): ${lab.users.map((u) => u.username).join(', ')}`,
    `  projects: ${lab.projects.map((p) => `${p.prefix} (${p.importMode})`).join(', ')}`,
    `  organization file: ${out} (the app offers it as "Try the sandbox")`,
    `  temp folder: ${lab.rootDir}`,
    'Ctrl-C stops it and cleans up.',
  ];
  console.log(lines.join('\n'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runSandbox(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
