/**
 * Vitest global setup: tests that load dist/ (the main bundle, the renderer in Chromium) need a fresh
 * build. `npm test` builds once before the tests and sets FA_BUILT=1; a lone `vitest` run builds here.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  if (process.env.FA_BUILT === '1') return;
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../scripts/build.mjs')], {
    stdio: 'inherit',
    cwd: path.resolve(import.meta.dirname, '../..'),
  });
}
