/**
 * electron-updater's generic provider (a plain https folder: IT's internal server), with one step
 * added before the feed is believed: its detached Ed25519 signature (feed-signature.ts) must verify
 * against the pinned key. Used as a "custom" provider, so electron-updater does everything else as
 * usual (version compare, download, SHA-512 check of the artifact, install on quit).
 */
import type { AppUpdater, UpdateInfo } from 'electron-updater';
import {
  parseUpdateInfo,
  Provider,
  resolveFiles,
  type ProviderRuntimeOptions,
} from 'electron-updater/out/providers/Provider.js';
import { checkFeedSignature, signatureSuffix } from './feed-signature.ts';
import { updateErrors } from './update-errors.ts';

export interface SignedFeedOptions {
  provider: 'custom';
  updateProvider: typeof SignedFeedProvider;
  /** The folder holding latest*.yml, their .sig files and the artifacts. */
  url: string;
  publicKeyPem: string;
}

export function signedFeedOptions(url: string, publicKeyPem: string): SignedFeedOptions {
  return { provider: 'custom', updateProvider: SignedFeedProvider, url, publicKeyPem };
}

/** `latest-linux.yml` and the like for this platform (electron-updater's own naming). */
export function feedFileName(platform: NodeJS.Platform, arch: string = process.arch): string {
  if (platform === 'darwin') return 'latest-mac.yml';
  if (platform === 'linux') return `latest-linux${arch === 'x64' ? '' : `-${arch}`}.yml`;
  return 'latest.yml';
}

export class SignedFeedProvider extends Provider<UpdateInfo> {
  readonly #baseUrl: URL;
  readonly #publicKeyPem: string;

  constructor(options: SignedFeedOptions, _updater: AppUpdater, runtimeOptions: ProviderRuntimeOptions) {
    super(runtimeOptions);
    this.#baseUrl = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    this.#publicKeyPem = options.publicKeyPem;
  }

  async getLatestVersion(): Promise<UpdateInfo> {
    const file = `${this.getDefaultChannelName()}.yml`;
    const feedUrl = new URL(file, this.#baseUrl);
    const server = this.#baseUrl.host;
    let feed: string | null;
    let signature: string | null;
    try {
      feed = await this.httpRequest(feedUrl);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) throw updateErrors.notFound(server, file);
      throw error;
    }
    try {
      signature = await this.httpRequest(new URL(`${file}${signatureSuffix}`, this.#baseUrl));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) throw updateErrors.unsigned(server, file);
      throw error;
    }
    if (feed === null || signature === null) throw updateErrors.unsigned(server, file);
    if (checkFeedSignature(feed, signature, this.#publicKeyPem) !== 'valid')
      throw updateErrors.signatureInvalid(server, file);
    return parseUpdateInfo(feed, file, feedUrl);
  }

  resolveFiles(updateInfo: UpdateInfo) {
    return resolveFiles(updateInfo, this.#baseUrl);
  }
}
