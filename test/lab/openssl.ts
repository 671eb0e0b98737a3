import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KeyPair {
  keyPem: string;
  certPem: string;
  keyPath: string;
  certPath: string;
}

/** Runs the openssl CLI (Debian's `openssl`): Node can make keys but not X.509 certificates. */
export async function openssl(args: string[], cwd?: string): Promise<void> {
  await run('openssl', args, { cwd });
}

/**
 * A self-signed signing certificate, made per run into `dir` (never committed). `reuse` keeps a pair
 * already there (the sandbox's kept folder: the IdP metadata stays the same between runs).
 */
export async function makeSelfSignedCert(
  dir: string,
  name: string,
  commonName: string,
  options: { reuse?: boolean } = {},
): Promise<KeyPair> {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  if (options.reuse) {
    const [keyPem, certPem] = await Promise.all([
      readFile(keyPath, 'utf8').catch(() => null),
      readFile(certPath, 'utf8').catch(() => null),
    ]);
    if (keyPem && certPem) return { keyPem, certPem, keyPath, certPath };
  }
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '3650',
    '-subj',
    `/CN=${commonName}`,
    '-keyout',
    keyPath,
    '-out',
    certPath,
  ]);
  return {
    keyPem: await readFile(keyPath, 'utf8'),
    certPem: await readFile(certPath, 'utf8'),
    keyPath,
    certPath,
  };
}

/** The base64 body of a PEM certificate, as SAML metadata and KeyInfo carry it. */
export function pemBody(certPem: string): string {
  return certPem
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '')
    .trim();
}
