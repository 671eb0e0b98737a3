/**
 * Prefetch: while online, the task open and the next N of its stream, with their media, go into the
 * offline cache in the background, two objects at a time, never in the way of the open (it starts
 * after the open answered, and a new open replaces the run). A sign-out or another role cancels it.
 * Progress is "n of m tasks ready offline": a task is ready when every object it references is kept.
 */
import { createLogger } from '../log.ts';
import type { StorageS3 } from '../storage/s3-client.ts';
import type { MediaTarget } from './media-ids.ts';
import type { MediaCache } from './media-cache.ts';
import { ObjectTooLarge } from './object-cap.ts';
import { objectName } from './media-source.ts';
import { isUnreachable } from './unreachable.ts';

const log = createLogger('media');
/** How long a kept object found current is not asked about again by the prefetch. */
const RECHECK_MS = 10 * 60_000;

export interface PrefetchTask {
  /** The task's objects in S3 (already checked against the project's scope). */
  objects: MediaTarget[];
}

export interface PrefetchProgress {
  /** Tasks of the current run with everything kept on this computer. */
  ready: number;
  total: number;
  running: boolean;
}

export interface PrefetcherOptions {
  cache: MediaCache;
  s3For(projectId: string): StorageS3;
  /** The signed-in role: a run for another role stops (its S3 clients are not this role's). */
  currentRole(): string | null;
  /** S3 was found out of reach moments ago: kept objects are not asked about again (no HEAD to time out). */
  probablyOffline?(): boolean;
  /** The clock kept objects' last checks are timed by (default Date.now). */
  now?: () => number;
  /** Objects fetched at once (default 2: the window's own reads come first). */
  concurrency?: number;
  onProgress?(progress: PrefetchProgress): void;
}

export class Prefetcher {
  readonly #o: PrefetcherOptions;
  #run: { stop: AbortController; done: Promise<void> } | null = null;
  #progress: PrefetchProgress = { ready: 0, total: 0, running: false };
  /** When each kept object was last found current (fetched, or its ETag unchanged), by role and name. */
  readonly #checked = new Map<string, number>();

  constructor(options: PrefetcherOptions) {
    this.#o = options;
  }

  progress(): PrefetchProgress {
    return { ...this.#progress };
  }

  /** Replaces the running prefetch with one over `plan()`'s tasks (read lazily, in the background). */
  start(roleKey: string, plan: (signal: AbortSignal) => Promise<PrefetchTask[]>): Promise<void> {
    this.cancel();
    const stop = new AbortController();
    const done = this.#go(roleKey, plan, stop.signal).catch((error: unknown) => {
      if (!stop.signal.aborted) log.warn('prefetch stopped:', error);
    });
    this.#run = { stop, done };
    return done;
  }

  /** Resolves when the current run (if any) ended. */
  idle(): Promise<void> {
    return this.#run?.done ?? Promise.resolve();
  }

  /** Stops the run (sign-out, role switch); what was kept stays until the cache is wiped. */
  cancel(): void {
    this.#run?.stop.abort();
    this.#run = null;
    if (this.#progress.running) this.#set({ ...this.#progress, running: false });
  }

  async #go(roleKey: string, plan: (signal: AbortSignal) => Promise<PrefetchTask[]>, signal: AbortSignal) {
    const tasks = await plan(signal);
    if (signal.aborted) return;
    const { cache } = this.#o;
    // Nothing this run needs may be evicted by the run itself.
    await cache.protect(
      roleKey,
      tasks.flatMap((t) => t.objects.map(objectName)),
    );
    const missing = new Map<PrefetchTask, number>();
    const queue: { task: PrefetchTask; object: MediaTarget; kept?: string }[] = [];
    /** Objects kept already, with their ETag: asked again after the missing ones (S3 may have a new copy). */
    const recheck: typeof queue = [];
    const offline = this.#o.probablyOffline?.() ?? false;
    for (const task of tasks) {
      let count = 0;
      for (const object of task.objects) {
        const entry = await cache.get(roleKey, objectName(object)).catch(() => null);
        // The open task's objects (the plan's first) are asked about at every opening.
        if (entry?.etag && !offline && (task === tasks[0] || !this.#recent(roleKey, object)))
          recheck.push({ task, object, kept: entry.etag });
        if (entry) continue;
        queue.push({ task, object });
        count++;
      }
      missing.set(task, count);
    }
    queue.push(...recheck);
    const readyCount = () => [...missing.values()].filter((n) => n === 0).length;
    this.#set({ ready: readyCount(), total: tasks.length, running: queue.length > recheck.length });
    let unreachable = false;
    const worker = async () => {
      for (let item = queue.shift(); item && !signal.aborted; item = queue.shift()) {
        if (this.#o.currentRole() !== roleKey) return;
        try {
          if (item.kept !== undefined) {
            // Kept: fetched again only when S3's ETag changed (it stays ready either way).
            if (unreachable) continue;
            if (await this.#unchanged(item.object, item.kept, signal)) {
              this.#current(roleKey, item.object);
              continue;
            }
            await this.#fetch(roleKey, item.object, signal);
            continue;
          }
          await this.#fetch(roleKey, item.object, signal);
          missing.set(item.task, (missing.get(item.task) ?? 1) - 1);
          this.#set({ ready: readyCount(), total: tasks.length, running: true });
        } catch (error) {
          if (signal.aborted) return;
          // Out of reach: the kept copies stay as they are, unasked.
          if (isUnreachable(error)) unreachable = true;
          // One object that cannot be had (gone, refused) leaves its task not ready; the rest go on.
          log.warn('prefetch could not keep an object:', error);
        }
      }
    };
    await Promise.all(Array.from({ length: this.#o.concurrency ?? 2 }, worker));
    if (!signal.aborted) this.#set({ ready: readyCount(), total: tasks.length, running: false });
  }

  /** Found current less than RECHECK_MS ago: "Next" after "Next" does not ask S3 about it again. */
  #recent(roleKey: string, object: MediaTarget): boolean {
    const at = this.#checked.get(JSON.stringify([roleKey, objectName(object)]));
    return at !== undefined && this.#now() - at < RECHECK_MS;
  }

  #current(roleKey: string, object: MediaTarget): void {
    if (this.#checked.size >= 10_000) this.#checked.clear();
    this.#checked.set(JSON.stringify([roleKey, objectName(object)]), this.#now());
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  async #unchanged(object: MediaTarget, etag: string, signal: AbortSignal): Promise<boolean> {
    const s3 = this.#o.s3For(object.projectId);
    const head = await s3.headObject({ Bucket: object.bucket, Key: object.key }, { signal });
    return head.ETag === etag;
  }

  async #fetch(roleKey: string, object: MediaTarget, signal: AbortSignal): Promise<void> {
    const s3 = this.#o.s3For(object.projectId);
    const got = await s3.getStream({ Bucket: object.bucket, Key: object.key }, { signal });
    // Too big to keep (one object must not push the rest out): its body is dropped unread. Without a
    // Content-Length the cache refuses it once it passes the limit.
    if (got.contentLength !== undefined && got.contentLength > this.#o.cache.maxObjectBytes) {
      got.body.destroy?.();
      throw new ObjectTooLarge(this.#o.cache.maxObjectBytes);
    }
    await this.#o.cache.put(roleKey, objectName(object), got.body, {
      contentType: got.contentType,
      etag: got.etag,
    });
    this.#current(roleKey, object);
  }

  #set(progress: PrefetchProgress): void {
    this.#progress = progress;
    this.#o.onProgress?.(this.progress());
  }
}
