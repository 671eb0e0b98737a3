import type { AuthorizationRequest } from './policy.ts';

/**
 * Which IAM actions a path-style S3 request needs, on which resource ARN, with which condition
 * keys: the table in the S3 "Actions, resources, and condition keys" page, for the operations the
 * app and s3rver use. Unknown bucket/object sub-resources map to a deny-by-default action name.
 */
export interface S3Request {
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  query: Map<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface S3Operation {
  name: string;
  authorizations: AuthorizationRequest[];
  /** A write that S3 guards with If-Match / If-None-Match. */
  conditionalWrite: boolean;
}

const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
const objectArn = (bucket: string, key: string): string => `arn:aws:s3:::${bucket}/${key}`;
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const BUCKET_SUBRESOURCES = [
  'acl',
  'cors',
  'lifecycle',
  'location',
  'policy',
  'tagging',
  'versioning',
  'website',
  'uploads',
  'versions',
];
const OBJECT_SUBRESOURCES = ['acl', 'tagging', 'uploads', 'uploadId', 'partNumber'];

function subresource(query: Map<string, string>, known: string[]): string | undefined {
  return known.find((name) => query.has(name));
}

function single(
  name: string,
  action: string,
  resource: string,
  context: AuthorizationRequest['context'] = {},
): S3Operation {
  return { name, authorizations: [{ action, resource, context }], conditionalWrite: false };
}

function bucketOperation(request: S3Request, bucket: string): S3Operation {
  const { method, query } = request;
  const sub = subresource(query, BUCKET_SUBRESOURCES);
  const arn = bucketArn(bucket);
  if (method === 'POST' && query.has('delete')) {
    // DeleteObjects: one s3:DeleteObject check per key in the XML body.
    const keys = [...request.body.toString('utf8').matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map(
      (m) => m[1] ?? '',
    );
    return {
      name: 'DeleteObjects',
      authorizations: keys.map((key) => ({
        action: 's3:DeleteObject',
        resource: objectArn(bucket, key),
        context: {},
      })),
      conditionalWrite: false,
    };
  }
  if (method === 'GET' || method === 'HEAD') {
    if (sub === undefined) {
      const listV2 = query.get('list-type') === '2';
      return single(
        method === 'HEAD' ? 'HeadBucket' : listV2 ? 'ListObjectsV2' : 'ListObjects',
        's3:ListBucket',
        arn,
        {
          's3:prefix': query.get('prefix'),
          's3:delimiter': query.get('delimiter'),
          's3:max-keys': query.get('max-keys'),
        },
      );
    }
    if (sub === 'uploads') return single('ListMultipartUploads', 's3:ListBucketMultipartUploads', arn);
    if (sub === 'versions') return single('ListObjectVersions', 's3:ListBucketVersions', arn);
    if (sub === 'location') return single('GetBucketLocation', 's3:GetBucketLocation', arn);
    return single(`GetBucket${capitalize(sub)}`, `s3:GetBucket${capitalize(sub)}`, arn);
  }
  if (method === 'PUT') {
    return sub === undefined
      ? single('CreateBucket', 's3:CreateBucket', arn)
      : single(`PutBucket${capitalize(sub)}`, `s3:PutBucket${capitalize(sub)}`, arn);
  }
  if (method === 'DELETE') {
    return sub === undefined
      ? single('DeleteBucket', 's3:DeleteBucket', arn)
      : single(`DeleteBucket${capitalize(sub)}`, `s3:DeleteBucket${capitalize(sub)}`, arn);
  }
  return single(`${method}Bucket`, `s3:Unsupported${capitalize(method.toLowerCase())}Bucket`, arn);
}

function header(request: S3Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function objectOperation(request: S3Request, bucket: string, key: string): S3Operation {
  const { method, query } = request;
  const sub = subresource(query, OBJECT_SUBRESOURCES);
  const arn = objectArn(bucket, key);
  if (method === 'GET' || method === 'HEAD') {
    if (sub === 'uploadId') return single('ListParts', 's3:ListMultipartUploadParts', arn);
    if (sub === 'acl' || sub === 'tagging')
      return single(`GetObject${capitalize(sub)}`, `s3:GetObject${capitalize(sub)}`, arn);
    return single(method === 'HEAD' ? 'HeadObject' : 'GetObject', 's3:GetObject', arn);
  }
  if (method === 'PUT') {
    if (sub === 'acl' || sub === 'tagging')
      return single(`PutObject${capitalize(sub)}`, `s3:PutObject${capitalize(sub)}`, arn);
    if (sub === 'partNumber' || sub === 'uploadId') return single('UploadPart', 's3:PutObject', arn);
    const copySource = header(request, 'x-amz-copy-source');
    if (copySource) {
      const source = decodeURIComponent(copySource.replace(/^\//, '').split('?')[0] ?? '');
      return {
        name: 'CopyObject',
        authorizations: [
          { action: 's3:PutObject', resource: arn, context: {} },
          { action: 's3:GetObject', resource: `arn:aws:s3:::${source}`, context: {} },
        ],
        conditionalWrite: true,
      };
    }
    return { ...single('PutObject', 's3:PutObject', arn), conditionalWrite: true };
  }
  if (method === 'POST') {
    if (query.has('uploads')) return single('CreateMultipartUpload', 's3:PutObject', arn);
    if (query.has('uploadId'))
      return { ...single('CompleteMultipartUpload', 's3:PutObject', arn), conditionalWrite: true };
  }
  if (method === 'DELETE') {
    if (query.has('uploadId')) return single('AbortMultipartUpload', 's3:AbortMultipartUpload', arn);
    if (sub === 'tagging') return single('DeleteObjectTagging', 's3:DeleteObjectTagging', arn);
    return single('DeleteObject', 's3:DeleteObject', arn);
  }
  return single(`${method}Object`, `s3:Unsupported${capitalize(method.toLowerCase())}Object`, arn);
}

export function classifyS3Request(request: S3Request): S3Operation {
  if (request.bucket === undefined) return single('ListBuckets', 's3:ListAllMyBuckets', '*');
  if (request.key === undefined) return bucketOperation(request, request.bucket);
  return objectOperation(request, request.bucket, request.key);
}
