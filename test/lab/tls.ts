import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openssl } from './openssl.ts';

/**
 * A private CA and a server certificate for 127.0.0.1/localhost signed by it, made per run with the
 * openssl CLI: the corporate-network tests need endpoints whose CA the OS does not trust, like a
 * TLS-inspecting proxy's.
 */
export interface LabTls {
  caCertPem: string;
  caCertPath: string;
  keyPem: string;
  certPem: string;
}

export async function makeLabTls(dir: string): Promise<LabTls> {
  const path = (name: string): string => join(dir, name);
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '2',
    '-subj',
    '/CN=Federation Lab Private CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.crt'),
  ]);
  await writeFile(
    path('server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  await openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    path('server.key'),
    '-out',
    path('server.csr'),
  ]);
  await openssl([
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('ca.crt'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    path('server.ext'),
    '-out',
    path('server.crt'),
  ]);
  return {
    caCertPem: await readFile(path('ca.crt'), 'utf8'),
    caCertPath: path('ca.crt'),
    keyPem: await readFile(path('server.key'), 'utf8'),
    certPem: await readFile(path('server.crt'), 'utf8'),
  };
}
