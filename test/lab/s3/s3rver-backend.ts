import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from '../http-util.ts';

/**
 * s3rver (npm) runs in-process as the storage and protocol backend behind the lab's S3 front; only
 * the front is reachable by clients, and it checks signatures and policies first.
 *
 * s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers
 * with `--openssl-legacy-provider`: without it, the first page past 1000 keys fails with
 * InternalError. We compile s3rver's bucket controller with an opaque base64 token instead, before
 * s3rver loads it, so listings of any size work with a plain `node`.
 */
const require = createRequire(import.meta.url);

interface S3rverStore {
  putBucket(name: string): Promise<unknown>;
  getBucket(name: string): Promise<unknown>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  getMetadata(bucket: string, key: string): Promise<{ etag: string }>;
  rootDirectory: string;
}

interface S3rverInstance {
  store: S3rverStore;
  run(): Promise<AddressInfo>;
  httpServer: Server;
}

type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const CONTINUATION_TOKEN_FUNCTIONS =
  /function generateContinuationToken[\s\S]*?\n}\n\nfunction decipherContinuationToken[\s\S]*?\n}\n/;
const BASE64_TOKEN_FUNCTIONS = `function generateContinuationToken(bucket, keyName, region) {
  return Buffer.from(\`\${region}/\${bucket}/\${keyName}\`, 'utf8').toString('base64');
}

function decipherContinuationToken(token) {
  return Buffer.from(token, 'base64').toString('utf8');
}
`;

let loaded: S3rverConstructor | undefined;

function loadS3rver(): S3rverConstructor {
  if (loaded) return loaded;
  const controllerPath = require.resolve('s3rver/lib/controllers/bucket.js');
  if (!require.cache[controllerPath]) {
    const source = readFileSync(controllerPath, 'utf8');
    if (!CONTINUATION_TOKEN_FUNCTIONS.test(source)) {
      throw new Error('lab: s3rver changed; review the continuation-token patch in s3rver-backend.ts');
    }
    const ModuleClass = require('node:module') as {
      new (id: string, parent?: unknown): NodeJS.Module & { _compile(code: string, filename: string): void };
      _nodeModulePaths(dir: string): string[];
    };
    const patched = new ModuleClass(controllerPath);
    patched.filename = controllerPath;
    patched.paths = ModuleClass._nodeModulePaths(controllerPath.replace(/[/\\][^/\\]+$/, ''));
    patched._compile(source.replace(CONTINUATION_TOKEN_FUNCTIONS, BASE64_TOKEN_FUNCTIONS), controllerPath);
    patched.loaded = true;
    require.cache[controllerPath] = patched;
  }
  loaded = require('s3rver') as S3rverConstructor;
  return loaded;
}

export interface S3rverBackend {
  /** Loopback URL of s3rver itself; only the front talks to it. */
  url: string;
  store: S3rverStore;
  close(): Promise<void>;
}

export async function startS3rverBackend(options: {
  directory: string;
  buckets: string[];
}): Promise<S3rverBackend> {
  const S3rver = loadS3rver();
  const instance = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: options.directory,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const address = await instance.run();
  return {
    url: `http://127.0.0.1:${address.port}`,
    store: instance.store,
    close: () => closeServer(instance.httpServer),
  };
}
