/**
 * The IdP metadata IT configured, read when a sign-in needs it (not at start: a restart with a
 * stored session must work offline). A URL is fetched over https with the organization's CAs.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { AppError } from '../errors.ts';
import { createHttpsAgent, type NetworkOptions } from '../net/http-handler.ts';
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
        reject(new Error(`HTTP ${res.statusCode}`));
        return;
      }
      let size = 0;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxMetadataBytes) req.destroy(new Error('metadata larger than 1 MB'));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    // The socket timeout only covers silence; a server trickling bytes needs a total deadline too.
    const deadline = setTimeout(() => req.destroy(new Error('took longer than 20 s')), 20_000);
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
      `The app cannot read your organization's sign-in metadata from ${where} (${(error as Error).message}). Check your connection; if it persists, tell IT.`,
      { retryable: true, cause: error },
    );
  }
}
