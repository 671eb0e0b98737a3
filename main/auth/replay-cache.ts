/**
 * One use per assertion (SAML profiles §4.1.4.5): the app remembers every assertion it accepted until
 * the assertion expires, so a captured response posted again, by anyone, is refused before it can be
 * spent at STS. IDs are kept hashed with their issuer (the file holds no identifiers), in a small
 * file that outlives a restart; expired entries are dropped when it is loaded and on every write.
 */
import { createHash } from 'node:crypto';
import { createLogger } from '../log.ts';
import { SamlError } from './saml-errors.ts';
import { readStateFile, writeStateFile } from './state-file.ts';

const log = createLogger('replay-cache');

export interface ReplayCacheOptions {
  /** Where to persist; null keeps it in memory only (it then forgets on restart). */
  file: string | null;
  /** Kept this long past NotOnOrAfter: the verifier accepts an assertion that much late (clock skew). */
  graceSeconds: number;
  now?: () => number;
}

export interface AssertionUse {
  issuer: string;
  assertionId: string;
  notOnOrAfter: Date;
}

// Far more than anyone signs in within an assertion's lifetime; a bound on a file nobody should grow.
const maxEntries = 10_000;

const keyOf = (use: AssertionUse): string =>
  createHash('sha256').update(`${use.issuer}\n${use.assertionId}`).digest('base64url');

export class ReplayCache {
  readonly #o: ReplayCacheOptions;
  readonly #now: () => number;
  /** key → time (ms) after which the entry may be forgotten. */
  #seen: Map<string, number> | null = null;
  #loading: Promise<Map<string, number>> | null = null;

  constructor(options: ReplayCacheOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Records the first use of an assertion; throws SAML_REPLAYED when it was used before (in this run
   * or an earlier one). Resolves once the use is on disk, so a crash right after cannot forget it.
   */
  async claim(use: AssertionUse): Promise<void> {
    const seen = await this.#load();
    const now = this.#now();
    this.#prune(seen, now);
    // The schema makes the ID mandatory; without one, single use could not be enforced.
    const key = use.assertionId ? keyOf(use) : '';
    if (!key || seen.has(key)) {
      throw new SamlError(
        'SAML_REPLAYED',
        'This sign-in response was already used once, and a sign-in response can only be used once. Sign in again. ' +
          'If you did not just sign in twice, someone may have copied your sign-in: tell your IT security team.',
      );
    }
    seen.set(key, use.notOnOrAfter.getTime() + this.#o.graceSeconds * 1000);
    while (seen.size > maxEntries) seen.delete(seen.keys().next().value as string);
    await this.#save(seen);
  }

  #prune(seen: Map<string, number>, now: number): void {
    for (const [key, until] of seen) if (until <= now) seen.delete(key);
  }

  #load(): Promise<Map<string, number>> {
    if (this.#seen) return Promise.resolve(this.#seen);
    this.#loading ??= (async () => {
      const seen = new Map<string, number>();
      const stored = this.#o.file ? await readStateFile(this.#o.file) : null;
      const entries = (stored as { version?: unknown; seen?: unknown } | null)?.seen;
      if (Array.isArray(entries)) {
        for (const entry of entries) {
          if (Array.isArray(entry) && typeof entry[0] === 'string' && Number.isFinite(entry[1]))
            seen.set(entry[0], entry[1] as number);
        }
      }
      this.#prune(seen, this.#now());
      this.#seen = seen;
      return seen;
    })();
    return this.#loading;
  }

  async #save(seen: Map<string, number>): Promise<void> {
    if (!this.#o.file) return;
    try {
      await writeStateFile(this.#o.file, { version: 1, seen: [...seen] });
    } catch (error) {
      // Still refused for the rest of this run; only a restart could forget it. Not worth blocking sign-in.
      log.warn('could not save the replay cache; it is kept in memory until the app quits:', error);
    }
  }
}
