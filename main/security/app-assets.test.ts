import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAssetPath, serveAppAsset } from './app-assets.ts';

let root: string;
let outside: string;
beforeAll(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'fa-assets-'));
  root = path.join(base, 'renderer');
  outside = path.join(base, 'secret.txt');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(
    path.join(root, 'index.html'),
    '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'" /></head></html>',
  );
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(outside, 'do not serve');
  symlinkSync(outside, path.join(root, 'assets', 'link.js'));
});
afterAll(() => rmSync(path.dirname(root), { recursive: true, force: true }));

describe('app:// assets', () => {
  it('serves files of the renderer folder with CSP and nosniff headers', async () => {
    const js = await serveAppAsset(root, 'app://annotator/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect(js.headers['content-security-policy']).toContain("script-src 'self'");
    expect(js.body.toString()).toBe('console.log(1)');
    expect((await serveAppAsset(root, 'app://annotator/')).status).toBe(200);
  });

  it('rewrites the meta policy to the header policy with the data origins', async () => {
    const html = await serveAppAsset(root, 'app://annotator/index.html', {
      dataOrigins: ['https://bucket.s3.eu-west-1.amazonaws.com'],
    });
    const text = html.body.toString();
    expect(text).toContain("img-src 'self' data: blob: https://bucket.s3.eu-west-1.amazonaws.com");
    expect(text).not.toContain('frame-ancestors');
    expect(html.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  // Each of these must never read a file outside the renderer folder.
  const hostile = [
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/index.html%00.js',
    '/%252e%252e/secret.txt',
    '/%E0%A4%A',
    '//etc/passwd',
    '/etc/passwd',
    '/assets/link.js',
  ];
  it.each(hostile)('refuses %s', async (pathname) => {
    const response = await serveAppAsset(root, `app://annotator${pathname}`);
    expect(response.status === 400 || response.status === 404).toBe(true);
    expect(response.body.toString()).not.toContain('do not serve');
  });

  it('resolves only inside the folder', () => {
    expect(resolveAssetPath(root, '/assets/app.js')).toEqual({
      ok: true,
      file: path.join(root, 'assets/app.js'),
    });
    expect(resolveAssetPath(root, '/../x')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAssetPath(root, '/a%2fb')).toMatchObject({ ok: false, status: 400 });
  });
});
