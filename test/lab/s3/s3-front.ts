import {
  request as httpRequest,
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { LabClock } from '../clock.ts';
import { closeServer, listenOnLoopback, readBody } from '../http-util.ts';
import { isAuthQueryParam, parseQuery, verifySigV4 } from '../sigv4.ts';
import type { CredentialStore } from '../sts/credential-store.ts';
import { decodeAwsChunked } from './aws-chunked.ts';
import {
  checkReadPreconditions,
  checkWritePreconditions,
  KeyLocks,
  type ObjectLookup,
} from './conditional-writes.ts';
import { isAllowed } from './policy.ts';
import { accessDenied, conditionalConflict, sendS3Error, type S3ErrorSpec } from './s3-errors.ts';
import { classifyS3Request, type S3Request } from './s3-operations.ts';
import { startS3rverBackend } from './s3rver-backend.ts';

/**
 * The lab's S3 endpoint: what s3rver lacks, in front of it. Every request is SigV4-verified
 * (header-signed and presigned) against the credentials STS issued, authorised by the role's IAM
 * policy, and conditional writes are enforced; only then is it passed to s3rver, which stores.
 */
export interface S3FrontOptions {
  directory: string;
  buckets: string[];
  region: string;
  store: CredentialStore;
  clock: LabClock;
  tls?: { keyPem: string; certPem: string };
  /** Answer a missing key with 403 as AWS does when ListBucket (without a prefix) is not granted. */
  aws403ForMissing?: boolean;
  /** Loopback port; default a random one. */
  port?: number;
}

/** Switches a test flips at run time to make the lab answer as AWS does in its rarer moods. */
export interface S3Faults {
  /** GET/HEAD of a missing key: 403 AccessDenied unless the policy grants s3:ListBucket with no prefix. */
  aws403ForMissing: boolean;
  /** The next n conditional writes get 409 ConditionalRequestConflict (S3's "written at the same moment"). */
  conflictNextConditionalWrites(n: number): void;
  /** 409s sent so far. */
  readonly conflictsSent: number;
}

export interface S3Front {
  endpoint: string;
  region: string;
  faults: S3Faults;
  close(): Promise<void>;
}

// s3rver still wants an access key it knows for signed-only features (response-* overrides);
// the real signature was verified above, so it gets its built-in dummy key.
const BACKEND_AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=S3RVER/20000101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0';

const HOP_AND_AUTH_HEADERS = new Set([
  'authorization',
  'connection',
  'content-length',
  'expect',
  'host',
  'keep-alive',
  'transfer-encoding',
  'x-amz-content-sha256',
  'x-amz-decoded-content-length',
  'x-amz-security-token',
  'x-amz-trailer',
]);

function splitPath(rawPath: string): { bucket: string | undefined; key: string | undefined } {
  const [bucketPart = '', ...keyParts] = rawPath.replace(/^\//, '').split('/');
  const key = keyParts.join('/');
  return {
    bucket: bucketPart === '' ? undefined : decodeURIComponent(bucketPart),
    key: key === '' ? undefined : decodeURIComponent(key),
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function payloadOf(req: IncomingMessage, body: Buffer): Buffer | S3ErrorSpec {
  const sha = headerValue(req, 'x-amz-content-sha256') ?? '';
  if (sha.startsWith('STREAMING-AWS4-HMAC-SHA256') || sha.startsWith('STREAMING-AWS4-ECDSA')) {
    return {
      code: 'NotImplemented',
      status: 501,
      message: 'The lab does not verify signed aws-chunked payloads',
    };
  }
  const encoding = headerValue(req, 'content-encoding') ?? '';
  if (!encoding.split(',').some((e) => e.trim() === 'aws-chunked')) return body;
  try {
    return decodeAwsChunked(body).payload;
  } catch (error) {
    return { code: 'IncompleteBody', status: 400, message: (error as Error).message };
  }
}

export async function startS3Front(options: S3FrontOptions): Promise<S3Front> {
  const backend = await startS3rverBackend({ directory: options.directory, buckets: options.buckets });
  const locks = new KeyLocks();
  let conflictsToSend = 0;
  let conflictsSent = 0;
  const faults: S3Faults = {
    aws403ForMissing: options.aws403ForMissing ?? false,
    conflictNextConditionalWrites: (n) => {
      conflictsToSend = n;
    },
    get conflictsSent() {
      return conflictsSent;
    },
  };
  const lookup: ObjectLookup = {
    etagOf: async (bucket, key) =>
      (await backend.store.existsObject(bucket, key))
        ? (await backend.store.getMetadata(bucket, key)).etag
        : undefined,
  };

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    rawPath: string,
    rawQuery: string,
    payload: Buffer,
    dropConditionals: boolean,
  ): Promise<void> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_AND_AUTH_HEADERS.has(name)) continue;
      if (dropConditionals && (name === 'if-match' || name === 'if-none-match')) continue;
      if (name === 'content-encoding') {
        const rest = String(value)
          .split(',')
          .map((e) => e.trim())
          .filter((e) => e && e !== 'aws-chunked');
        if (rest.length > 0) headers[name] = rest.join(',');
        continue;
      }
      headers[name] = value;
    }
    headers['authorization'] = BACKEND_AUTHORIZATION;
    headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    // s3rver checks the dummy signature's date against the real clock, not the lab's.
    headers['x-amz-date'] = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    headers['content-length'] = String(payload.length);
    const query = rawQuery
      .split('&')
      .filter((pair) => pair !== '' && !isAuthQueryParam(decodeURIComponent(pair.split('=')[0] ?? '')))
      .join('&');
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        `${backend.url}${rawPath}${query ? `?${query}` : ''}`,
        { method: req.method, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, {
            ...answer.headers,
            date: options.clock.now().toUTCString(),
          });
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(payload);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const url = req.url ?? '/';
    const at = url.indexOf('?');
    const rawPath = at === -1 ? url : url.slice(0, at);
    const rawQuery = at === -1 ? '' : url.slice(at + 1);
    const query = parseQuery(rawQuery);

    const verification = await verifySigV4(
      { method, rawPath, query, headers: req.headers, body },
      { service: 's3', region: options.region, store: options.store, clock: options.clock },
    );
    if (verification.kind === 'anonymous')
      return sendS3Error(res, method, accessDenied(), options.clock.now());
    if (verification.kind === 'refused')
      return sendS3Error(res, method, verification.error, options.clock.now());

    const payload = payloadOf(req, body);
    if (!Buffer.isBuffer(payload)) return sendS3Error(res, method, payload, options.clock.now());
    const { bucket, key } = splitPath(rawPath);
    const s3Request: S3Request = {
      method,
      bucket,
      key,
      query: new Map(query),
      headers: req.headers,
      body: payload,
    };
    const operation = classifyS3Request(s3Request);
    const policy = verification.credentials.policy;
    if (!operation.authorizations.every((authorization) => isAllowed(policy, authorization))) {
      return sendS3Error(res, method, accessDenied(), options.clock.now());
    }

    if (operation.conditionalWrite && bucket !== undefined && key !== undefined) {
      const conditional = headerValue(req, 'if-match') ?? headerValue(req, 'if-none-match');
      if (conditional !== undefined && conflictsToSend > 0) {
        conflictsToSend--;
        conflictsSent++;
        return sendS3Error(res, method, conditionalConflict(), options.clock.now());
      }
      await locks.run(`${bucket}/${key}`, async () => {
        const failed = await checkWritePreconditions(
          lookup,
          bucket,
          key,
          headerValue(req, 'if-match'),
          headerValue(req, 'if-none-match'),
        );
        if (failed) return sendS3Error(res, method, failed, options.clock.now());
        await forward(req, res, rawPath, rawQuery, payload, true);
      });
      return;
    }
    if (
      (operation.name === 'GetObject' || operation.name === 'HeadObject') &&
      bucket !== undefined &&
      key !== undefined
    ) {
      if (
        faults.aws403ForMissing &&
        (await lookup.etagOf(bucket, key)) === undefined &&
        // AWS asks for ListBucket on the bucket without a prefix: a prefix-conditioned grant does not count.
        !isAllowed(policy, { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, context: {} })
      )
        return sendS3Error(res, method, accessDenied(), options.clock.now());
      const failed = await checkReadPreconditions(lookup, bucket, key, headerValue(req, 'if-match'));
      if (failed) return sendS3Error(res, method, failed, options.clock.now());
    }
    await forward(req, res, rawPath, rawQuery, payload, false);
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      sendS3Error(
        res,
        req.method ?? 'GET',
        {
          code: 'InternalError',
          status: 500,
          message: `lab S3 failure: ${String(error)}`,
        },
        options.clock.now(),
      );
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.keyPem, cert: options.tls.certPem }, listener)
    : createHttpServer(listener);
  const port = await listenOnLoopback(server, options.port);
  return {
    endpoint: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    region: options.region,
    faults,
    close: async () => {
      await closeServer(server);
      await backend.close();
    },
  };
}
