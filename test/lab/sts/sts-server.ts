import { randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { LabClock } from '../clock.ts';
import { closeServer, listenOnLoopback, parseForm, readBody } from '../http-util.ts';
import { parseQuery, verifySigV4 } from '../sigv4.ts';
import { assumeRoleWithSaml, type StsContext } from './assume-role-with-saml.ts';
import type { CredentialStore } from './credential-store.ts';
import { labPartitionOfRegion } from './partitions.ts';
import { StsError } from './sts-errors.ts';
import { assumeRoleWithSamlXml, errorXml, getCallerIdentityXml } from './sts-xml.ts';

/**
 * A local STS endpoint speaking the awsQuery protocol (form-encoded POST, XML answers), with
 * AssumeRoleWithSAML (unsigned, as AWS accepts it) and GetCallerIdentity (SigV4-signed).
 */
export interface StsServerOptions extends StsContext {
  region: string;
  tls?: { keyPem: string; certPem: string };
  /** Loopback port; default a random one. */
  port?: number;
}

export interface StsServer {
  endpoint: string;
  region: string;
  /** How many AssumeRoleWithSAML calls were made, refused ones included (tests of caching, retries). */
  readonly assumeRoleCalls: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

async function getCallerIdentity(
  req: IncomingMessage,
  body: Buffer,
  options: { region: string; store: CredentialStore; clock: LabClock },
): Promise<string> {
  const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?', 2);
  const result = await verifySigV4(
    { method: req.method ?? 'POST', rawPath, query: parseQuery(rawQuery), headers: req.headers, body },
    { service: 'sts', region: options.region, store: options.store, clock: options.clock },
  );
  if (result.kind === 'anonymous') {
    throw new StsError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
  }
  if (result.kind === 'refused') {
    const { code, message } = result.error;
    if (code === 'ExpiredToken')
      throw new StsError('ExpiredToken', 403, 'The security token included in the request is expired');
    if (code === 'InvalidAccessKeyId' || code === 'InvalidToken') {
      throw new StsError(
        'InvalidClientTokenId',
        403,
        'The security token included in the request is invalid.',
      );
    }
    if (code === 'SignatureDoesNotMatch') throw new StsError('SignatureDoesNotMatch', 403, message);
    throw new StsError('IncompleteSignature', 400, message);
  }
  const { principal } = result.credentials;
  const account = principal.kind === 'admin' ? principal.accountId : principal.role.accountId;
  return getCallerIdentityXml({ arn: principal.arn, userId: principal.userId, account }, randomUUID());
}

export async function startStsServer(options: StsServerOptions): Promise<StsServer> {
  let assumeRoleCalls = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const reply = (status: number, xml: string): void => {
      res.writeHead(status, {
        'content-type': 'text/xml',
        'x-amzn-requestid': requestId,
        date: options.clock.now().toUTCString(),
      });
      res.end(xml);
    };
    try {
      const body = await readBody(req, MAX_BODY_BYTES);
      const [, rawQuery = ''] = (req.url ?? '/').split('?', 2);
      // awsQuery: parameters come in the form body (POST) or the query string (GET).
      const params = req.method === 'POST' ? parseForm(body.toString('utf8')) : parseForm(rawQuery);
      const action = params.get('Action');
      if (action === 'AssumeRoleWithSAML') {
        assumeRoleCalls += 1;
        const result = await assumeRoleWithSaml(
          {
            RoleArn: params.get('RoleArn'),
            PrincipalArn: params.get('PrincipalArn'),
            SAMLAssertion: params.get('SAMLAssertion'),
            DurationSeconds: params.get('DurationSeconds'),
          },
          { partition: labPartitionOfRegion(options.region), ...options },
        );
        reply(200, assumeRoleWithSamlXml(result, requestId));
      } else if (action === 'GetCallerIdentity') {
        reply(200, await getCallerIdentity(req, body, options));
      } else {
        throw new StsError(
          'InvalidAction',
          400,
          `Could not find operation ${action ?? '(none)'} for version 2011-06-15`,
        );
      }
    } catch (error) {
      const stsError =
        error instanceof StsError
          ? error
          : new StsError('InvalidAction', 500, `lab STS failure: ${String(error)}`);
      reply(stsError.status, errorXml(stsError, requestId));
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => void handle(req, res);
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.keyPem, cert: options.tls.certPem }, listener)
    : createHttpServer(listener);
  const port = await listenOnLoopback(server, options.port);
  return {
    endpoint: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    region: options.region,
    get assumeRoleCalls() {
      return assumeRoleCalls;
    },
    close: () => closeServer(server),
  };
}
