import { describe, expect, it, vi } from 'vitest';
import type { S3Ref } from './s3-references.ts';
import { findS3Uris, parseS3Uri, resolveReferences } from './s3-references.ts';
import { TaskError } from './task-error.ts';

const task = {
  image: 's3://acme-labeling/media/cat 01 ünï.jpg',
  caption: 'see s3://acme-labeling/not-a-reference.jpg in prose',
  pages: [{ page: 's3://acme-labeling/docs/p1.png' }, { page: 's3://acme-labeling/docs/p2.png' }],
  nested: { deeper: { list: [['s3://acme-labeling/media/cat 01 ünï.jpg', 42, null, true]] } },
  encoded: 's3://acme-labeling/media/my%20photo.jpg',
  http: 'https://example.com/a.jpg',
  count: 3,
};

describe('parseS3Uri', () => {
  it('takes the key literally, as Label Studio does (spaces, unicode, %20 and ? stay as they are)', () => {
    expect(parseS3Uri('s3://acme-labeling/media/my%20photo.jpg')).toEqual({
      bucket: 'acme-labeling',
      key: 'media/my%20photo.jpg',
      uri: 's3://acme-labeling/media/my%20photo.jpg',
    });
    expect(parseS3Uri('s3://acme-labeling/a b/ünï?x=1#y').key).toBe('a b/ünï?x=1#y');
  });

  it.each([
    ['s3://acme-labeling', 'S3_URI_INVALID'],
    ['s3://acme-labeling/', 'KEY_EMPTY'],
    ['s3://Acme/x', 'BUCKET_NAME_INVALID'],
    ['s3://acme-labeling/a/../b', 'KEY_TRAVERSAL'],
    ['gs://acme-labeling/a', 'SCHEME_NOT_ALLOWED'],
    ['acme-labeling/a', 'S3_URI_INVALID'],
  ])('refuses %s (%s)', (uri, code) => {
    expect(() => parseS3Uri(uri)).toThrow(expect.objectContaining({ code }));
  });
});

describe('findS3Uris', () => {
  it('finds every s3:// string value at any depth, once each, in order; ignores prose and non-strings', () => {
    expect(findS3Uris(task)).toEqual([
      's3://acme-labeling/media/cat 01 ünï.jpg',
      's3://acme-labeling/docs/p1.png',
      's3://acme-labeling/docs/p2.png',
      's3://acme-labeling/media/my%20photo.jpg',
    ]);
    expect(findS3Uris(null)).toEqual([]);
    expect(findS3Uris('s3://acme-labeling/top.jpg')).toEqual(['s3://acme-labeling/top.jpg']);
  });
});

describe('resolveReferences', () => {
  const presign = vi.fn(
    async (ref: S3Ref) => `https://signed.example/${ref.bucket}/${encodeURIComponent(ref.key)}?sig=1`,
  );

  it('returns a new object with every reference replaced, presigning each distinct one once', async () => {
    presign.mockClear();
    const before = structuredClone(task);
    const resolved = await resolveReferences(task, presign);
    expect(task).toEqual(before); // the stored data keeps its s3:// URIs
    expect(resolved.image).toBe(
      'https://signed.example/acme-labeling/media%2Fcat%2001%20%C3%BCn%C3%AF.jpg?sig=1',
    );
    expect(resolved.nested.deeper.list[0]).toEqual([resolved.image, 42, null, true]);
    expect(resolved.pages.map((p) => p.page)).toEqual([
      'https://signed.example/acme-labeling/docs%2Fp1.png?sig=1',
      'https://signed.example/acme-labeling/docs%2Fp2.png?sig=1',
    ]);
    expect(resolved.caption).toBe(task.caption);
    expect(resolved.http).toBe(task.http);
    expect(resolved.count).toBe(3);
    expect(presign).toHaveBeenCalledTimes(4);
    expect(resolved.pages).not.toBe(task.pages);
  });

  it('refuses the whole task when one reference is malformed, before presigning anything', async () => {
    presign.mockClear();
    const bad = { a: 's3://acme-labeling/ok.jpg', b: ['s3://acme-labeling/../../etc'] };
    await expect(resolveReferences(bad, presign)).rejects.toBeInstanceOf(TaskError);
    expect(presign).not.toHaveBeenCalled();
  });

  it('treats keys named like object prototypes as plain data', async () => {
    const data = JSON.parse('{"__proto__": {"x": "s3://acme-labeling/p.jpg"}}') as Record<string, unknown>;
    const resolved = await resolveReferences(data, async () => 'https://signed.example/p');
    expect(Object.getPrototypeOf(resolved)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(resolved, '__proto__')?.value).toEqual({
      x: 'https://signed.example/p',
    });
  });
});
