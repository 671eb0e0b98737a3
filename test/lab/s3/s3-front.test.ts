import {
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type AwsCredentials, type Lab } from '../lab.ts';

let lab: Lab;
let roleA: AwsCredentials;
const clients: S3Client[] = [];

function s3(credentials: AwsCredentials): S3Client {
  const client = new S3Client({
    endpoint: lab.s3.endpoint,
    region: lab.s3.region,
    forcePathStyle: true,
    credentials,
  });
  clients.push(client);
  return client;
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string }> {
  const error = await promise.then(
    () => {
      throw new Error('S3 accepted what AWS refuses');
    },
    (e: unknown) => e as { name: string; message: string; $metadata?: { httpStatusCode?: number } },
  );
  return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
}

async function fetchCode(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; code: string | undefined; message: string | undefined }> {
  const response = await fetch(url, init);
  const body = await response.text();
  return {
    status: response.status,
    code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1],
  };
}

const A = 'team-vision/';
const B = 'team-language/';

beforeAll(async () => {
  lab = await startLab({ data: 'sample' });
  roleA = lab.credentials.forRole(lab.roles.visionAnnotator);
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await lab.close();
});
beforeEach(() => lab.clock.reset());

const key = (name: string): string => `${A}tests/${name}`;

describe('IAM policy per role', () => {
  it('role A lists, reads and writes its own prefix', async () => {
    const client = s3(roleA);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: A }));
    expect(listed.Contents?.map((c) => c.Key)).toContain('team-vision/shapes-boxes/tasks/tasks.json');
    const tasks = await client.send(
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-boxes/tasks/tasks.json' }),
    );
    expect(JSON.parse(await tasks.Body!.transformToString())).toHaveLength(4);
    await client.send(new PutObjectCommand({ Bucket: lab.s3.bucket, Key: key('own.json'), Body: '{}' }));
  });

  it('role A gets AccessDenied on role B prefix for list, GET and PUT, signed and presigned', async () => {
    const client = s3(roleA);
    const bKey = 'team-language/news-ner/tasks/0001.json';
    expect(
      await refusal(client.send(new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: B }))),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(
      await refusal(client.send(new GetObjectCommand({ Bucket: lab.s3.bucket, Key: bKey }))),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(
      await refusal(
        client.send(new PutObjectCommand({ Bucket: lab.s3.bucket, Key: `${B}intrusion.json`, Body: '{}' })),
      ),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });

    const presignedGet = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: bKey }),
      { expiresIn: 300 },
    );
    expect(await fetchCode(presignedGet)).toMatchObject({ status: 403, code: 'AccessDenied' });
    const presignedPut = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: lab.s3.bucket, Key: `${B}intrusion.json` }),
      { expiresIn: 300 },
    );
    expect(await fetchCode(presignedPut, { method: 'PUT', body: '{}' })).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
    const presignedList = await getSignedUrl(
      client,
      new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: B }),
      { expiresIn: 300 },
    );
    expect(await fetchCode(presignedList)).toMatchObject({ status: 403, code: 'AccessDenied' });
    // …and the admin sees that nothing was written.
    const admin = s3(lab.credentials.admin);
    expect(
      await refusal(admin.send(new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${B}intrusion.json` }))),
    ).toMatchObject({ name: 'NoSuchKey' });
  });

  it('a listing without the s3:prefix condition (whole bucket, HeadBucket) is denied', async () => {
    const client = s3(roleA);
    expect(await refusal(client.send(new ListObjectsV2Command({ Bucket: lab.s3.bucket })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });
    expect(await refusal(client.send(new HeadBucketCommand({ Bucket: lab.s3.bucket })))).toMatchObject({
      status: 403,
    });
  });

  it('a read-only role may read but not write', async () => {
    const reviewer = s3(lab.credentials.forRole(lab.roles.visionReviewer));
    await reviewer.send(
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-boxes/config.xml' }),
    );
    expect(
      await refusal(
        reviewer.send(new PutObjectCommand({ Bucket: lab.s3.bucket, Key: key('reviewer.json'), Body: '{}' })),
      ),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('presigned URLs for role A objects work in a plain HTTP client, response overrides included', async () => {
    const url = await getSignedUrl(
      s3(roleA),
      new GetObjectCommand({
        Bucket: lab.s3.bucket,
        Key: 'team-vision/shapes-boxes/media/scene-1.png',
        ResponseContentType: 'image/x-lab',
      }),
      { expiresIn: 60 },
    );
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/x-lab');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });
});

describe('SigV4 verification', () => {
  it('SignatureDoesNotMatch (403) for a wrong secret, header-signed and presigned', async () => {
    const wrong = s3({ ...roleA, secretAccessKey: 'not-the-secret' });
    expect(
      await refusal(
        wrong.send(
          new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-boxes/config.xml' }),
        ),
      ),
    ).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    const url = await getSignedUrl(
      wrong,
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-boxes/config.xml' }),
      { expiresIn: 60 },
    );
    expect(await fetchCode(url)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('SignatureDoesNotMatch (403) for tampered presigned URLs: other key, longer expiry, extra parameter', async () => {
    const url = await getSignedUrl(
      s3(roleA),
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-boxes/config.xml' }),
      { expiresIn: 60 },
    );
    expect((await fetch(url)).status).toBe(200);
    expect(await fetchCode(url.replace('config.xml', 'tasks/tasks.json'))).toMatchObject({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    expect(await fetchCode(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=3600'))).toMatchObject({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    expect(await fetchCode(`${url}&response-content-type=text%2Fhtml`)).toMatchObject({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(url)?.[1] ?? '';
    const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
    expect(await fetchCode(url.replace(signature, flipped))).toMatchObject({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
  });

  it('AccessDenied "Request has expired" (403) for an expired presigned URL; X-Amz-Expires above a week is refused', async () => {
    const client = s3(roleA);
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-boxes/config.xml' }),
      { expiresIn: 60 },
    );
    lab.clock.advance(61);
    expect(await fetchCode(url)).toEqual({
      status: 403,
      code: 'AccessDenied',
      message: 'Request has expired',
    });
    lab.clock.reset();
    const week = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-boxes/config.xml' }),
      { expiresIn: 604800 },
    );
    expect((await fetch(week)).status).toBe(200);
    expect(await fetchCode(week.replace('X-Amz-Expires=604800', 'X-Amz-Expires=604801'))).toMatchObject({
      status: 400,
      code: 'AuthorizationQueryParametersError',
    });
  });

  it('ExpiredToken (400) for expired session credentials, header-signed and presigned', async () => {
    const expired = lab.credentials.forRole(lab.roles.visionAnnotator, { expiresInSeconds: -1 });
    const client = s3(expired);
    expect(
      await refusal(client.send(new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: A }))),
    ).toMatchObject({ name: 'ExpiredToken', status: 400 });
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-boxes/config.xml' }),
      { expiresIn: 60 },
    );
    expect(await fetchCode(url)).toMatchObject({ status: 400, code: 'ExpiredToken' });
  });

  it('credentials from STS expire with the lab clock', async () => {
    const credentials = await lab.assumeRole('annotator', lab.roles.visionAnnotator);
    const client = s3(credentials);
    await client.send(new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: A }));
    lab.clock.advance(3601);
    expect(
      await refusal(client.send(new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: A }))),
    ).toMatchObject({ name: 'ExpiredToken', status: 400 });
  });

  it('InvalidAccessKeyId for an unknown key or a missing session token, InvalidToken for a wrong one', async () => {
    const get = (credentials: AwsCredentials) =>
      refusal(
        s3(credentials).send(
          new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-boxes/config.xml' }),
        ),
      );
    expect(
      await get({ accessKeyId: 'ASIAUNKNOWNUNKNOWN00', secretAccessKey: 'x', sessionToken: 'y' }),
    ).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    expect(
      await get({ accessKeyId: roleA.accessKeyId, secretAccessKey: roleA.secretAccessKey }),
    ).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    expect(await get({ ...roleA, sessionToken: 'forged' })).toMatchObject({
      name: 'InvalidToken',
      status: 400,
    });
  });

  it('anonymous requests, skewed clocks and payloads that do not match their hash are refused', async () => {
    expect(
      await fetchCode(`${lab.s3.endpoint}/${lab.s3.bucket}/team-vision/shapes-boxes/config.xml`),
    ).toMatchObject({ status: 403, code: 'AccessDenied' });
    lab.clock.advance(16 * 60);
    const skewed = new URL(
      await getSignedUrl(s3(roleA), new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: A }), {
        expiresIn: 60,
      }),
    );
    const headerSigned = await fetch(`${lab.s3.endpoint}/${lab.s3.bucket}?list-type=2`, {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${roleA.accessKeyId}/${skewed.searchParams.get('X-Amz-Date')?.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
        'x-amz-date': skewed.searchParams.get('X-Amz-Date') ?? '',
        'x-amz-security-token': roleA.sessionToken ?? '',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      },
    });
    expect(headerSigned.status).toBe(403);
    expect(await headerSigned.text()).toContain('<Code>RequestTimeTooSkewed</Code>');
    // Like with AWS, the SDK corrects its clock from the Date header of that answer and retries.
    const corrected = await s3(roleA).send(new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: A }));
    expect(corrected.$metadata.attempts).toBe(2);
    lab.clock.reset();
    // Signed (with the SDK's signer) for one body, sent with another.
    const url = new URL(`${lab.s3.endpoint}/${lab.s3.bucket}/${key('tampered.json')}`);
    const signer = new SignatureV4({
      service: 's3',
      region: lab.s3.region,
      credentials: roleA,
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
    });
    const signed = await signer.sign({
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: {
        host: url.host,
        'x-amz-content-sha256': createHash('sha256').update('{"a":1}').digest('hex'),
      },
      body: '{"a":1}',
    });
    const response = await fetch(url, { method: 'PUT', headers: signed.headers, body: '{"a":2}' });
    expect(/<Code>(\w+)</.exec(await response.text())?.[1]).toBe('XAmzContentSHA256Mismatch');
    expect(response.status).toBe(400);
  });
});

describe('conditional writes', () => {
  it('If-None-Match: * creates once, then 412 PreconditionFailed', async () => {
    const client = s3(roleA);
    await client.send(
      new PutObjectCommand({ Bucket: lab.s3.bucket, Key: key('once.json'), Body: '1', IfNoneMatch: '*' }),
    );
    expect(
      await refusal(
        client.send(
          new PutObjectCommand({ Bucket: lab.s3.bucket, Key: key('once.json'), Body: '2', IfNoneMatch: '*' }),
        ),
      ),
    ).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    const body = await (
      await client.send(new GetObjectCommand({ Bucket: lab.s3.bucket, Key: key('once.json') }))
    ).Body!.transformToString();
    expect(body).toBe('1');
  });

  it('If-Match: the current ETag wins, a stale one gets 412, a missing key 404', async () => {
    const client = s3(roleA);
    const first = await client.send(
      new PutObjectCommand({ Bucket: lab.s3.bucket, Key: key('etag.json'), Body: 'v1' }),
    );
    const second = await client.send(
      new PutObjectCommand({ Bucket: lab.s3.bucket, Key: key('etag.json'), Body: 'v2', IfMatch: first.ETag }),
    );
    expect(second.ETag).not.toBe(first.ETag);
    expect(
      await refusal(
        client.send(
          new PutObjectCommand({
            Bucket: lab.s3.bucket,
            Key: key('etag.json'),
            Body: 'v3',
            IfMatch: first.ETag,
          }),
        ),
      ),
    ).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(
      await refusal(
        client.send(
          new PutObjectCommand({
            Bucket: lab.s3.bucket,
            Key: key('nothing.json'),
            Body: 'v1',
            IfMatch: first.ETag,
          }),
        ),
      ),
    ).toMatchObject({ name: 'NoSuchKey', status: 404 });
    expect(
      await refusal(
        client.send(
          new GetObjectCommand({ Bucket: lab.s3.bucket, Key: key('etag.json'), IfMatch: first.ETag }),
        ),
      ),
    ).toMatchObject({ status: 412 });
  });

  it('of concurrent If-None-Match writers exactly one wins', async () => {
    const client = s3(roleA);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        client.send(
          new PutObjectCommand({
            Bucket: lab.s3.bucket,
            Key: key('race.json'),
            Body: `writer ${i}`,
            IfNoneMatch: '*',
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.name),
    ).toEqual(Array(7).fill('PreconditionFailed'));
  });
});

describe('protocol details s3rver lacks', () => {
  it('streamed uploads (aws-chunked with a trailing checksum) store the plain bytes', async () => {
    const client = s3(roleA);
    const content = 'streamed '.repeat(1000);
    await client.send(
      new PutObjectCommand({
        Bucket: lab.s3.bucket,
        Key: key('stream.txt'),
        Body: Readable.from([Buffer.from(content)]),
        ContentLength: content.length,
      }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: lab.s3.bucket, Key: key('stream.txt') }));
    expect(await got.Body!.transformToString()).toBe(content);
  });

  it('lists past 1000 keys page by page with a plain node (no --openssl-legacy-provider)', async () => {
    expect(process.execArgv.join(' ') + (process.env['NODE_OPTIONS'] ?? '')).not.toContain(
      'openssl-legacy-provider',
    );
    const generated = await lab.generateBulkPrefix(`${A}bench/`, 2500);
    const keys: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2(
      { client: s3(roleA) },
      { Bucket: lab.s3.bucket, Prefix: `${A}bench/` },
    )) {
      pages += 1;
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
    }
    expect(pages).toBe(3);
    expect(keys).toHaveLength(2500);
    expect(new Set(keys).size).toBe(2500);
    expect(keys[0]).toBe(generated.firstKey);
    expect(keys.at(-1)).toBe(generated.lastKey);
  });
});
