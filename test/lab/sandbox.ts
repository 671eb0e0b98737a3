import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLab } from './lab.ts';
import { describeSandbox } from './sandbox-organization.ts';

/**
 * `npm run sandbox`: the lab with sample data for a newcomer (Node IdP: no PHP needed). Writes the
 * organization JSON the app offers as "Try the sandbox", runs until Ctrl-C, then stops everything
 * and removes its temp folder and the JSON (its endpoints die with it).
 *   --out <file>   default test-results/sandbox/organization.json
 *   --idp node|simplesamlphp   --https
 */
export async function runSandbox(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: 'test-results/sandbox/organization.json' },
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
  const caCertPath = lab.s3.caCertPem ? join(dirname(out), 'sandbox-ca.pem') : undefined;
  if (caCertPath && lab.s3.caCertPem) await writeFile(caCertPath, lab.s3.caCertPem);
  const organization = describeSandbox(lab, caCertPath);
  await writeFile(out, `${JSON.stringify(organization, null, 2)}\n`);

  const stop = async (signal: string): Promise<void> => {
    console.log(`\n${signal}: stopping the sandbox…`);
    await lab.close();
    await rm(out, { force: true });
    if (caCertPath) await rm(caCertPath, { force: true });
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
    `  S3:                ${lab.s3.endpoint} bucket ${lab.s3.bucket}${caCertPath ? ` CA ${caCertPath}` : ''}`,
    `  users (password "${lab.password}"): ${lab.users.map((u) => u.username).join(', ')}`,
    `  projects: ${lab.projects.map((p) => `${p.prefix} (${p.importMode})`).join(', ')}`,
    `  organization config: ${out}`,
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
