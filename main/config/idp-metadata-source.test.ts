/** Why sign-in metadata could not be read, said in words for people, never in the library's text. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIdpMetadata, metadataProblem } from './idp-metadata-source.ts';
import { parseOrganizationConfig } from './organization.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'fa-metadata-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function organization(idp: Record<string, unknown>) {
  return parseOrganizationConfig(
    {
      id: 'acme',
      name: 'Acme',
      idp: { signInUrl: 'https://idp.acme.example/sso', ...idp },
      aws: { region: 'eu-west-1' },
      workspaces: [],
    },
    'test',
  );
}

describe('sign-in metadata problems', () => {
  it('names a missing file without Node’s text', async () => {
    const error = await loadIdpMetadata(organization({ metadataFile: path.join(dir, 'nope.xml') })).catch(
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error).toMatchObject({ code: 'CONFIG_METADATA_UNAVAILABLE' });
    expect((error as { message: string }).message).toContain(': the file does not exist.');
    expect((error as { message: string }).message).not.toMatch(/ENOENT|no such file/);
  });

  it("names a server's HTTP status", async () => {
    const server = createServer((_req, res) => res.writeHead(404).end('gone'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const error = (await loadIdpMetadata(
        organization({ metadataUrl: `http://127.0.0.1:${port}/metadata.xml` }),
      ).catch((e: unknown) => e)) as { message: string };
      expect(error.message).toContain(': the server answered HTTP 404.');
    } finally {
      server.close();
    }
  });

  it.each([
    [
      { code: 'ERR_PROXY_TUNNEL', message: 'Failed to establish tunnel: HTTP/1.1 407 Proxy Auth' },
      'password',
    ],
    [
      { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', message: 'unable to get local issuer certificate' },
      'not trusted',
    ],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:443' }, 'cannot be reached'],
    [{ code: 'ETIMEDOUT', message: 'timed out' }, 'in time'],
    [{ code: 'EWEIRD', message: 'something internal' }, 'could not be read'],
  ])('%o is said as "%s", with none of its own words', (error, words) => {
    const said = metadataProblem(error);
    expect(said).toContain(words);
    expect(said).not.toContain(error.message);
    expect(said).not.toContain(error.code);
  });
});
