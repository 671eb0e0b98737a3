/**
 * Undo/redo for one document store (one task), built from its 'user' diffs: a step keeps, per record,
 * the state before its first change and after its last, so undo and redo are diffs too (no snapshots
 * of the document, unlike Label Studio's editor). One gesture is one step: everything between
 * `beginGesture()` and `endGesture()`, and a typing burst (diffs with the same `coalesce` key within
 * `burstMs` of each other). 'load' diffs start a new document and clear the history; 'remote' diffs are
 * never undoable, and undo never overwrites a record someone else changed since.
 */
import type { ResultRecord } from '../../../../core/labeling/records.ts';
import { deepEqual } from './deep-equal.ts';
import type { Diff, DocumentStore } from './document-store.ts';

interface Step {
  /** key -> [before, after]; undefined = absent. */
  changes: Map<string, [ResultRecord | undefined, ResultRecord | undefined]>;
  coalesce?: string;
  at: number;
}

export interface HistoryOptions {
  /** Keystrokes on one control closer than this are one step. */
  burstMs?: number;
  /** Steps kept; the oldest go first. */
  limit?: number;
  now?: () => number;
}

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
}

export class History {
  readonly #store: DocumentStore;
  readonly #undo: Step[] = [];
  readonly #redo: Step[] = [];
  readonly #burstMs: number;
  readonly #limit: number;
  readonly #now: () => number;
  /** The step that may still grow (an open gesture or burst) until a mark. */
  #openStep: Step | null = null;
  #gestureDepth = 0;
  #applying = false;
  #state: HistoryState = { canUndo: false, canRedo: false };
  readonly #listeners = new Set<() => void>();
  readonly #unlisten: () => void;

  constructor(store: DocumentStore, options: HistoryOptions = {}) {
    this.#store = store;
    this.#burstMs = options.burstMs ?? 1000;
    this.#limit = options.limit ?? 500;
    this.#now = options.now ?? Date.now;
    this.#unlisten = store.listen((diff) => this.#record(diff));
  }

  getSnapshot = (): HistoryState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }

  get canRedo(): boolean {
    return this.#redo.length > 0;
  }

  /** Ends the current step: the next change starts a new one (blur, Enter in a text box). */
  mark(): void {
    if (this.#gestureDepth === 0) this.#openStep = null;
  }

  /** A drag, a slider, a pointer stroke: every change until `endGesture()` is one step. */
  beginGesture(): void {
    if (this.#gestureDepth === 0) this.#openStep = null;
    this.#gestureDepth += 1;
  }

  endGesture(): void {
    if (this.#gestureDepth === 0) return;
    this.#gestureDepth -= 1;
    if (this.#gestureDepth === 0) this.#openStep = null;
  }

  undo(): boolean {
    const step = this.#undo.pop();
    if (!step) return false;
    this.#apply(step, 0);
    this.#redo.push(step);
    this.#openStep = null;
    this.#changed();
    return true;
  }

  redo(): boolean {
    const step = this.#redo.pop();
    if (!step) return false;
    this.#apply(step, 1);
    this.#undo.push(step);
    this.#openStep = null;
    this.#changed();
    return true;
  }

  clear(): void {
    this.#undo.length = 0;
    this.#redo.length = 0;
    this.#openStep = null;
    this.#changed();
  }

  dispose(): void {
    this.#unlisten();
    this.#listeners.clear();
  }

  /** Writes side `to` (0 = before, 1 = after) of each change whose record still holds the other side. */
  #apply(step: Step, to: 0 | 1): void {
    this.#applying = true;
    try {
      this.#store.transact('user', (tx) => {
        for (const [key, pair] of step.changes) {
          const expected = pair[to === 0 ? 1 : 0];
          const target = pair[to];
          const current = tx.get(key);
          // Changed by someone else since (a remote merge): theirs stays.
          if (!sameRecord(current, expected)) continue;
          if (target) tx.put(target);
          else tx.remove(key);
        }
      });
    } finally {
      this.#applying = false;
    }
  }

  #record(diff: Diff): void {
    if (diff.source === 'load') return this.clear();
    if (diff.source !== 'user' || this.#applying) return;
    const now = this.#now();
    const open = this.#openStep;
    const joins =
      open !== null &&
      open === this.#undo.at(-1) &&
      (this.#gestureDepth > 0 ||
        (diff.coalesce !== undefined && diff.coalesce === open.coalesce && now - open.at <= this.#burstMs));
    const step: Step = joins ? open : { changes: new Map(), at: now };
    if (!joins) {
      if (diff.coalesce !== undefined && this.#gestureDepth === 0) step.coalesce = diff.coalesce;
      this.#undo.push(step);
      if (this.#undo.length > this.#limit) this.#undo.shift();
    }
    step.at = now;
    const note = (key: string, before: ResultRecord | undefined, after: ResultRecord | undefined) => {
      const seen = step.changes.get(key);
      if (seen) seen[1] = after;
      else step.changes.set(key, [before, after]);
    };
    for (const record of diff.added) note(record.key, undefined, record);
    for (const [before, after] of diff.updated) note(after.key, before, after);
    for (const record of diff.removed) note(record.key, record, undefined);
    // A burst that came back to where it started (typed, then erased) undoes nothing.
    for (const [key, [before, after]] of step.changes)
      if (sameRecord(before, after)) step.changes.delete(key);
    if (step.changes.size === 0) {
      this.#undo.pop();
      this.#openStep = null;
    } else this.#openStep = this.#gestureDepth > 0 || step.coalesce !== undefined ? step : null;
    this.#redo.length = 0;
    this.#changed();
  }

  #changed(): void {
    const next = { canUndo: this.canUndo, canRedo: this.canRedo };
    if (next.canUndo === this.#state.canUndo && next.canRedo === this.#state.canRedo) return;
    this.#state = next;
    for (const listener of [...this.#listeners]) listener();
  }
}

function sameRecord(a: ResultRecord | undefined, b: ResultRecord | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a === b || deepEqual(a, b);
}
