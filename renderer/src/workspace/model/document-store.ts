/**
 * The document being edited, outside React: result records by key. Every change goes through
 * `transact(source, fn)` and comes out as ONE diff tagged with its source, so history (only 'user'),
 * draft-sync (only 'user') and views (everything) each take what is theirs. A record's version is
 * bumped only when it really changed (deep-equal), so a put of the same value costs nothing
 * downstream. No React, no DOM: tested in Node.
 */
import type { ResultRecord } from '../../../../core/labeling/records.ts';
import { deepEqual } from './deep-equal.ts';

export type ChangeSource = 'user' | 'load' | 'remote';

export interface Diff {
  added: ResultRecord[];
  /** [before, after] pairs. */
  updated: [ResultRecord, ResultRecord][];
  removed: ResultRecord[];
  source: ChangeSource;
  /**
   * Set by the writer when consecutive diffs may merge into one undo step (a typing burst on one
   * control): diffs with the same key close in time are one step. Absent: its own step.
   */
  coalesce?: string;
}

/** What `fn` of a transaction may do; reads see the transaction's own writes. */
export interface Transaction {
  get(key: string): ResultRecord | undefined;
  put(record: ResultRecord): void;
  remove(key: string): void;
  /** Removes every record (a 'load' of another document). */
  clear(): void;
  records(): readonly ResultRecord[];
}

export interface TransactOptions {
  coalesce?: string;
}

export function isEmptyDiff(diff: Diff): boolean {
  return diff.added.length === 0 && diff.updated.length === 0 && diff.removed.length === 0;
}

export class DocumentStore {
  readonly #records = new Map<string, ResultRecord>();
  readonly #versions = new Map<string, number>();
  /** When each key was first seen: ties in `order` keep insertion order. */
  readonly #seq = new Map<string, number>();
  #nextSeq = 0;
  #version = 0;
  #ordered: readonly ResultRecord[] | null = [];
  readonly #listeners = new Set<() => void>();
  readonly #diffListeners = new Set<(diff: Diff) => void>();
  /** Before-images of the open transaction (undefined = absent before). */
  #open: { before: Map<string, ResultRecord | undefined>; source: ChangeSource; coalesce?: string } | null =
    null;

  constructor(initial: readonly ResultRecord[] = []) {
    for (const record of initial) this.#write(record);
    this.#ordered = null;
  }

  get version(): number {
    return this.#version;
  }

  /** For useSyncExternalStore: a number that changes with every effective transaction. */
  getSnapshot = (): number => this.#version;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Every non-empty diff, synchronously after its transaction commits. */
  listen(listener: (diff: Diff) => void): () => void {
    this.#diffListeners.add(listener);
    return () => this.#diffListeners.delete(listener);
  }

  get(key: string): ResultRecord | undefined {
    return this.#records.get(key);
  }

  /** 0 for a key never written; grows by one per real change of that record. */
  versionOf(key: string): number {
    return this.#versions.get(key) ?? 0;
  }

  /** In document order (`order`, then first insertion); the same array until the next change. */
  records(): readonly ResultRecord[] {
    if (!this.#ordered) {
      this.#ordered = [...this.#records.values()].sort(
        (a, b) => a.order - b.order || (this.#seq.get(a.key) ?? 0) - (this.#seq.get(b.key) ?? 0),
      );
    }
    return this.#ordered;
  }

  /**
   * Runs `fn` and emits one diff for everything it changed. A nested call joins the outer
   * transaction. If `fn` throws, every write is rolled back and nothing is emitted.
   */
  transact<T>(source: ChangeSource, fn: (tx: Transaction) => T, options: TransactOptions = {}): T {
    if (this.#open) return fn(this.#tx);
    const open: { before: Map<string, ResultRecord | undefined>; source: ChangeSource; coalesce?: string } = {
      before: new Map(),
      source,
    };
    if (options.coalesce !== undefined) open.coalesce = options.coalesce;
    this.#open = open;
    let result: T;
    try {
      result = fn(this.#tx);
    } catch (error) {
      for (const [key, before] of open.before) {
        if (before) this.#records.set(key, before);
        else this.#records.delete(key);
      }
      this.#ordered = null;
      this.#open = null;
      throw error;
    }
    this.#open = null;
    this.#commit(open);
    return result;
  }

  /** Replaces the whole document (a task opened or re-read): one 'load' diff. */
  load(records: readonly ResultRecord[]): void {
    this.transact('load', (tx) => {
      tx.clear();
      for (const record of records) tx.put(record);
    });
  }

  readonly #tx: Transaction = {
    get: (key) => this.#records.get(key),
    put: (record) => {
      this.#remember(record.key);
      this.#write(record);
    },
    remove: (key) => {
      if (!this.#records.has(key)) return;
      this.#remember(key);
      this.#records.delete(key);
      this.#ordered = null;
    },
    clear: () => {
      for (const key of [...this.#records.keys()]) this.#tx.remove(key);
    },
    records: () => this.records(),
  };

  #remember(key: string): void {
    const open = this.#open;
    if (open && !open.before.has(key)) open.before.set(key, this.#records.get(key));
  }

  #write(record: ResultRecord): void {
    if (!this.#seq.has(record.key)) this.#seq.set(record.key, this.#nextSeq++);
    this.#records.set(record.key, record);
    this.#ordered = null;
  }

  #commit(open: { before: Map<string, ResultRecord | undefined>; source: ChangeSource; coalesce?: string }) {
    const diff: Diff = { added: [], updated: [], removed: [], source: open.source };
    if (open.coalesce !== undefined) diff.coalesce = open.coalesce;
    for (const [key, before] of open.before) {
      const after = this.#records.get(key);
      if (before && after) {
        if (before === after || deepEqual(before, after)) {
          // Same content: keep the old object so identity-based memos stay valid.
          this.#records.set(key, before);
          continue;
        }
        diff.updated.push([before, after]);
      } else if (after) diff.added.push(after);
      else if (before) diff.removed.push(before);
      else continue;
      this.#versions.set(key, (this.#versions.get(key) ?? 0) + 1);
    }
    if (isEmptyDiff(diff)) return;
    this.#version += 1;
    this.#ordered = null;
    for (const listener of [...this.#diffListeners]) listener(diff);
    for (const listener of [...this.#listeners]) listener();
  }
}
