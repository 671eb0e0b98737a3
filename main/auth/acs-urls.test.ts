import { describe, expect, it } from 'vitest';
import { acsUrlFilterPatterns, isAwsAcsUrl, isAwsSigninUrl, normalizeExtraAcsUrl } from './acs-urls.ts';

describe('isAwsAcsUrl', () => {
  it.each([
    'https://signin.aws.amazon.com/saml',
    'https://us-east-2.signin.aws.amazon.com/saml',
    'https://ap-southeast-4.signin.aws.amazon.com/saml',
    'https://signin.aws.amazon.com/saml/acs/SAMLSP4SZ3EXAMPLE',
    'https://eu-central-1.signin.aws.amazon.com/saml/acs/SAMLSP4SZ3EXAMPLE',
    'https://signin.aws.amazon.com/static/saml',
    'https://signin.amazonaws-us-gov.com/saml',
    'https://us-gov-west-1.signin.amazonaws-us-gov.com/saml',
    'https://signin.amazonaws.cn/saml',
    'https://cn-northwest-1.signin.amazonaws.cn/saml',
    'HTTPS://SIGNIN.AWS.AMAZON.COM/saml',
    'https://signin.aws.amazon.com:443/saml',
  ])('recognises %s', (url) => {
    expect(isAwsAcsUrl(url)).toBe(true);
  });

  it.each([
    ['look-alike suffix', 'https://signin.aws.amazon.com.evil.test/saml'],
    ['look-alike prefix', 'https://evilsignin.aws.amazon.com/saml'],
    ['fake region label', 'https://evil.signin.aws.amazon.com/saml'],
    ['two labels before the domain', 'https://us-east-1.evil.signin.aws.amazon.com/saml'],
    ['plain http', 'http://signin.aws.amazon.com/saml'],
    ['userinfo trick', 'https://signin.aws.amazon.com@evil.test/saml'],
    ['userinfo on the real host', 'https://user:pw@signin.aws.amazon.com/saml'],
    ['other port', 'https://signin.aws.amazon.com:8443/saml'],
    ['trailing dot host', 'https://signin.aws.amazon.com./saml'],
    ['other path', 'https://signin.aws.amazon.com/console'],
    ['path suffix', 'https://signin.aws.amazon.com/saml-evil'],
    ['path traversal', 'https://signin.aws.amazon.com/saml/../console'],
    ['query string', 'https://signin.aws.amazon.com/saml?x=1'],
    ['bare question mark', 'https://signin.aws.amazon.com/saml?'],
    ['fragment', 'https://signin.aws.amazon.com/saml#x'],
    ['ACS id with a slash', 'https://signin.aws.amazon.com/saml/acs/a/b'],
    ['not a URL', 'signin.aws.amazon.com/saml'],
    ['empty', ''],
  ])('refuses %s', (_label, url) => {
    expect(isAwsAcsUrl(url)).toBe(false);
  });

  it('accepts a configured extra ACS exactly, and nothing near it', () => {
    const extra = ['https://sso.corp.example/aws/saml'];
    expect(isAwsAcsUrl('https://sso.corp.example/aws/saml', extra)).toBe(true);
    expect(isAwsAcsUrl('https://SSO.corp.example:443/aws/saml', extra)).toBe(true);
    expect(isAwsAcsUrl('https://sso.corp.example/aws/saml/x', extra)).toBe(false);
    expect(isAwsAcsUrl('http://sso.corp.example/aws/saml', extra)).toBe(false);
    expect(isAwsAcsUrl('https://sso.corp.example.evil.test/aws/saml', extra)).toBe(false);
    expect(isAwsAcsUrl('https://sso.corp.example/aws/saml', ['http://sso.corp.example/aws/saml'])).toBe(
      false,
    );
  });
});

describe('normalizeExtraAcsUrl', () => {
  it('normalises https URLs and refuses anything looser', () => {
    expect(normalizeExtraAcsUrl('https://SSO.corp.example:443/aws/saml')).toBe(
      'https://sso.corp.example/aws/saml',
    );
    expect(normalizeExtraAcsUrl('http://sso.corp.example/aws/saml')).toBeNull();
    expect(normalizeExtraAcsUrl('https://u@sso.corp.example/aws/saml')).toBeNull();
    expect(normalizeExtraAcsUrl('https://sso.corp.example/aws/saml?x')).toBeNull();
    expect(normalizeExtraAcsUrl('/aws/saml')).toBeNull();
  });
});

/** Chrome match-pattern semantics for the subset used here: `*.` also matches the bare host. */
function matchesPattern(pattern: string, url: string): boolean {
  const m = /^(https):\/\/(\*\.)?([^/]+)(\/.*)$/.exec(pattern);
  if (!m) throw new Error(`unsupported pattern ${pattern}`);
  const [, scheme, wildcard, host = '', path = ''] = m;
  const parsed = new URL(url);
  if (parsed.protocol !== `${scheme}:`) return false;
  const hostOk = wildcard ? parsed.host === host || parsed.host.endsWith(`.${host}`) : parsed.host === host;
  const pathRegex = new RegExp(
    `^${path
      .split('*')
      .map((part) => part.replace(/[.?+^$()[\]{}|\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return hostOk && pathRegex.test(parsed.pathname + parsed.search);
}

describe('acsUrlFilterPatterns', () => {
  const extra = ['https://sso.corp.example:8443/aws/saml'];
  const patterns = acsUrlFilterPatterns(extra);

  it('has a pattern catching every recognised ACS form, including extras', () => {
    for (const url of [
      'https://signin.aws.amazon.com/saml',
      'https://us-east-2.signin.aws.amazon.com/saml',
      'https://signin.aws.amazon.com/saml/acs/SAMLSP4SZ3EXAMPLE',
      'https://signin.aws.amazon.com/static/saml',
      'https://signin.amazonaws-us-gov.com/saml',
      'https://us-gov-east-1.signin.amazonaws-us-gov.com/saml',
      'https://signin.amazonaws.cn/saml',
      'https://cn-north-1.signin.amazonaws.cn/saml',
      'https://sso.corp.example:8443/aws/saml',
    ]) {
      expect(isAwsAcsUrl(url, extra)).toBe(true);
      expect(patterns.some((pattern) => matchesPattern(pattern, url))).toBe(true);
    }
  });

  it('uses https only and skips invalid extras', () => {
    expect(patterns.every((pattern) => pattern.startsWith('https://'))).toBe(true);
    expect(acsUrlFilterPatterns(['http://sso.corp.example/aws/saml'])).toEqual(acsUrlFilterPatterns());
  });
});

describe('isAwsSigninUrl', () => {
  it.each([
    ['https://signin.aws.amazon.com/saml', true],
    ['http://signin.aws.amazon.com/saml', true],
    ['https://signin.aws.amazon.com/SAML?x=1', true],
    ['https://eu-west-1.signin.aws.amazon.com/console', true],
    ['https://SIGNIN.AWS.AMAZON.COM./saml', true],
    ['https://signin.amazonaws-us-gov.com/saml', true],
    ['https://signin.amazonaws.cn:8443/x', true],
    ['https://signin.aws.amazon.com.evil.test/saml', false],
    ['https://evilsignin.aws.amazon.com/saml', false],
    ['https://idp.example.com/signin.aws.amazon.com', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => expect(isAwsSigninUrl(url)).toBe(expected));
});
