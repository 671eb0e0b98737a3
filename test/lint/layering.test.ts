/**
 * The layering rules are lint errors, so `npm test` fails on a violation. These lint small snippets
 * as if they lived at the given paths and check that each rule fires (and stays quiet where allowed).
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../..') });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', () => {
  it('forbids electron in main logic', async () => {
    const messages = await restrictedImports(
      'main/auth/example.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
    );
    expect(messages).toEqual([expect.stringContaining('Only main/shell/ may import electron')]);
    const required = await restrictedImports(
      'main/storage/example.ts',
      "import electron from 'electron';\nexport default electron;\n",
    );
    expect(required).toHaveLength(1);
  });

  it('forbids main code from depending on tests, while tests of main may use the fixtures', async () => {
    const code = "import { x } from '../../test/fixtures/saml/saml-kit.ts';\nexport const y = x;\n";
    expect(await restrictedImports('main/auth/example.ts', code)).toEqual([
      expect.stringContaining('must not depend on the renderer or tests'),
    ]);
    expect(await restrictedImports('main/auth/example.test.ts', code)).toEqual([]);
  });

  it('allows electron in main/shell and preload/preload.ts', async () => {
    expect(
      await restrictedImports(
        'main/shell/example.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'preload/preload.ts',
        "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n",
      ),
    ).toEqual([]);
  });

  it('forbids the renderer from importing main code or electron', async () => {
    const fromMain = await restrictedImports(
      'renderer/src/x.ts',
      "import { redact } from '../../main/log.ts';\nexport const r = redact;\n",
    );
    expect(fromMain).toEqual([expect.stringContaining('never code from main/')]);
    const typeOnly = await restrictedImports(
      'renderer/src/x.ts',
      "import type { Logger } from '../../main/log.ts';\nexport type L = Logger;\n",
    );
    expect(typeOnly).toHaveLength(1);
    expect(
      await restrictedImports(
        'renderer/src/x.ts',
        "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n",
      ),
    ).toHaveLength(1);
    const preloadScript = await restrictedImports(
      'renderer/src/x.ts',
      "import '../../preload/preload.ts';\n",
    );
    expect(preloadScript).toEqual([expect.stringContaining('Only the contract and API types')]);
  });

  it('lets the renderer import the contract', async () => {
    expect(
      await restrictedImports(
        'renderer/src/x.ts',
        "import type { IpcError } from '../../preload/contract.ts';\nexport type E = IpcError;\n",
      ),
    ).toEqual([]);
  });

  it('forbids the preload from importing main logic, and electron outside preload.ts', async () => {
    expect(
      await restrictedImports(
        'preload/api.ts',
        "import { createLogger } from '../main/log.ts';\nexport const l = createLogger;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'preload/api.ts',
        "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n",
      ),
    ).toHaveLength(1);
  });

  it('keeps core/ pure: no node:, electron, react, main, renderer or preload imports, no DOM globals', async () => {
    const cases: [string, string][] = [
      ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'no Node built-ins'],
      ["import fs from 'fs';\nexport default fs;\n", 'no Node built-ins'],
      ["import { app } from 'electron';\nexport const a = app;\n", 'no electron'],
      ["import { useState } from 'react';\nexport const u = useState;\n", 'no React'],
      ["import { createRoot } from 'react-dom/client';\nexport const c = createRoot;\n", 'no React'],
      [
        "import { redact } from '../../main/log.ts';\nexport const r = redact;\n",
        'depends on nothing of the app',
      ],
      [
        "import type { X } from '../../renderer/src/x.ts';\nexport type Y = X;\n",
        'depends on nothing of the app',
      ],
      [
        "import { api } from '../../preload/api.ts';\nexport const a = api;\n",
        'depends on nothing of the app',
      ],
    ];
    for (const [code, message] of cases)
      expect(await restrictedImports('core/labeling/example.ts', code), code).toEqual([
        expect.stringContaining(message),
      ]);
    const [dom] = await eslint.lintText(
      'export const w = window.innerWidth + document.title.length;\nexport const s = localStorage;\nexport const h = HTMLElement;\n',
      { filePath: 'core/labeling/example.ts' },
    );
    expect(dom!.messages.filter((m) => m.ruleId === 'no-restricted-globals').map((m) => m.message)).toEqual(
      Array(4).fill(expect.stringContaining('no DOM')),
    );
  });

  it('lets core/ import zod and xmldom, and its tests read files from disk', async () => {
    expect(
      await restrictedImports(
        'core/labeling/example.ts',
        "import { z } from 'zod';\nimport { DOMParser } from '@xmldom/xmldom';\nimport { x } from './other.ts';\nexport const s = [z, DOMParser, x];\n",
      ),
    ).toEqual([]);
    const [quiet] = await eslint.lintText('export const crypto = globalThis.crypto;\n', {
      filePath: 'core/labeling/example.ts',
    });
    expect(quiet!.messages).toEqual([]);
    expect(
      await restrictedImports(
        'core/labeling/example.test.ts',
        "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'core/labeling/example.test.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).toHaveLength(1);
  });

  it('forbids loadFile (file://) anywhere', async () => {
    const [result] = await eslint.lintText(
      "declare const w: { loadFile(p: string): void };\nw.loadFile('index.html');\n",
      {
        filePath: 'main/shell/example.ts',
      },
    );
    expect(result!.messages.map((m) => m.message)).toContain('Serve the UI over app://, never file://.');
  });
});
