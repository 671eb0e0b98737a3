import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** Where browser tests write screenshots (test-results/screenshots, kept by CI as artifacts). */
export function screenshotPath(name: string): string {
  const dir = path.resolve(import.meta.dirname, '../../test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
