// `npm run dev:browser`: the app in the browser harness, for manual use. Loopback only.
// Open the printed URL in Chromium; main's handlers run in this process, on Node 24.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, startHarness } from './harness-server.ts';

if (!existsSync(path.join(repoRoot, 'dist/renderer/index.html'))) {
  console.error('No built renderer: run `npm run build` first.');
  process.exit(1);
}
const harness = await startHarness({ port: Number(process.env.HARNESS_PORT ?? 5183) });
console.log(
  `Federated Annotator (browser harness) on ${harness.origin}\nOpen: ${harness.url}\nCtrl-C to stop.`,
);
process.on('SIGINT', () => void harness.close().then(() => process.exit(0)));
