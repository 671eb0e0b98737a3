/**
 * The page-side bundle (the Electron preload) carries the contract's names only: the names-only plugin
 * replaces the contract, whichever entry point of it is imported, so zod never reaches the page.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { contractNamesOnly } from '../../scripts/contract-names-plugin.ts';
import { channelNames, eventNames } from '../../preload/contract.ts';

const root = path.resolve(import.meta.dirname, '../..');

async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: path.join(root, 'preload'), sourcefile: 'entry.ts', loader: 'ts' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    plugins: [contractNamesOnly],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('preload bundle', () => {
  it('holds every channel and event name and no schema library', async () => {
    const text = await bundle("import './preload.ts';");
    for (const name of [...channelNames, ...eventNames]) expect(text).toContain(JSON.stringify(name));
    expect(text).not.toMatch(/zod|ZodError|safeParse/);
    expect(text.length).toBeLessThan(8_000);
  });

  it('replaces the per-domain assembly too, not only preload/contract.ts', async () => {
    const text = await bundle(
      "import { channelNames } from './contract/index.ts'; console.log(channelNames.length);",
    );
    expect(text).toContain(JSON.stringify(channelNames[0]));
    expect(text).not.toMatch(/zod|ZodError/);
  });
});
