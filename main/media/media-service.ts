/**
 * Media through main, joined up: ids minted when a task is bound (task-view.ts), the `/media/` route
 * the shell and the harness serve, the offline cache and what it keeps of task files and configs,
 * the offline-age wipe, and the sign-out wipe. One per app (compose.ts builds it).
 */
import { createLogger } from '../log.ts';
import type { StorageS3 } from '../storage/s3-client.ts';
import type { TaskFileResult } from '../tasks/index.ts';
import type { MediaCache } from './media-cache.ts';
import { MediaIds, mediaPath, type MediaTarget } from './media-ids.ts';
import { createMediaRoute, type MediaRequest, type MediaResponse } from './media-route.ts';
import { createMediaSource, objectName } from './media-source.ts';
import { Revalidator } from './revalidate.ts';

const log = createLogger('media');

/** Policy app.offlineMaxAgeHours's default: cached task data lives 72 h past the last sign-in or refresh. */
export const DEFAULT_OFFLINE_MAX_AGE_HOURS = 72;

export const taskFileName = (projectId: string, key: string, etag: string): string =>
  JSON.stringify(['task-file', projectId, key, etag]);
export const configName = (projectId: string, source: unknown): string =>
  JSON.stringify(['config', projectId, source]);

/** What task-view and task-files need of the media service (absent in tests that do not use it). */
export interface MediaPort {
  /** `/media/<id>` for an object of a task the signed-in role opened, and whether it is kept offline. */
  localUrl(target: MediaTarget): Promise<{ url: string; cached: boolean } | null>;
  /** A cached object's bytes (valueType="url" text read offline). */
  cachedBytes(target: MediaTarget): Promise<Buffer | null>;
  /** S3 could not be reached moments ago: an open goes straight to what this computer keeps. */
  probablyOffline(): boolean;
  markUnreachable(): void;
  taskFile: {
    load(projectId: string, key: string, etag: string): Promise<TaskFileResult | null>;
    save(projectId: string, key: string, etag: string, file: TaskFileResult): Promise<void>;
  };
  config: {
    load(projectId: string, source: unknown): Promise<string | null>;
    save(projectId: string, source: unknown, xml: string): Promise<void>;
  };
}

/** How long an unreachable S3 is taken for granted before opens ask it again. */
const OFFLINE_HINT_MS = 10_000;

export interface MediaServiceOptions {
  /** Null when the local store cannot be used: media still stream from S3, nothing is kept. */
  cache: MediaCache | null;
  /**
   * The role whose work this is: the signed-in one, or the last one while its session has expired
   * (projects.ownerRoleKey()): what it kept stays readable, and a sign-out wipes it. Null: none known.
   */
  ownerRole(): string | null;
  s3For(projectId: string): StorageS3;
  offlineMaxAgeHours?: number;
  now?: () => number;
}

export class MediaService implements MediaPort {
  readonly #o: MediaServiceOptions;
  readonly ids = new MediaIds();
  readonly #route;
  readonly #revalidate: Revalidator;
  /** The role whose ids were minted last: the one a sign-out wipes. */
  #role: string | null = null;
  #offlineUntil = 0;

