// Builds what Electron loads: dist/renderer (Vite), dist/main/main.mjs and dist/preload/preload.cjs (esbuild).
// Main keeps npm dependencies external (they ship in the asar's node_modules; keytar is native);
// the sandboxed preload can require nothing but electron, so everything else is bundled into it.
import { build as viteBuild } from 'vite';
import { build } from 'esbuild';
import { contractNamesOnly } from './contract-names-plugin.ts';

// Always a production build, even when started from a test runner (Vitest sets NODE_ENV=test, which
// would give React's development build: double-mounted effects, dev warnings, slower rendering).
process.env.NODE_ENV = 'production';
const started = Date.now();
await viteBuild({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn' });
await Promise.all([
  build({
    entryPoints: ['main/shell/main.ts'],
    outfile: 'dist/main/main.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  }),
  build({
    entryPoints: ['preload/preload.ts'],
    outfile: 'dist/preload/preload.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    plugins: [contractNamesOnly],
    logLevel: 'warning',
  }),
]);
console.log(`built renderer, main and preload in ${Date.now() - started} ms`);
