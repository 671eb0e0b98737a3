/**
 * The S3 client every storage service uses: the role's temporary credentials, the project's endpoint,
 * the corporate CAs (through the app's HTTP handler), and errors mapped to StorageError. When S3 says
 * the session token expired, the session is extended once (CredentialSource.refresh) and the call is
 * retried once; throttling, 5xx, resets and timeouts are retried by the SDK's standard strategy
 * (exponential backoff with full jitter, maxAttempts). Every call also has a total deadline (see
 * NetworkTimeouts), so a stalled network ends in STORAGE_TIMEOUT, never in a spinner.
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
import {
  createHttpHandler,
  resolveTimeouts,
  type NetworkOptions,
  type NetworkTimeouts,
} from '../net/http-handler.ts';
import {
  deadlineError,
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
  /** The OS proxy settings / PAC and the environment; default: the process's (see http-handler.ts). */
  systemProxy?: NetworkOptions['systemProxy'];
  env?: NetworkOptions['env'];
  credentials: CredentialSource;
  /** Connect, first byte, whole call (defaults in DEFAULT_TIMEOUTS). */
  timeouts?: Partial<NetworkTimeouts>;
  /** SDK attempts per call (throttling, 5xx, resets, timeouts), with its backoff and jitter; default 4. */
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

/** A GET whose body is read as it arrives (media served to the window, written to the cache). */
export interface ObjectStream {
  body: AsyncIterable<Uint8Array> & { destroy?: () => void };
  /** Bytes in this answer (the range's, for a 206). */
  contentLength: number | undefined;
  contentType: string | undefined;
  /** `bytes a-b/total` for a ranged answer. */
  contentRange: string | undefined;
  etag: string;
}

export interface StorageS3 {
  listObjectsV2(input: ListObjectsV2CommandInput, options?: CallOptions): Promise<ListObjectsV2CommandOutput>;
  /** GET into memory; refuses objects larger than maxBytes before reading them. */
  getText(input: GetObjectCommandInput, options: CallOptions & { maxBytes: number }): Promise<TextObject>;
  headObject(input: HeadObjectCommandInput, options?: CallOptions): Promise<HeadObjectCommandOutput>;
  /**
   * GET with the body as a stream (`Range` passes through): the deadline covers the answer's headers;
   * the body then flows at the reader's pace, and `signal` stops it.
   */
  getStream(input: GetObjectCommandInput, options?: CallOptions): Promise<ObjectStream>;
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
  const timeouts = resolveTimeouts(options.timeouts);
  const requestHandler = createHttpHandler({
    caCertificatesPem: options.caCertificatesPem ?? [],
    proxy: options.proxy,
    systemProxy: options.systemProxy,
    env: options.env,
    timeouts,
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

  // Every call ends by the total deadline, whatever the SDK is doing (waiting, retrying, reading a
  // trickling body): the race settles at once, the abort tears the request and the body down.
  async function run<T>(
    context: StorageErrorContext,
    o: CallOptions | undefined,
    call: (c: S3Client, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const deadline = new AbortController();
    const signal = o?.signal ? AbortSignal.any([o.signal, deadline.signal]) : deadline.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        deadline.abort();
        reject(deadlineError(context, timeouts.totalMs));
      }, timeouts.totalMs);
    });
    const attempt = async (): Promise<T> => {
      try {
        return await call(client, signal);
      } catch (error) {
        if (!isExpiredCredentialError(error)) throw error;
        log.info(
          `session token refused by S3 (${context.bucket ?? ''}/${context.key ?? context.prefix ?? ''}); extending the session`,
        );
        await refreshCredentials();
        return await call(client, signal);
      }
    };
    try {
      const work = attempt();
      work.catch(() => undefined); // settled after the deadline won: nobody listens any more
      return await Promise.race([work, expired]);
    } catch (error) {
      const mapped = storageErrorFrom(error, context);
      if (mapped.code !== 'STORAGE_NO_SUCH_KEY' && mapped.code !== 'STORAGE_PRECONDITION_FAILED')
        log.warn(
          `${context.operation} ${context.bucket ?? ''}/${context.key ?? context.prefix ?? ''}: ${mapped.code} (${mapped.detail ?? ''})`,
        );
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    listObjectsV2: (input, o) =>
      run({ operation: 'list', bucket: input.Bucket, prefix: input.Prefix ?? '' }, o, (c, abortSignal) =>
        c.send(new ListObjectsV2Command(input), { abortSignal }),
      ),

    getText: (input, o) =>
      run({ operation: 'read', bucket: input.Bucket, key: input.Key }, o, async (c, abortSignal) => {
        const out = await c.send(new GetObjectCommand(input), { abortSignal });
        const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
        // The SDK hands the body over once the headers are in; stopping its read is ours.
        abortSignal.addEventListener('abort', () => body?.destroy?.(), { once: true });
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
      run({ operation: 'read', bucket: input.Bucket, key: input.Key }, o, (c, abortSignal) =>
        c.send(new HeadObjectCommand(input), { abortSignal }),
      ),

    getStream: (input, o) =>
      run({ operation: 'read', bucket: input.Bucket, key: input.Key }, o, async (c, abortSignal) => {
        const out = await c.send(new GetObjectCommand(input), { abortSignal });
        const body = (out.Body ?? emptyBody()) as ObjectStream['body'];
        o?.signal?.addEventListener('abort', () => body.destroy?.(), { once: true });
        return {
          body,
          contentLength: out.ContentLength,
          contentType: out.ContentType,
          contentRange: out.ContentRange,
          etag: out.ETag ?? '',
        };
      }),

    putObject: (input, o) =>
      run({ operation: 'write', bucket: input.Bucket, key: input.Key }, o, (c, abortSignal) =>
        c.send(new PutObjectCommand(input), { abortSignal }),
      ),

    presignGet: (bucket, key, expiresInSeconds) =>
      run({ operation: 'presign', bucket, key }, undefined, async (c) => {
        // A URL dies with the credentials that signed it: never promise a longer life than they have.
        let credentials = await options.credentials.get();
        if (secondsLeft(credentials) < 60) {
          await refreshCredentials();
          c = client;
          credentials = await options.credentials.get();
        }
        const expiresIn = Math.max(1, Math.min(expiresInSeconds, secondsLeft(credentials)));
        const signingDate = new Date(Date.now() + (c.config.systemClockOffset ?? 0));
        // no-store rides in the signed URL (S3 answers with it): no Chromium profile, in memory or
        // on disk, keeps task media or the URL's key id and token in its HTTP cache.
        const command = new GetObjectCommand({ Bucket: bucket, Key: key, ResponseCacheControl: 'no-store' });
        const url = await getSignedUrl(c, command, {
          expiresIn,
          signingDate,
        });
        return { url, expiresAt: new Date(Date.now() + expiresIn * 1000) };
      }),

    destroy: () => client.destroy(),
  };
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

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
