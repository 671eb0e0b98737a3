/**
 * Keeps the draft on this computer in step with the document: a 'user' change schedules a save
 * `delayMs` after the last change (and no later than `maxWaitMs` after the first unsaved one, so a
 * long typing session is saved too); `flush()` saves at once (gesture end, blur, close, submit).
 * Saves go through an injected port with a monotonic `rev`; never two at a time: changes made while
 * one is in flight are saved right after it, in one save. 'load'/'remote' changes are not drafts.
 */
import type { ResultRecord } from '../../../../core/labeling/records.ts';
import type { DocumentStore } from './document-store.ts';

/** When the draft was stored (epoch ms or an ISO string, as the port answers). */
export type SavedAt = number | string;

export type SaveOutcome<E> = { ok: true; savedAt: SavedAt } | { ok: false; error: E };

export interface DraftPort<R, E> {
  save(request: { rev: number; result: R }): Promise<SaveOutcome<E>>;
}

export type DraftStatus<E> =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; savedAt: SavedAt }
  | { state: 'failed'; error: E };

export interface DraftSyncOptions<R, E> {
  store: DocumentStore;
  port: DraftPort<R, E>;
  /** Records -> what the port stores (the lead passes the codec's encoder: LS `result[]`). */
  serialize: (records: readonly ResultRecord[]) => R;
  /** The last rev already stored (a reopened draft): new saves count from there. */
  initialRev?: number;
  delayMs?: number;
  maxWaitMs?: number;
}

export class DraftSync<R, E = unknown> {
  readonly #options: DraftSyncOptions<R, E>;
  readonly #delayMs: number;
  readonly #maxWaitMs: number;
  #rev: number;
  #status: DraftStatus<E> = { state: 'idle' };
  /** Changes not yet handed to a save. */
  #dirty = false;
  #firstDirtyAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: Promise<void> | null = null;
  #disposed = false;
  readonly #listeners = new Set<() => void>();
  readonly #unlisten: () => void;

  constructor(options: DraftSyncOptions<R, E>) {
    this.#options = options;
    this.#delayMs = options.delayMs ?? 1000;
    this.#maxWaitMs = options.maxWaitMs ?? 5000;
    this.#rev = options.initialRev ?? 0;
    this.#unlisten = options.store.listen((diff) => {
      if (diff.source === 'user') this.#changed();
    });
  }

  getSnapshot = (): DraftStatus<E> => this.#status;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The rev of the last save started. */
  get rev(): number {
    return this.#rev;
  }

  /** Something changed that is not yet stored (scheduled, in flight, or failed). */
  get pending(): boolean {
    return this.#dirty || this.#inFlight !== null;
  }

  /** Saves now whatever is unsaved; resolves when it is stored (or the save failed). */
  async flush(): Promise<void> {
    this.#clearTimer();
    while (!this.#disposed) {
      if (this.#inFlight) await this.#inFlight;
      else if (this.#dirty) await this.#save();
      else return;
      if (this.#status.state === 'failed' && this.#dirty) return;
    }
  }

  /** Stops listening; a scheduled save is dropped (call flush() first to keep it). */
  dispose(): void {
    this.#disposed = true;
    this.#clearTimer();
    this.#unlisten();
    this.#listeners.clear();
  }

  #changed(): void {
    const now = Date.now();
    if (!this.#dirty) this.#firstDirtyAt = now;
    this.#dirty = true;
    if (this.#inFlight) return; // saved right after the one in flight
    this.#clearTimer();
    const wait = Math.max(0, Math.min(this.#delayMs, this.#firstDirtyAt + this.#maxWaitMs - now));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#save();
    }, wait);
  }

  #save(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    const rev = ++this.#rev;
    const result = this.#options.serialize(this.#options.store.records());
    this.#dirty = false;
    this.#setStatus({ state: 'saving' });
    const run = async () => {
      let outcome: SaveOutcome<E>;
      try {
        outcome = await this.#options.port.save({ rev, result });
      } catch (error) {
        outcome = { ok: false, error: error as E };
      }
      this.#inFlight = null;
      if (this.#disposed) return;
      if (outcome.ok) this.#setStatus({ state: 'saved', savedAt: outcome.savedAt });
      else {
        // Not stored: what it held is still to be saved (with the next change or flush).
        this.#dirty = true;
        this.#setStatus({ state: 'failed', error: outcome.error });
        return;
      }
      if (this.#dirty) {
        this.#clearTimer();
        await this.#save();
      }
    };
    this.#inFlight = run();
    return this.#inFlight;
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #setStatus(status: DraftStatus<E>): void {
    this.#status = status;
    for (const listener of [...this.#listeners]) listener();
  }
}
