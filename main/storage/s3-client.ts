/**
 * The S3 client every storage service uses: the role's temporary credentials, the project's endpoint,
 * the corporate CAs (through the app's HTTP handler), and errors mapped to StorageError. When S3 says
 * the session token expired, the session is extended once (CredentialSource.refresh) and the call is
 * retried once; throttling and transient network errors are retried by the SDK itself.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandInput,
  type HeadObjectCommandInput,
  type HeadObjectCommandOutput,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createLogger } from '../log.ts';
import { createHttpHandler, type NetworkOptions } from '../net/http-handler.ts';
import {
  isExpiredCredentialError,
  StorageError,
  storageErrorFrom,
  type StorageErrorContext,
} from './storage-errors.ts';

const log = createLogger('storage');

/** Credentials as the SDK takes them (the shape of @smithy/types' AwsCredentialIdentity). */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** The session service's view of the role's credentials. refresh() extends the session (may sign in silently). */
export interface CredentialSource {
  get(): Promise<AwsCredentialIdentity>;
  refresh(): Promise<AwsCredentialIdentity>;
}

export interface S3ClientOptions {
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  caCertificatesPem?: readonly string[];
  proxy?: NetworkOptions['proxy'];
  credentials: CredentialSource;
  requestTimeoutMs?: number;
  /** SDK attempts per call (throttling, 5xx, resets); default 4. */
  maxAttempts?: number;
  /** Called once per HTTP attempt (retries included): request counting for tests and benchmarks. */
  onRequest?: (operation: string) => void;
}

