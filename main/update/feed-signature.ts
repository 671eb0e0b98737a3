/**
 * The detached signature of an update feed (latest.yml, latest-mac.yml, latest-linux.yml): Ed25519 over
 * the feed file's exact bytes, base64 in `<feed>.sig` beside it. The feed holds each artifact's SHA-512,
 * which electron-updater checks while downloading, so a signed feed authenticates the artifact too, on
 * every OS (electron-updater's own publisher check covers Windows installers only, and only where the
 * code-signing certificate is trusted).
 *
 * The public key is pinned in the build (feed-key.ts), not in IT's policy: whoever builds the app signs
 * its releases; IT's update server only mirrors them, so a compromised server, or a policy pointing
 * UpdateUrl somewhere else, cannot make the app install anything the publisher did not sign.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export const signatureSuffix = '.sig';

export type SignatureCheck = 'valid' | 'invalid' | 'malformed';

/** Whether `signatureBase64` is the publisher's signature of `feed`. */
export function checkFeedSignature(
  feed: string,
  signatureBase64: string,
  publicKeyPem: string,
): SignatureCheck {
  const text = signatureBase64.trim();
  if (!/^[A-Za-z0-9+/]{86}==$/.test(text)) return 'malformed';
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return 'malformed';
  }
  if (key.asymmetricKeyType !== 'ed25519') return 'malformed';
  return verify(null, Buffer.from(feed, 'utf8'), key, Buffer.from(text, 'base64')) ? 'valid' : 'invalid';
}

/** The `.sig` file's text for `feed` (the release step, scripts/sign-update-feed.mjs, and tests). */
export function signFeed(feed: string | Buffer, privateKey: KeyObject | string): string {
  return `${sign(null, Buffer.isBuffer(feed) ? feed : Buffer.from(feed, 'utf8'), privateKey).toString('base64')}\n`;
}
