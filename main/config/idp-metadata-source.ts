/**
 * The IdP metadata IT configured, read when a sign-in needs it (not at start: a restart with a
 * stored session must work offline). A URL is fetched over https with the organization's CAs.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { AppError } from '../errors.ts';
import { createHttpsAgent, type NetworkOptions } from '../net/http-handler.ts';
import { isTimeout, networkFailure } from '../net/network-failure.ts';
import { networkOptions, type OrganizationConfig } from './organization.ts';

const maxMetadataBytes = 1_000_000;

async function fetchText(url: string, network: NetworkOptions): Promise<string> {
  const parsed = new URL(url);
  // The organization's CAs, and the proxy the AWS calls would take to this origin.
  const agent = parsed.protocol === 'https:' ? await createHttpsAgent(url, network) : undefined;
  return new Promise((resolve, reject) => {
    const options = { timeout: 15_000, ...(agent ? { agent } : {}) };
    // http only reaches loopback (the organization schema refuses http elsewhere).
    const req = (parsed.protocol === 'https:' ? request : httpRequest)(parsed, options, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
        return;
      }
      let size = 0;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxMetadataBytes)
          req.destroy(Object.assign(new Error('metadata larger than 1 MB'), { code: 'FA_TOO_LARGE' }));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const timedOut = () => Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' });
    req.on('timeout', () => req.destroy(timedOut()));
    // The socket timeout only covers silence; a server trickling bytes needs a total deadline too.
    const deadline = setTimeout(() => req.destroy(timedOut()), 20_000);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', reject);
    req.end();
  });
}

export async function loadIdpMetadata(organization: OrganizationConfig): Promise<string> {
  const { idp } = organization;
  if (idp.metadataXml) return idp.metadataXml;
  try {
    if (idp.metadataFile) return await readFile(idp.metadataFile, 'utf8');
    return await fetchText(idp.metadataUrl!, networkOptions(organization));
  } catch (error) {
    const where = idp.metadataFile ?? new URL(idp.metadataUrl!).host;
    throw new AppError(
      'CONFIG_METADATA_UNAVAILABLE',
      `The app cannot read your organization's sign-in metadata from ${where}: ${metadataProblem(error)}. Check your connection; if it persists, tell IT.`,
      { retryable: true, cause: error },
    );
  }
}

/** Why the metadata could not be had, in words for people (the library's text stays in the log). */
export function metadataProblem(error: unknown): string {
  const e = (error ?? {}) as { code?: string; name?: string; message?: string; status?: number };
  if (e.code === 'ENOENT') return 'the file does not exist';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'the app may not read the file';
  if (e.code === 'EISDIR') return 'it is a folder, not a file';
  if (e.code === 'FA_TOO_LARGE') return 'the answer is larger than 1 MB, so it is not metadata';
  if (typeof e.status === 'number') return `the server answered HTTP ${e.status}`;
  // Node's tunnel through a proxy that wants a password (407) says so only in its message.
  if (e.code === 'ERR_PROXY_TUNNEL' && /\b407\b/.test(e.message ?? ''))
    return 'the proxy asks for a password, which the app does not hold';
  if (isTimeout(e)) return 'it did not answer in time';
  switch (networkFailure(e)) {
    case 'untrusted-tls':
      return "its certificate is not trusted on this computer (is your company's CA in the organization settings?)";
    case 'proxy-auth':
      return 'the proxy asks for a password, which the app does not hold';
    case 'ca-bundle':
      return 'AWS_CA_BUNDLE names a file that is not a readable PEM certificate bundle';
    case 'unreachable':
      return 'it cannot be reached from this network';
    default:
      return 'it could not be read';
  }
}
