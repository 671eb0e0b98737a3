// Runs @doyensec/electronegativity over the app's source and fails on any finding. The tool exits 0
// even with findings, so its CSV report is parsed here. Tests are left out (they build hostile
// windows on purpose); AvailableSecurityFixesGlobalCheck needs the network, and
// ElectronVersionJSONCheck only reports the version (we pin it; a test checks the pin).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stage = mkdtempSync(path.join(tmpdir(), 'electronegativity-'));
const report = path.join(stage, 'report.csv');
const notTest = (source: string) => !/\.test\.tsx?$/.test(source);
try {
  for (const dir of ['main', 'preload', 'renderer/src']) {
    cpSync(path.join(root, dir), path.join(stage, 'app', dir), { recursive: true, filter: notTest });
  }
  cpSync(path.join(root, 'renderer/index.html'), path.join(stage, 'app/renderer/index.html'));
  cpSync(path.join(root, 'package.json'), path.join(stage, 'app/package.json'));
  execFileSync(
    process.execPath,
    [
      '-r',
      path.join(root, 'scripts/electronegativity-offline.cjs'),
      path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'),
      '-i',
      path.join(stage, 'app'),
      '-o',
      report,
      '-r',
      '-x',
      'AvailableSecurityFixesGlobalCheck,ElectronVersionJSONCheck',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const rows = readFileSync(report, 'utf8').trim().split('\n').slice(1).filter(Boolean);
  if (rows.length > 0) {
    console.error(`electronegativity: ${rows.length} finding(s):`);
    for (const row of rows) console.error(`  ${row}`);
    process.exitCode = 1;
  } else {
    console.log('electronegativity: 0 findings');
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
