import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sandboxOrganizationFile } from '../../main/config/sandbox-location.ts';
import { labOrganization } from './app-organization.ts';
import { startLab, type Lab } from './lab.ts';

/**
 * `npm run sandbox`: the lab with sample data for a newcomer (Node IdP: no PHP needed). Writes the
 * organization file, in the app's own format, where the app's first run finds it and offers
 * "Try the sandbox"; runs until Ctrl-C. Its data (annotations, IdP key) stay in a folder between
 * runs and its ports are fixed, so an app that adopted the sandbox keeps working after a restart.
 *   --out <file>    default: where the app looks (main/config/sandbox-location.ts)
 *   --data <dir>    default: ~/.federated-annotator-sandbox (FA_SANDBOX_DATA)
 *   --ports fixed|random|<idp>,<sts>,<s3>   default fixed: 47801 IdP, 47802 STS, 47803 S3
 *   --reset         deletes the data folder first (annotations, drafts made against it stay in the app)
 *   --idp node|simplesamlphp   --https
 */
export const sandboxPorts = { idp: 47801, sts: 47802, s3: 47803 } as const;

export function defaultSandboxDataDir(): string {
  return process.env.FA_SANDBOX_DATA ?? join(homedir(), '.federated-annotator-sandbox');
}

export interface SandboxOptions {
  out?: string;
  data?: string;
  ports?: 'fixed' | 'random' | { idp: number; sts: number; s3: number };
  reset?: boolean;
  idp?: 'node' | 'simplesamlphp';
  https?: boolean;
}

export interface Sandbox {
  lab: Lab;
  organizationFile: string;
  dataDir: string;
  /** Stops the servers and removes the organization file (the data folder stays). */
  close(): Promise<void>;
}

function portsInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
}

/** Starts the sandbox and writes its organization file; dev-browser calls it too. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const out = resolve(options.out ?? sandboxOrganizationFile());
  const dataDir = resolve(options.data ?? defaultSandboxDataDir());
  if (options.reset) await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let lab: Lab;
  try {
    lab = await startLab({
      idp: options.idp ?? 'node',
      https: options.https ?? false,
      data: 'sample',
      keepDir: dataDir,
      ...(options.ports === 'random'
        ? {}
        : { ports: typeof options.ports === 'object' ? options.ports : sandboxPorts }),
    });
  } catch (error) {
    if (!portsInUse(error)) throw error;
    const list = Object.values(typeof options.ports === 'object' ? options.ports : sandboxPorts).join(', ');
    throw new Error(
      `The sandbox's ports (${list}) are taken: is a sandbox already running (npm run sandbox)? ` +
        'Stop it, or start this one with --ports random.',
      { cause: error },
    );
  }
  await mkdir(dirname(out), { recursive: true, mode: 0o700 });
  const organization = { ...labOrganization(lab, { id: 'sandbox' }), name: 'Sandbox organization' };
  // The app only offers a file of this user's that nobody else can write (it sits in the temp folder).
  await writeFile(out, `${JSON.stringify(organization, null, 2)}\n`, { mode: 0o600 });
  await chmod(out, 0o600);
  return {
    lab,
    organizationFile: out,
    dataDir,
    async close() {
      await lab.close();
      // Only our own file: another sandbox may have written one since.
      const current = await readFile(out, 'utf8').catch(() => null);
      if (current?.includes(lab.sts.endpoint)) await rm(out, { force: true });
    },
  };
}

export function describeSandbox(sandbox: Sandbox, startedMs: number): string {
  const { lab } = sandbox;
  return [
    `Federation lab sandbox ready in ${((performance.now() - startedMs) / 1000).toFixed(1)} s`,
    `  IdP (${lab.idp.kind}) sign-in: ${lab.idp.signInUrl}`,
    `  IdP metadata:      ${lab.idp.metadataUrl}`,
    `  STS:               ${lab.sts.endpoint} (${lab.sts.region})`,
    `  S3:                ${lab.s3.endpoint} bucket ${lab.s3.bucket}`,
    `  users (password "${lab.password}"): ${lab.users.map((u) => u.username).join(', ')}`,
    `  projects: ${lab.projects.map((p) => `${p.prefix} (${p.importMode})`).join(', ')}`,
    `  organization file: ${sandbox.organizationFile} (the app offers it as "Try the sandbox")`,
    `  data folder (kept between runs; npm run sandbox:reset empties it): ${sandbox.dataDir}`,
  ].join('\n');
}

export async function runSandbox(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      data: { type: 'string' },
      ports: { type: 'string', default: 'fixed' },
      reset: { type: 'boolean', default: false },
      idp: { type: 'string', default: 'node' },
      https: { type: 'boolean', default: false },
    },
  });
  if (values.idp !== 'node' && values.idp !== 'simplesamlphp')
    throw new Error('--idp must be node or simplesamlphp');
  const listed = /^(\d+),(\d+),(\d+)$/.exec(values.ports);
  if (values.ports !== 'fixed' && values.ports !== 'random' && !listed)
    throw new Error('--ports must be fixed, random or three ports: <idp>,<sts>,<s3>');
  const started = performance.now();
  const sandbox = await startSandbox({
    ...(values.out ? { out: values.out } : {}),
    ...(values.data ? { data: values.data } : {}),
    ports: listed
      ? { idp: Number(listed[1]), sts: Number(listed[2]), s3: Number(listed[3]) }
      : (values.ports as 'fixed' | 'random'),
    reset: values.reset,
    idp: values.idp,
    https: values.https,
  });
  const stop = async (signal: string): Promise<void> => {
    console.log(`\n${signal}: stopping the sandbox…`);
    await sandbox.close();
    console.log(`sandbox stopped; its data stays in ${sandbox.dataDir}`);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  console.log(`${describeSandbox(sandbox, started)}\nCtrl-C stops it (the data folder stays).`);
}

/** `npm run sandbox:reset`: empties the data folder (the sandbox must be stopped). */
export async function resetSandbox(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' } } });
  const dataDir = resolve(values.data ?? defaultSandboxDataDir());
  await rm(dataDir, { recursive: true, force: true });
  console.log(`sandbox data removed: ${dataDir} (the next start seeds fresh sample projects)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  const run = command === 'reset' ? resetSandbox(rest) : runSandbox(process.argv.slice(2));
  run.catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
