import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isAppUrl } from './app-origin.ts';
import { contentSecurityPolicy, withMetaPolicy } from './csp.ts';
import { isAllowedExternalUrl } from './external-urls.ts';
import { isPermissionAllowed } from './permissions.ts';

describe('content security policy', () => {
  it("allows only the app's own scripts and styles, no inline code, no framing", () => {
    const csp = contentSecurityPolicy();
    const directives = Object.fromEntries(
      csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
      'connect-src': "'self'",
    });
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('adds configured S3 origins (origin only, no path) to media, images and fetches', () => {
    const csp = contentSecurityPolicy({
      dataOrigins: ['https://vpce-1.s3.eu-west-1.vpce.amazonaws.com/bucket/key'],
    });
    expect(csp).toContain("img-src 'self' data: blob: https://vpce-1.s3.eu-west-1.vpce.amazonaws.com;");
    expect(csp).toContain("media-src 'self' blob: https://vpce-1.s3.eu-west-1.vpce.amazonaws.com;");
    expect(csp).toContain("connect-src 'self' https://vpce-1.s3.eu-west-1.vpce.amazonaws.com;");
    expect(csp).not.toContain('/bucket');
  });

  it('rewrites only the CSP meta tag', () => {
    const html = '<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src *">';
    const out = withMetaPolicy(html, {});
    expect(out).toContain('<meta charset="utf-8">');
    expect(out).toContain(`content="${contentSecurityPolicy({}, { forMetaTag: true })}"`);
  });
});

describe('external links', () => {
  const hosts = ['help.example.com', '*.corp.example'];
  it.each([
    ['https://help.example.com/page?q=1', true],
    ['https://wiki.corp.example/x', true],
    ['mailto:it@corp.example', true],
    ['mailto:it@corp.example?attach=/etc/passwd', false],
    ['mailto:%E0%A4%A@x', false],
    ['http://help.example.com/', false],
    ['https://help.example.com.evil.test/', false],
    ['https://evil.test/?help.example.com', false],
    ['https://user:pw@help.example.com/', false],
    ['https://corp.example/', false],
    ['file:///etc/passwd', false],
    ['smb://server/share', false],
    ['javascript:alert(1)', false],
    ['ms-msdt:/id', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url, hosts)).toBe(allowed);
  });
});

describe('permissions', () => {
  it('allows only the allow-list, only for the app origin', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isPermissionAllowed('fullscreen', APP_ORIGIN)).toBe(true);
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'hid',
      'serial',
      'openExternal',
      'clipboard-read',
    ]) {
      expect(isPermissionAllowed(p, APP_ORIGIN)).toBe(false);
    }
    expect(isPermissionAllowed('fullscreen', 'https://idp.example.com')).toBe(false);
    expect(isPermissionAllowed('fullscreen', undefined)).toBe(false);
  });

  it('knows the app origin', () => {
    expect(isAppUrl('app://annotator/index.html')).toBe(true);
    expect(isAppUrl('app://annotator.evil/index.html')).toBe(false);
    expect(isAppUrl('https://annotator/')).toBe(false);
  });
});
