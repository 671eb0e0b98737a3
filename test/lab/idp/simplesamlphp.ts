import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { LabClock } from '../clock.ts';
import { makeSelfSignedCert } from '../openssl.ts';
import { AWS_ACS_URL, AWS_SP_ENTITY_ID } from '../organization.ts';
import type { LabIdp } from './lab-idp.ts';
import { claimsFor, NAMEID_TRANSIENT, samlifyIdentityProvider, signSamlResponse } from './saml-response.ts';
import { scriptedSignIn } from './scripted-sign-in.ts';
import { AWS_ATTRIBUTES, findUser, LAB_PASSWORD, LAB_USERS } from './users.ts';

/**
 * A real SAML IdP: Debian's SimpleSAMLphp (apt: simplesamlphp php-cli php-xml) served by `php -S`,
 * configured from a generated temp folder with a signing key made per run and the lab's users.
 */
export const SIMPLESAMLPHP_WWW = '/usr/share/simplesamlphp/www';

type PhpValue = string | number | boolean | PhpValue[] | { [key: string]: PhpValue };

/** Serialises to a PHP literal; keys that are numeric strings stay strings, which PHP tolerates. */
function php(value: PhpValue): string {
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(php).join(', ')}]`;
  return `[${Object.entries(value)
    .map(([key, item]) => `${php(key)} => ${php(item)}`)
    .join(',\n  ')}]`;
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function writeConfig(dir: string, base: string, keyPath: string, certPath: string): Promise<string> {
  const configDir = join(dir, 'config');
  const metadataDir = join(dir, 'metadata');
  for (const sub of ['config', 'metadata', 'log', 'data', 'tmp', 'cache', 'sessions'])
    await mkdir(join(dir, sub));
  const config: PhpValue = {
    baseurlpath: `${base}/`,
    certdir: `${dir}/`,
    loggingdir: join(dir, 'log'),
    datadir: join(dir, 'data'),
    tempdir: join(dir, 'tmp'),
    cachedir: join(dir, 'cache'),
    metadatadir: metadataDir,
    'metadata.sources': [{ type: 'flatfile', directory: metadataDir }],
    technicalcontact_name: 'Federation lab',
    technicalcontact_email: 'lab@corp.example',
    secretsalt: randomBytes(24).toString('hex'),
    'auth.adminpassword': randomBytes(24).toString('hex'),
    'admin.protectindexpage': false,
    'admin.protectmetadata': false,
    'enable.saml20-idp': true,
    'module.enable': { exampleauth: true, core: true, saml: true, admin: true },
    'session.cookie.secure': false,
    'session.phpsession.savepath': join(dir, 'sessions'),
    'store.type': 'phpsession',
    'logging.handler': 'file',
    'logging.logfile': 'simplesamlphp.log',
    'logging.level': 4,
    timezone: 'UTC',
    'language.default': 'en',
  };
  const users: Record<string, PhpValue> = {};
  for (const user of LAB_USERS)
    users[`${user.username}:${LAB_PASSWORD}`] = { uid: [user.username], ...user.attributes };
  const authsources: PhpValue = {
    admin: ['core:AdminPassword'],
    'lab-users': { 0: 'exampleauth:UserPass', ...users },
  };
  const idpHosted: PhpValue = {
    host: '__DEFAULT__',
    privatekey: keyPath,
    certificate: certPath,
    auth: 'lab-users',
    'signature.algorithm': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  };
  const awsSp: PhpValue = {
    entityid: AWS_SP_ENTITY_ID,
    AssertionConsumerService: AWS_ACS_URL,
    NameIDFormat: NAMEID_TRANSIENT,
    'attributes.NameFormat': 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
    'sign.response': true,
    'sign.assertion': true,
    // Release only AWS's attributes (without a limit, every user attribute is released).
    authproc: {
      50: {
        class: 'core:AttributeLimit',
        ...Object.fromEntries(Object.values(AWS_ATTRIBUTES).map((a, i) => [i, a])),
      },
    },
  };
  await writeFile(join(configDir, 'config.php'), `<?php\n$config = ${php(config)};\n`);
  await writeFile(join(configDir, 'authsources.php'), `<?php\n$config = ${php(authsources)};\n`);
  await writeFile(
    join(metadataDir, 'saml20-idp-hosted.php'),
    `<?php\n$metadata['__DYNAMIC:1__'] = ${php(idpHosted)};\n`,
  );
  await writeFile(
    join(metadataDir, 'saml20-sp-remote.php'),
    `<?php\n$metadata['${AWS_SP_ENTITY_ID}'] = ${php(awsSp)};\n`,
  );
  return configDir;
}

async function waitForMetadata(url: string, child: ChildProcess, log: () => string): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`php -S exited (${child.exitCode}): ${log()}`);
    try {
      const response = await fetch(url);
      const body = await response.text();
      if (response.ok && body.includes('EntityDescriptor')) return body;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`SimpleSAMLphp did not serve ${url} in time: ${log()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

export async function startSimpleSamlPhp(options: { dir: string; clock: LabClock }): Promise<LabIdp> {
  const keys = await makeSelfSignedCert(options.dir, 'simplesamlphp-signing', 'idp.lab.test');
  const port = await freeLoopbackPort();
  const base = `http://127.0.0.1:${port}`;
  const configDir = await writeConfig(options.dir, base, keys.keyPath, keys.certPath);
  const child = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', SIMPLESAMLPHP_WWW], {
    env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: configDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  // A crashed test runner must not leave php -S behind.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const close = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await stop(child);
  };
  const entityId = `${base}/saml2/idp/metadata.php`;
  let metadataXml: string;
  try {
    metadataXml = await waitForMetadata(entityId, child, () => stderr);
  } catch (error) {
    await close();
    throw error;
  }
  const signInUrl = `${base}/saml2/idp/SSOService.php?spentityid=${encodeURIComponent(AWS_SP_ENTITY_ID)}`;
  const forger = samlifyIdentityProvider({ entityId, keyPem: keys.keyPem, certPem: keys.certPem }, signInUrl);
  return {
    kind: 'simplesamlphp',
    pid: child.pid ?? -1,
    entityId,
    metadataXml,
    metadataUrl: entityId,
    signInUrl,
    signIn: (username, password) => scriptedSignIn(signInUrl, username, password),
    claimsFor: (username) => {
      const user = findUser(username);
      if (!user) throw new Error(`no lab user ${username}`);
      return claimsFor(user, entityId, options.clock.now());
    },
    signResponse: (claims, signed) => signSamlResponse(forger, claims, signed),
    close,
  };
}
