// `npm run bench`: every benchmark script in this folder, one after the other (they share 2 cores,
// so running them in parallel would skew each other's figures). Each prints its own table.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()) {
  console.log(`\n=== ${file}`);
  execFileSync(process.execPath, [path.join(dir, file)], { stdio: 'inherit' });
}