  constructor(options: MediaServiceOptions) {
    this.#o = options;
    this.#revalidate = new Revalidator({
      cache: options.cache,
      s3For: (id) => options.s3For(id),
      probablyOffline: () => this.probablyOffline(),
      markUnreachable: () => this.markUnreachable(),
    });
    this.#route = createMediaRoute({
      ids: this.ids,
      currentRole: () => this.#roleInUse(),
      source: createMediaSource({
        cache: options.cache,
        s3For: (id) => options.s3For(id),
        fresh: (target, role, etag) => this.#revalidate.fresh(role, target, etag),
      }),
    });
  }

  get cache(): MediaCache | null {
    return this.#o.cache;
  }

  /** The `/media/<id>` route: the Electron protocol handler and the harness server both call it. */
  handle(request: MediaRequest): Promise<MediaResponse> {
    return this.#route(request);
  }

  async localUrl(target: MediaTarget): Promise<{ url: string; cached: boolean } | null> {
    const role = this.#roleInUse();
    if (!role) return null;
    const cached = (await this.#o.cache?.has(role, objectName(target)).catch(() => false)) ?? false;
    // Bound for an opening: the cached copy is checked against S3 the next time it is served.
    if (cached) this.#revalidate.due(role, target);
    return { url: mediaPath(this.ids.mint(role, target)), cached };
  }

  async cachedBytes(target: MediaTarget): Promise<Buffer | null> {
    const role = this.#roleInUse();
    if (!role || !this.#o.cache) return null;
    const kept = await this.#o.cache.getBytes(role, objectName(target)).catch(() => null);
    if (!kept) return null;
    // Read for an opening: checked against S3 now (a stale copy is dropped and S3 read instead).
    this.#revalidate.due(role, target);
    return (await this.#revalidate.fresh(role, target, kept.etag)) ? kept.bytes : null;
  }

  probablyOffline(): boolean {
    return (this.#o.now ?? Date.now)() < this.#offlineUntil;
  }

  markUnreachable(): void {
    this.#offlineUntil = (this.#o.now ?? Date.now)() + OFFLINE_HINT_MS;
  }

  readonly taskFile = {
    load: async (projectId: string, key: string, etag: string): Promise<TaskFileResult | null> => {
      const bytes = await this.#load(taskFileName(projectId, key, etag));
      return bytes ? (JSON.parse(bytes.toString('utf8')) as TaskFileResult) : null;
    },
    save: (projectId: string, key: string, etag: string, file: TaskFileResult) =>
      this.#save(taskFileName(projectId, key, etag), Buffer.from(JSON.stringify(file)), 'application/json'),
  };

  readonly config = {
    load: async (projectId: string, source: unknown): Promise<string | null> =>
      (await this.#load(configName(projectId, source)))?.toString('utf8') ?? null,
    save: (projectId: string, source: unknown, xml: string) =>
      this.#save(configName(projectId, source), Buffer.from(xml), 'application/xml'),
  };

  /**
   * The signed-in role holds credentials expiring at `expiresAt` (a sign-in, a refresh, or a session
   * restored at start, which does not count as being online): remembered as the role a sign-out wipes.
   */
  signedIn(expiresAt: number): void {
    const role = this.#roleInUse();
    if (!role) return;
    try {
      this.#o.cache?.noteOnline(role, expiresAt);
    } catch (error) {
      log.warn('could not note the sign-in time for the offline cache:', error);
    }
  }

  /** Wipes, unread, what was cached longer than the offline age ago (at start, then periodically). */
  async wipeExpired(): Promise<number> {
    if (!this.#o.cache) return 0;
    const hours = this.#o.offlineMaxAgeHours ?? DEFAULT_OFFLINE_MAX_AGE_HOURS;
    const wiped = await this.#o.cache.wipeExpired(hours * 3_600_000);
    if (wiped.length) log.info(`offline cache: ${wiped.length} role(s) past ${hours} h offline wiped`);
    return wiped.length;
  }

  /**
   * Sign-out: the role's ids die, its cache is deleted and its cache key dropped. When the role
   * cannot be known (a restart with an expired stored session builds no role), every role's cache
   * with rows here goes, keys too: nothing is left behind for a stranger, and it only costs downloads.
   */
  async signedOut(roleKey: string | null = this.#role ?? this.#o.ownerRole()): Promise<void> {
    this.ids.forget(roleKey ? { roleKey } : {});
    this.#revalidate.clear();
    this.#role = null;
    if (roleKey) await this.#o.cache?.wipeRole(roleKey);
    else {
      const wiped = (await this.#o.cache?.wipeAll()) ?? [];
      if (wiped.length) log.info(`sign-out with no role known: ${wiped.length} role cache(s) wiped`);
    }
  }

  /** The owner role, remembered; ids of any other role die the moment it changes. */
  #roleInUse(): string | null {
    const role = this.#o.ownerRole();
    if (role && role !== this.#role) {
      this.ids.forget({ keep: role });
      this.#role = role;
    }
    return role;
  }

  async #load(name: string): Promise<Buffer | null> {
    const role = this.#roleInUse();
    if (!role || !this.#o.cache) return null;
    try {
      return (await this.#o.cache.getBytes(role, name))?.bytes ?? null;
    } catch (error) {
      log.warn('the offline cache could not be read:', error);
      return null;
    }
  }

  async #save(name: string, bytes: Buffer, contentType: string): Promise<void> {
    const role = this.#roleInUse();
    if (!role || !this.#o.cache) return;
    try {
      await this.#o.cache.putBytes(role, name, bytes, { contentType });
    } catch (error) {
      log.warn('the offline cache could not keep a task file:', error);
    }
  }
}
