/**
 * Benchmark: a captured ACS POST → verified → STS credentials → stored, as the app does it, against a
 * baseline of the bare STS call on the same lab (no parsing, no verification, no storage).
 *   node_modules/.bin/node test/bench/sign-in.bench.ts [runs=50]
 * Prints median and p95 of each and their ratio. Numbers vary with machine load; compare side by side.
 */
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { extractSamlPost } from '../../main/auth/saml-post-body.ts';
import { createSamlVerifier } from '../../main/auth/saml-verifier.ts';
import { createStsClient } from '../../main/auth/sts-client.ts';
import { setLogSinks } from '../../main/log.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { SessionVault } from '../../main/secrets/session-vault.ts';
import { startLab } from '../lab/lab.ts';

const runs = Number(process.argv[2] ?? 50);
setLogSinks([]);
const lab = await startLab({ idp: 'node' });
const role = lab.roles.visionAnnotator;
const principalArn = lab.providerArnFor(role);

// The POST bodies as the webRequest hook would see them (form-encoded, captured beforehand).
const posts: Buffer[] = [];
for (let i = 0; i < runs * 2 + 2; i++) {
  const { samlResponse } = await lab.idp.signIn('annotator', lab.password);
  posts.push(Buffer.from(`SAMLResponse=${encodeURIComponent(samlResponse)}&RelayState=`));
}

const verifier = createSamlVerifier({ idpMetadataXml: lab.idp.metadataXml });
const sts = createStsClient({ region: lab.sts.region, endpoint: lab.sts.endpoint });
const vault = new SessionVault({ store: new MemorySecretStore() });
const raw = new STSClient({
  region: lab.sts.region,
  endpoint: lab.sts.endpoint,
  credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
});

async function appPath(body: Buffer): Promise<void> {
  const post = extractSamlPost({
    uploadData: [{ bytes: body }],
    contentType: undefined,
    url: 'https://signin.aws.amazon.com/saml',
  });
  const verified = await verifier.verify(post.samlResponse);
  const r = verified.roles[0]!;
  // The role's maximum is 3600 s: ask for it (IT's setting), as a tuned organization would.
  const credentials = await sts.assumeRoleWithSaml({
    roleArn: r.roleArn,
    principalArn: r.principalArn,
    assertionBase64: verified.assertionBase64,
    maxSessionSeconds: 3600,
  });
  await vault.saveCredentials('bench', r.roleArn, credentials);
}

async function baseline(body: Buffer): Promise<void> {
  const samlResponse = decodeURIComponent(body.toString().slice('SAMLResponse='.length).split('&')[0]!);
  await raw.send(
    new AssumeRoleWithSAMLCommand({
      RoleArn: role.arn,
      PrincipalArn: principalArn,
      SAMLAssertion: samlResponse,
      DurationSeconds: 3600,
    }),
  );
}

async function time(fn: (b: Buffer) => Promise<void>, body: Buffer): Promise<number> {
  const start = performance.now();
  await fn(body);
  return performance.now() - start;
}

// Warm both paths once (first WASM instantiation, TCP connections), then alternate them.
const cold = await time(appPath, posts.pop()!);
await time(baseline, posts.pop()!);
const app: number[] = [];
const base: number[] = [];
for (let i = 0; i < runs; i++) {
  app.push(await time(appPath, posts.pop()!));
  base.push(await time(baseline, posts.pop()!));
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
console.log(`captured POST → credentials ready (${runs} runs each, alternating)`);
console.log(
  `  app path (parse + verify + STS + store): median ${fmt(pct(app, 0.5))}, p95 ${fmt(pct(app, 0.95))}, first ${fmt(cold)}`,
);
console.log(
  `  baseline (bare STS call):                median ${fmt(pct(base, 0.5))}, p95 ${fmt(pct(base, 0.95))}`,
);
console.log(`  ratio app/baseline (median): ${(pct(app, 0.5) / pct(base, 0.5)).toFixed(2)}x`);
raw.destroy();
sts.destroy();
await lab.close();
