import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, redact, setLogSinks } from './log.ts';

describe('log redaction', () => {
  it.each([
    ['key ASIAQWERTYUIOPASDFGH used', 'ASIAQWERTYUIOPASDFGH'],
    ['AKIAQWERTYUIOPASDFGH', 'AKIAQWERTYUIOPASDFGH'],
    ['{"secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}', 'wJalrXUtnFEMI'],
    ['SessionToken=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3Qt', 'IQoJb3JpZ2lu'],
    ['https://b.s3/x?X-Amz-Security-Token=IQoJb3&X-Amz-Signature=0123456789abcdef0123', 'IQoJb3'],
    ['https://b.s3/x?X-Amz-Signature=0123456789abcdef0123456789abcdef', '0123456789abcdef0123'],
    ['SAMLResponse=PHNhbWxwOlJlc3BvbnNlIHhtbG5z', 'PHNhbWxw'],
    ['body PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxw end', 'PHNhbWxw'],
    ['HTTPS_PROXY=http://bob:Winter2026!@proxy.corp:8080', 'Winter2026!'],
    ['via https://svc:p%40ss@proxy:3128/', 'p%40ss'],
    ['HTTPS_PROXY=http://ghp_Tok3nOnly@proxy.corp:8080', 'ghp_Tok3nOnly'],
    ['proxy http://bob:Sum@mer26@proxy.corp:8080 refused', 'mer26'],
  ])('removes the secret from %s', (input, secret) => {
    expect(redact(input)).not.toContain(secret);
  });

  it('leaves ordinary text alone', () => {
    expect(redact('listed 1000 keys under team-a/ in 120 ms')).toBe(
      'listed 1000 keys under team-a/ in 120 ms',
    );
    expect(redact('https://s3.example/a:b@c and http://proxy.corp:8080')).toBe(
      'https://s3.example/a:b@c and http://proxy.corp:8080',
    );
    expect(redact('via http://proxy.corp:8080 for anna@corp.example, s3://b/k@1?x=a@b')).toBe(
      'via http://proxy.corp:8080 for anna@corp.example, s3://b/k@1?x=a@b',
    );
  });
});

describe('logger', () => {
  let restore: ReturnType<typeof setLogSinks> | null = null;
  afterEach(() => restore && setLogSinks(restore));

  it('prefixes the scope and redacts every part, errors included', () => {
    const lines: { level: string; scope: string; message: string }[] = [];
    restore = setLogSinks([(line) => lines.push(line)]);
    createLogger('sts').error('failed', new Error('token ASIAQWERTYUIOPASDFGH expired'), { n: 1 });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        scope: 'sts',
        message: 'failed Error: token ASIA…[redacted] expired {"n":1}',
      }),
    ]);
  });
});
