import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createZip } from './zip.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-zip-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('writes a zip that another implementation (Python zipfile) lists, checks and extracts', () => {
  const big = 'line of the audit log\n'.repeat(5000);
  const file = path.join(dir, 'out.zip');
  writeFileSync(
    file,
    createZip([
      { name: 'README.txt', data: 'hello\n', date: new Date(2026, 2, 4, 5, 6, 8) },
      { name: 'audit/audit.jsonl', data: big },
      { name: 'données.json', data: Buffer.from('{"é":1}') },
      { name: 'empty.txt', data: '' },
    ]),
  );
  const python = (code: string) => execFileSync('python3', ['-c', code, file], { encoding: 'utf8' });
  expect(python('import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip())').trim()).toBe(
    'None',
  );
  expect(
    python('import sys,zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))')
      .trim()
      .split('\n'),
  ).toEqual(['README.txt', 'audit/audit.jsonl', 'données.json', 'empty.txt']);
  expect(
    python('import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("README.txt").date_time)').trim(),
  ).toBe('(2026, 3, 4, 5, 6, 8)');
  const out = path.join(dir, 'x');
  python(`import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(${JSON.stringify(out)})`);
  expect(readFileSync(path.join(out, 'audit/audit.jsonl'), 'utf8')).toBe(big);
  expect(readFileSync(path.join(out, 'données.json'), 'utf8')).toBe('{"é":1}');
  // Deflated: the repetitive log is much smaller than its text.
  expect(readFileSync(file).length).toBeLessThan(big.length / 20);
});
