/**
 * Verification speed of one AWS-style SAML response (2 KB assertion, assertion signed), and how much
 * of it is the WASM schema validator (kept warm: one worker, the module compiled once; it runs while
 * the signature is checked). Before it was kept warm: ~80 ms of schema check in ~90 ms of verification.
 * Run: node_modules/.bin/node test/bench/saml-verify.bench.ts [iterations=50]
 */
import { performance } from 'node:perf_hooks';
import { validateSamlSchema } from '../../main/auth/saml-schema.ts';
import { createSamlVerifier } from '../../main/auth/saml-verifier.ts';
import { fixedNow, idpMetadataXml, signedResponse } from '../fixtures/saml/saml-kit.ts';

const iterations = Number(process.argv[2] ?? 50);

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, min ${at(0).toFixed(1)} ms (n=${samples.length})`;
}

const response = signedResponse({}, 'assertion');
const bothSigned = signedResponse({}, 'both');
const xml = Buffer.from(response, 'base64').toString('utf8');
const verifier = createSamlVerifier({ idpMetadataXml: idpMetadataXml(), now: () => fixedNow });

console.log(
  `first verify (worker started, WASM compiled, schemas read): ${(await time(() => verifier.verify(response))).toFixed(1)} ms`,
);
const verify: number[] = [];
const verifyBoth: number[] = [];
const schema: number[] = [];
for (let i = 0; i < iterations; i++) {
  verify.push(await time(() => verifier.verify(response)));
  verifyBoth.push(await time(() => verifier.verify(bothSigned)));
  schema.push(await time(() => validateSamlSchema(xml)));
}
console.log(`verify, assertion signed:      ${summary(verify)}`);
console.log(`verify, response + assertion:  ${summary(verifyBoth)}`);
console.log(`  of which schema validation:  ${summary(schema)}`);