export interface TextObject {
  text: string;
  etag: string;
  size: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface StorageS3 {
  listObjectsV2(input: ListObjectsV2CommandInput, options?: CallOptions): Promise<ListObjectsV2CommandOutput>;
  /** GET into memory; refuses objects larger than maxBytes before reading them. */
  getText(input: GetObjectCommandInput, options: CallOptions & { maxBytes: number }): Promise<TextObject>;
  headObject(input: HeadObjectCommandInput, options?: CallOptions): Promise<HeadObjectCommandOutput>;
  putObject(input: PutObjectCommandInput, options?: CallOptions): Promise<PutObjectCommandOutput>;
  /** A presigned GET; the signing time follows S3's clock (the SDK's skew correction), as the URL is checked there. */
  presignGet(
    bucket: string,
    key: string,
    expiresInSeconds: number,
  ): Promise<{ url: string; expiresAt: Date }>;
  destroy(): void;
}

export function createS3Client(options: S3ClientOptions): StorageS3 {
  const requestHandler = createHttpHandler({
    caCertificatesPem: options.caCertificatesPem ?? [],
    proxy: options.proxy,
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  let systemClockOffset = 0;

  const build = (): S3Client => {
    const client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      requestHandler,
      credentials: () => options.credentials.get(),
      maxAttempts: options.maxAttempts ?? 4,
      systemClockOffset,
    });
    const onRequest = options.onRequest;
    if (onRequest)
      client.middlewareStack.add(
        (next, context) => (args) => {
          onRequest(context.commandName ?? 'unknown');
          return next(args);
        },
        { step: 'finalizeRequest', priority: 'low', name: 'storageRequestCounter' },
      );
    return client;
  };
  let client = build();

  // A new client picks up the refreshed credentials (the SDK memoizes the old ones); it shares the
  // handler's sockets and keeps the learned clock skew.
  async function refreshCredentials(): Promise<void> {
    try {
      await options.credentials.refresh();
    } catch (error) {
      throw new StorageError(
        'STORAGE_SESSION_EXPIRED',
        'Your AWS session has expired and could not be extended. Sign in again.',
        { detail: error instanceof Error ? error.message : String(error), cause: error },
      );
    }
    systemClockOffset = client.config.systemClockOffset ?? systemClockOffset;
    client = build();
  }

  async function run<T>(context: StorageErrorContext, call: (c: S3Client) => Promise<T>): Promise<T> {
    try {
      try {
        return await call(client);
      } catch (error) {
        if (!isExpiredCredentialError(error)) throw error;
        log.info(
          `session token refused by S3 (${context.bucket ?? ''}/${context.key ?? context.prefix ?? ''}); extending the session`,
        );
        await refreshCredentials();
        return await call(client);
      }
    } catch (error) {
      const mapped = storageErrorFrom(error, context);
      if (mapped.code !== 'STORAGE_NO_SUCH_KEY' && mapped.code !== 'STORAGE_PRECONDITION_FAILED')
        log.warn(
          `${context.operation} ${context.bucket ?? ''}/${context.key ?? context.prefix ?? ''}: ${mapped.code} (${mapped.detail ?? ''})`,
        );
      throw mapped;
    }
  }

  const abort = (o?: CallOptions) => (o?.signal ? { abortSignal: o.signal } : {});

  return {
    listObjectsV2: (input, o) =>
      run({ operation: 'list', bucket: input.Bucket, prefix: input.Prefix ?? '' }, (c) =>
        c.send(new ListObjectsV2Command(input), abort(o)),
      ),

    getText: (input, o) =>
      run({ operation: 'read', bucket: input.Bucket, key: input.Key }, async (c) => {
        const out = await c.send(new GetObjectCommand(input), abort(o));
        const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
        if ((out.ContentLength ?? 0) > o.maxBytes) {
          body?.destroy?.();
          throw tooLarge(input.Bucket, input.Key, o.maxBytes);
        }
        const chunks: Uint8Array[] = [];
        let size = 0;
        for await (const chunk of body ?? []) {
          size += chunk.byteLength;
          if (size > o.maxBytes) {
            body?.destroy?.();
            throw tooLarge(input.Bucket, input.Key, o.maxBytes);
          }
          chunks.push(chunk);
        }
        return { text: Buffer.concat(chunks).toString('utf8'), etag: out.ETag ?? '', size };
      }),

    headObject: (input, o) =>
      run({ operation: 'read', bucket: input.Bucket, key: input.Key }, (c) =>
        c.send(new HeadObjectCommand(input), abort(o)),
      ),

    putObject: (input, o) =>
      run({ operation: 'write', bucket: input.Bucket, key: input.Key }, (c) =>
        c.send(new PutObjectCommand(input), abort(o)),
      ),

    presignGet: (bucket, key, expiresInSeconds) =>
      run({ operation: 'presign', bucket, key }, async (c) => {
        // A URL dies with the credentials that signed it: never promise a longer life than they have.
        let credentials = await options.credentials.get();
        if (secondsLeft(credentials) < 60) {
          await refreshCredentials();
          c = client;
          credentials = await options.credentials.get();
        }
        const expiresIn = Math.max(1, Math.min(expiresInSeconds, secondsLeft(credentials)));
        const signingDate = new Date(Date.now() + (c.config.systemClockOffset ?? 0));
        const url = await getSignedUrl(c, new GetObjectCommand({ Bucket: bucket, Key: key }), {
          expiresIn,
          signingDate,
        });
        return { url, expiresAt: new Date(Date.now() + expiresIn * 1000) };
      }),

    destroy: () => client.destroy(),
  };
}

function secondsLeft(credentials: AwsCredentialIdentity): number {
  return credentials.expiration
    ? Math.floor((credentials.expiration.getTime() - Date.now()) / 1000)
    : Number.POSITIVE_INFINITY;
}

function tooLarge(bucket: string | undefined, key: string | undefined, maxBytes: number): StorageError {
  return new StorageError(
    'STORAGE_TOO_LARGE',
    `"${key ?? '?'}" in bucket "${bucket ?? '?'}" is larger than ${Math.round(maxBytes / 1_000_000)} MB; split it into smaller task files.`,
  );
}
