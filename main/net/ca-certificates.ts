/**
 * The certificate authorities the app trusts for AWS and the IdP metadata: Node's bundled roots, the
 * OS certificate store (where IT deploys a TLS-inspecting proxy's CA to every machine), the file
 * AWS_CA_BUNDLE names (as the AWS CLI and SDKs read it) and the PEMs IT configured. Never "skip
 * verification": a bad AWS_CA_BUNDLE fails every request with a message naming the variable.
 *
 * Reading the OS store takes ~130 ms and a TLS context with ~260 roots ~40 ms, so both are made once
 * per set of CAs and shared by every connection (not rebuilt per TLS handshake).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import {
  createSecureContext,
  getCACertificates,
  setDefaultCACertificates,
  type SecureContext,
} from 'node:tls';

/** AWS_CA_BUNDLE cannot be used; `message` is for people, `code` is what the error mappers read. */
export class CaBundleError extends Error {
  readonly code = 'FA_CA_BUNDLE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'CaBundleError';
  }
}

let builtIn: readonly string[] | null = null;

/**
 * Node's bundled roots and the OS store's, read once per process. They also become the process's
 * default (as `--use-system-ca` would): Node checks an HTTPS proxy's own certificate (PAC "HTTPS
 * host:port") against the default CAs, not against an agent's, and IT deploys a proxy's CA to the OS.
 */
function builtInCertificates(): readonly string[] {
  if (!builtIn) {
    builtIn = [...new Set([...getCACertificates('bundled'), ...getCACertificates('system')])];
    setDefaultCACertificates([...builtIn]);
  }
  return builtIn;
}

const pemBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function readBundle(file: string): string[] {
  const fix = 'Fix or unset the AWS_CA_BUNDLE variable (or ask your IT team), then start the app again.';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new CaBundleError(`AWS_CA_BUNDLE names ${file}, which cannot be read (${code}). ${fix}`);
  }
  const blocks = text.match(pemBlock) ?? [];
  try {
    for (const block of blocks) new X509Certificate(block);
  } catch {
    throw new CaBundleError(`AWS_CA_BUNDLE names ${file}, which holds a damaged PEM certificate. ${fix}`);
  }
  if (!blocks.length)
    throw new CaBundleError(`AWS_CA_BUNDLE names ${file}, which holds no PEM certificate. ${fix}`);
  return blocks;
}

const bundles = new Map<string, string[]>();

/** The bundle's certificates, read again only when the file changes (every client creation asks). */
function bundleCertificates(file: string): string[] {
  let stamp: string;
  try {
    const stat = statSync(file);
    stamp = `${file}\0${stat.mtimeMs}\0${stat.size}`;
  } catch {
    return readBundle(file); // Throws with the reason.
  }
  let blocks = bundles.get(stamp);
  if (!blocks) {
    blocks = readBundle(file);
    bundles.clear();
    bundles.set(stamp, blocks);
  }
  return blocks;
}

export interface TrustOptions {
  caCertificatesPem?: readonly string[] | undefined;
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Every trusted CA as PEM, without duplicates. Throws CaBundleError for a bad AWS_CA_BUNDLE. */
export function trustedCertificates({ caCertificatesPem = [], env = {} }: TrustOptions = {}): string[] {
  const bundle = env.AWS_CA_BUNDLE?.trim();
  return [
    ...new Set([
      ...builtInCertificates(),
      ...(bundle ? bundleCertificates(bundle) : []),
      ...caCertificatesPem,
    ]),
  ];
}

const contexts = new Map<string, SecureContext>();

/** The TLS context for these CAs, shared by every agent that trusts the same set. */
export function trustContext(options: TrustOptions = {}): SecureContext {
  const ca = trustedCertificates(options);
  const key = ca.join('\n');
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext({ ca });
    // A handful of sets at most (one per organization file); keep the map from growing without end.
    if (contexts.size > 8) contexts.clear();
    contexts.set(key, context);
  }
  return context;
}
