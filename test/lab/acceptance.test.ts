import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from './lab.ts';

// The acceptance path end to end with the real PHP IdP: SimpleSAMLphp login → captured
// response → STS credentials → S3 under the role's policy.
let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ idp: 'simplesamlphp', data: 'sample' });
});
afterAll(() => lab.close());

it('SimpleSAMLphp login → STS → role A reads its prefix and is denied role B’s, signed and presigned', async () => {
  const { samlResponse, acsUrl } = await lab.idp.signIn('annotator', lab.password);
  expect(acsUrl).toBe('https://signin.aws.amazon.com/saml');

  const sts = new STSClient({ endpoint: lab.sts.endpoint, region: lab.sts.region });
  const { Credentials } = await sts.send(
    new AssumeRoleWithSAMLCommand({
      RoleArn: lab.roles.visionAnnotator.arn,
      PrincipalArn: lab.providerArnFor(lab.roles.visionAnnotator),
      SAMLAssertion: samlResponse,
    }),
  );
  sts.destroy();
  const s3 = new S3Client({
    endpoint: lab.s3.endpoint,
    region: lab.s3.region,
    forcePathStyle: lab.s3.forcePathStyle,
    credentials: {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    },
  });
  try {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: lab.prefixes.vision }),
    );
    const keys = (listed.Contents ?? []).map((c) => c.Key);
    expect(keys).toContain('team-vision/shapes-boxes/tasks/tasks.json');
    expect(keys.every((k) => k?.startsWith(lab.prefixes.vision))).toBe(true);
    const config = await s3.send(
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-boxes/config.xml' }),
    );
    expect(await config.Body!.transformToString()).toContain('<RectangleLabels');
    const ownUrl = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-vision/shapes-polygons/images/scene-5.png' }),
      { expiresIn: 120 },
    );
    expect((await fetch(ownUrl)).status).toBe(200);

    const denied = async (promise: Promise<unknown>) =>
      (
        await promise.then(
          () => undefined,
          (e: { name: string }) => e,
        )
      )?.name;
    const bKey = 'team-language/news-ner/tasks/0001.json';
    expect(
      await denied(
        s3.send(new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: lab.prefixes.language })),
      ),
    ).toBe('AccessDenied');
    expect(await denied(s3.send(new GetObjectCommand({ Bucket: lab.s3.bucket, Key: bKey })))).toBe(
      'AccessDenied',
    );
    expect(
      await denied(
        s3.send(new PutObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-language/x.json', Body: '{}' })),
      ),
    ).toBe('AccessDenied');
    const presigned = {
      list: await getSignedUrl(
        s3,
        new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: lab.prefixes.language }),
        { expiresIn: 120 },
      ),
      get: await getSignedUrl(s3, new GetObjectCommand({ Bucket: lab.s3.bucket, Key: bKey }), {
        expiresIn: 120,
      }),
      put: await getSignedUrl(
        s3,
        new PutObjectCommand({ Bucket: lab.s3.bucket, Key: 'team-language/x.json' }),
        { expiresIn: 120 },
      ),
    };
    for (const [name, url] of Object.entries(presigned)) {
      const response = await fetch(url, name === 'put' ? { method: 'PUT', body: '{}' } : {});
      expect([name, response.status, /<Code>(\w+)</.exec(await response.text())?.[1]]).toEqual([
        name,
        403,
        'AccessDenied',
      ]);
    }
  } finally {
    s3.destroy();
  }
});
