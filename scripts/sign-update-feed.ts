// The release step after electron-builder: signs every update feed (release/latest*.yml) with the
// publisher's Ed25519 key, writing <feed>.sig beside it (main/update/feed-signature.ts says why). The
// private key comes only from the environment: UPDATE_FEED_SIGNING_KEY (PKCS#8 PEM) or
// UPDATE_FEED_SIGNING_KEY_FILE. A key whose public half is not the one pinned in the app
// (main/update/feed-key.ts) is refused: the app would refuse its feeds.
//   node scripts/sign-update-feed.ts [release-folder]   sign (no key: skipped, or fails with FA_REQUIRE_SIGNING=1)
//   node scripts/sign-update-feed.ts --new-key          print a new key pair (private: to the secret store)
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pinnedFeedPublicKey } from '../main/update/feed-key.ts';
import { checkFeedSignature, signatureSuffix, signFeed } from '../main/update/feed-signature.ts';

/** Signs each latest*.yml in `dir`; returns the .sig files written. */
export function signFeeds(
  dir: string,
  privateKeyPem: string,
  expectedPublicKeyPem = pinnedFeedPublicKey,
): string[] {
  const privateKey = createPrivateKey(privateKeyPem);
  const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  if (publicPem.trim() !== expectedPublicKeyPem.trim())
    throw new Error(
      'This signing key is not the one pinned in main/update/feed-key.ts: the app would refuse its feeds.',
    );
  const feeds = readdirSync(dir).filter((name) => /^latest.*\.yml$/.test(name));
  if (feeds.length === 0)
    throw new Error(`No update feed (latest*.yml) in ${dir}: run electron-builder first.`);
  return feeds.map((name) => {
    const feed = readFileSync(path.join(dir, name), 'utf8');
    const signature = signFeed(feed, privateKey);
    if (checkFeedSignature(feed, signature, expectedPublicKeyPem) !== 'valid')
      throw new Error(`The signature of ${name} does not verify.`);
    const out = path.join(dir, `${name}${signatureSuffix}`);
    writeFileSync(out, signature);
    return out;
  });
}

function main(args: string[]): void {
  if (args[0] === '--new-key') {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    console.log('Private key (store it as UPDATE_FEED_SIGNING_KEY in your release secrets, never in git):');
    console.log(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    console.log('Public key (put it in main/update/feed-key.ts):');
    console.log(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    return;
  }
  const dir = path.resolve(args[0] ?? 'release');
  const key =
    process.env.UPDATE_FEED_SIGNING_KEY ??
    (process.env.UPDATE_FEED_SIGNING_KEY_FILE
      ? readFileSync(process.env.UPDATE_FEED_SIGNING_KEY_FILE, 'utf8')
      : null);
  if (!key) {
    if (process.env.FA_REQUIRE_SIGNING === '1')
      throw new Error('UPDATE_FEED_SIGNING_KEY (or _FILE) is not set: the update feeds cannot be signed.');
    console.warn(
      'sign-update-feed: no signing key in the environment; the feeds stay unsigned (the app refuses them).',
    );
    return;
  }
  for (const file of signFeeds(dir, key)) console.log(`signed ${path.relative(process.cwd(), file)}`);
}

if (import.meta.main) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`sign-update-feed: ${(error as Error).message}`);
    process.exit(1);
  }
}
