import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeLabTls, type LabTls } from '../../test/lab/tls.ts';
import { CaBundleError, trustContext, trustedCertificates } from './ca-certificates.ts';

const dir = mkdtempSync(join(tmpdir(), 'fa-ca-'));
let lab: LabTls;
beforeAll(async () => {
  lab = await makeLabTls(dir);
});

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('trusted CAs', () => {
  it("are Node's bundled roots and the OS store's, without duplicates", () => {
    const trusted = trustedCertificates();
    expect(trusted).toEqual(expect.arrayContaining([...getCACertificates('bundled')]));
    expect(trusted).toEqual(expect.arrayContaining([...getCACertificates('system')]));
    expect(new Set(trusted).size).toBe(trusted.length);
    expect(trusted).not.toContain(lab.caCertPem);
  });

  it("the OS store's also become the process default, which an HTTPS proxy's own certificate is checked against", () => {
    trustedCertificates();
    const defaults = new Set(getCACertificates('default'));
    for (const pem of getCACertificates('system')) expect(defaults.has(pem)).toBe(true);
  });

  it('add the PEMs IT configured and the certificates of the AWS_CA_BUNDLE file', () => {
    const other = getCACertificates('bundled')[0]!;
    const bundle = file('bundle.pem', `# corporate roots\n${lab.caCertPem}\n`);
    const trusted = trustedCertificates({ caCertificatesPem: [other], env: { AWS_CA_BUNDLE: bundle } });
    expect(trusted.map((pem) => pem.trim())).toContain(lab.caCertPem.trim());
    expect(trusted.filter((pem) => pem === other)).toHaveLength(1);
  });

  it('a bundle that is missing, not PEM or damaged fails with a message naming AWS_CA_BUNDLE and the file', () => {
    const cases = {
      [join(dir, 'missing.pem')]: /AWS_CA_BUNDLE names .*missing\.pem, which cannot be read \(ENOENT\)/,
      [file('text.pem', 'not a certificate')]:
        /AWS_CA_BUNDLE names .*text\.pem, which holds no PEM certificate/,
      [file('bad.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')]:
        /AWS_CA_BUNDLE names .*bad\.pem, which holds a damaged PEM certificate/,
    };
    for (const [path, message] of Object.entries(cases)) {
      let thrown: unknown;
      try {
        trustContext({ env: { AWS_CA_BUNDLE: path } });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CaBundleError);
      expect(thrown).toMatchObject({ code: 'FA_CA_BUNDLE_INVALID', message });
    }
  });

  it('one TLS context per set of CAs, shared', () => {
    const bundle = file('shared.pem', lab.caCertPem);
    const env = { AWS_CA_BUNDLE: bundle };
    expect(trustContext({ env })).toBe(trustContext({ env }));
    expect(trustContext({ env })).not.toBe(trustContext({}));
  });
});
