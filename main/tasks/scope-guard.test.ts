import { describe, expect, it } from 'vitest';
import { parseProjectsConfig } from './project-config.ts';
import type { Project } from './project-config.ts';
import { checkObjectAccess, checkUriAccess } from './scope-guard.ts';
import type { TaskErrorCode } from './task-error.ts';
import { rawConfig, rawProject } from './test-support/projects.ts';

function projects(...raw: Record<string, unknown>[]): Project[] {
  const result = parseProjectsConfig(rawConfig(raw));
  if (!result.ok) throw result.error;
  return result.value.workspaces.flatMap((w) => w.projects);
}

const mine = projects(
  rawProject({ mediaPrefixes: ['media/street'], labelingConfig: { s3Key: 'configs/street.xml' } }),
  rawProject({ id: 'docs', bucket: 'acme-docs', taskPrefix: 'in', targetPrefix: 'out' }),
);

function codeOf(uri: string, purpose: 'read' | 'write' = 'read'): TaskErrorCode | 'ok' {
  const decision = checkUriAccess(mine, uri, purpose);
  return decision.ok ? 'ok' : decision.error.code;
}

describe('checkUriAccess: what a project may read and write', () => {
  it.each([
    ['s3://acme-labeling/street/tasks/batch-1.jsonl', 'read'],
    ['s3://acme-labeling/street/tasks/deep/dir/ünïcödé photo (1).jpg', 'read'],
    ['s3://acme-labeling/street/tasks/my%20photo.jpg', 'read'],
    ['s3://acme-labeling/street/annotations/cats-0123456789abcdef.json', 'read'],
    ['s3://acme-labeling/media/street/cam1/0001.jpg', 'read'],
    ['s3://acme-labeling/configs/street.xml', 'read'],
    ['s3://acme-labeling/street/annotations/cats-0123456789abcdef.json', 'write'],
    ['s3://acme-labeling/street/annotations/.claims/cats-0123456789abcdef.json', 'write'],
    ['s3://acme-docs/in/a.json', 'read'],
  ] as const)('allows %s (%s)', (uri, purpose) => {
    expect(codeOf(uri, purpose)).toBe('ok');
  });

  it('says which project approved the access', () => {
    const decision = checkUriAccess(mine, 's3://acme-docs/out/x.json', 'write');
    expect(decision.ok && decision.project.id).toBe('docs');
  });

  // Keys and URIs a hostile or broken task file might carry, each with the code it must be refused with.
  const hostile: [string, TaskErrorCode, ('read' | 'write')?][] = [
    ['s3://acme-labeling/street/tasks/../../secrets/key.pem', 'KEY_TRAVERSAL'],
    ['s3://acme-labeling/street/tasks/..', 'KEY_TRAVERSAL'],
    ['s3://acme-labeling/street/tasks/./a.jpg', 'KEY_TRAVERSAL'],
    ['s3://acme-labeling/street/tasks/%2e%2e/%2e%2e/secrets', 'KEY_ENCODED_SEPARATOR'],
    ['s3://acme-labeling/street/tasks/%2E%2E%2Fsecrets', 'KEY_ENCODED_SEPARATOR'],
    ['s3://acme-labeling/street/tasks/..%2fsecrets', 'KEY_ENCODED_SEPARATOR'],
    ['s3://acme-labeling/street/tasks/%252e%252e/secrets', 'KEY_ENCODED_SEPARATOR'],
    ['s3://acme-labeling/street/tasks/a%5c..%5csecrets', 'KEY_ENCODED_SEPARATOR'],
    ['s3://acme-labeling/street/tasks/a%00.jpg', 'KEY_ENCODED_SEPARATOR'],
    ['s3://acme-labeling/street/tasks/\uff0e\uff0e/secrets', 'KEY_TRAVERSAL'],
    ['s3://acme-labeling/street/tasks\\..\\secrets', 'KEY_BACKSLASH'],
    ['s3://acme-labeling/street/tasks/a\u0000.jpg', 'KEY_CONTROL_CHAR'],
    ['s3://acme-labeling/street/tasks/a\n.jpg', 'KEY_CONTROL_CHAR'],
    ['s3://acme-labeling/street/tasks/a\u0085.jpg', 'KEY_CONTROL_CHAR'],
    ['s3://acme-labeling//street/tasks/a.jpg', 'KEY_EMPTY_SEGMENT'],
    ['s3://acme-labeling/street//tasks/a.jpg', 'KEY_EMPTY_SEGMENT'],
    ['s3://acme-labeling/', 'KEY_EMPTY'],
    [`s3://acme-labeling/street/tasks/${'a'.repeat(1012)}`, 'KEY_TOO_LONG'],
    // 1009 bytes of ASCII + 8 two-byte characters = 1025 bytes, though only 1017 characters.
    [`s3://acme-labeling/street/tasks/${'a'.repeat(996)}${'é'.repeat(8)}`, 'KEY_TOO_LONG'],
    ['s3://other-bucket/street/tasks/a.jpg', 'BUCKET_NOT_IN_PROJECT'],
    ['s3://ACME-LABELING/street/tasks/a.jpg', 'BUCKET_NAME_INVALID'],
    ['s3://acme_labeling/street/tasks/a.jpg', 'BUCKET_NAME_INVALID'],
    ['s3://192.168.1.1/street/tasks/a.jpg', 'BUCKET_NAME_INVALID'],
    ['s3://acme-labeling', 'S3_URI_INVALID'],
    ['s3:///street/tasks/a.jpg', 'S3_URI_INVALID'],
    ['https://acme-labeling.s3.amazonaws.com/street/tasks/a.jpg', 'SCHEME_NOT_ALLOWED'],
    ['file:///etc/passwd', 'SCHEME_NOT_ALLOWED'],
    ['s3a://acme-labeling/street/tasks/a.jpg', 'SCHEME_NOT_ALLOWED'],
    ['S3://acme-labeling/street/tasks/a.jpg', 'SCHEME_NOT_ALLOWED'],
    ['javascript:alert(1)', 'SCHEME_NOT_ALLOWED'],
    ['/street/tasks/a.jpg', 'S3_URI_INVALID'],
    ['s3://acme-labeling/street/tasks-old/a.jpg', 'KEY_OUTSIDE_PROJECT'],
    ['s3://acme-labeling/street/tasks', 'KEY_OUTSIDE_PROJECT'],
    ['s3://acme-labeling/secrets/key.pem', 'KEY_OUTSIDE_PROJECT'],
    ['s3://acme-docs/street/tasks/a.json', 'KEY_OUTSIDE_PROJECT'],
    ['s3://acme-labeling/street/tasks/a.json', 'WRITE_OUTSIDE_TARGET', 'write'],
    ['s3://acme-labeling/media/street/a.jpg', 'WRITE_OUTSIDE_TARGET', 'write'],
    ['s3://acme-labeling/configs/street.xml', 'WRITE_OUTSIDE_TARGET', 'write'],
    ['s3://acme-labeling/street/annotations-evil/a.json', 'WRITE_OUTSIDE_TARGET', 'write'],
  ];

  const labelled = hostile.map(
    ([uri, code, purpose]) => [JSON.stringify(uri).slice(0, 90), uri, code, purpose] as const,
  );
  it.each(labelled)('refuses %s with %s', (_label, uri, code, purpose) => {
    expect(codeOf(uri, purpose)).toBe(code);
  });

  it("allows a key of exactly 1024 bytes, S3's own limit", () => {
    expect(codeOf(`s3://acme-labeling/street/tasks/${'a'.repeat(1011)}`)).toBe('ok');
  });

  it('has a hostile list long enough to mean something', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(20);
  });

  it('gives messages that name the problem without echoing unbounded input', () => {
    const decision = checkUriAccess(mine, `s3://acme-labeling/${'x'.repeat(5000)}`, 'read');
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.error.message).toContain("longer than S3's limit of 1024 bytes");
    expect(decision.error.message.length).toBeLessThan(300);
  });

  it('refuses everything when the role may open no project', () => {
    const decision = checkObjectAccess([], { bucket: 'acme-labeling', key: 'street/tasks/a.json' }, 'read');
    expect(decision.ok ? 'ok' : decision.error.code).toBe('NO_PROJECT_FOR_ROLE');
  });

  it('treats an empty task prefix as the whole bucket for reads, never for writes', () => {
    const whole = projects(rawProject({ taskPrefix: '', targetPrefix: 'out' }));
    expect(checkObjectAccess(whole, { bucket: 'acme-labeling', key: 'any/where.jpg' }, 'read').ok).toBe(true);
    expect(checkObjectAccess(whole, { bucket: 'acme-labeling', key: 'any/where.jpg' }, 'write').ok).toBe(
      false,
    );
  });
});
