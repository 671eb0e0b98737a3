import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LabClock } from '../clock.ts';
import { closeServer, listenOnLoopback, parseForm, readBody } from '../http-util.ts';
import { makeSelfSignedCert } from '../openssl.ts';
import { AWS_ACS_URL } from '../organization.ts';
import { autoPostPage, loginPage } from './html-forms.ts';
import type { LabIdp } from './lab-idp.ts';
import { claimsFor, samlifyIdentityProvider, signSamlResponse } from './saml-response.ts';
import { scriptedSignIn } from './scripted-sign-in.ts';
import { findUser, LAB_PASSWORD } from './users.ts';

/**
 * The fast IdP: samlify's IdP side behind a tiny login page, same users as SimpleSAMLphp. Used by
 * the sandbox (newcomers have no PHP) and by most tests.
 *   GET  /sso[?RelayState=…]  login form (the IdP-initiated sign-in URL for AWS)
 *   POST /login               checks the password, answers with the auto-POST form to the ACS
 *   GET  /metadata            IdP metadata to register as the IAM SAML provider
 */
export async function startNodeIdp(options: {
  dir: string;
  clock: LabClock;
  port?: number;
}): Promise<LabIdp> {
  const keys = await makeSelfSignedCert(options.dir, 'node-idp-signing', 'idp.lab.test', { reuse: true });
  let handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async () => {};
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`lab IdP failure: ${String(error)}`);
    });
  });
  const port = await listenOnLoopback(server, options.port);
  const base = `http://127.0.0.1:${port}`;
  const entityId = `${base}/metadata`;
  const signInUrl = `${base}/sso`;
  const idp = samlifyIdentityProvider({ entityId, keyPem: keys.keyPem, certPem: keys.certPem }, signInUrl);
  const metadataXml = idp.getMetadata();

  const html = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };

  handler = async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (req.method === 'GET' && url.pathname === '/metadata') {
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
      res.end(metadataXml);
    } else if (req.method === 'GET' && url.pathname === '/sso') {
      const relayState = url.searchParams.get('RelayState') ?? undefined;
      html(res, 200, loginPage({ action: `${base}/login`, relayState }));
    } else if (req.method === 'POST' && url.pathname === '/login') {
      const form = parseForm((await readBody(req, 64 * 1024)).toString('utf8'));
      const user = findUser(form.get('username') ?? '');
      const relayState = form.get('RelayState') || undefined;
      if (!user || form.get('password') !== LAB_PASSWORD) {
        html(
          res,
          401,
          loginPage({ action: `${base}/login`, relayState, error: 'Incorrect username or password.' }),
        );
        return;
      }
      const samlResponse = await signSamlResponse(idp, claimsFor(user, entityId, options.clock.now()));
      html(res, 200, autoPostPage(AWS_ACS_URL, samlResponse, relayState));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  };

  return {
    kind: 'node',
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
    signResponse: (claims, signed) => signSamlResponse(idp, claims, signed),
    close: () => closeServer(server),
  };
}
