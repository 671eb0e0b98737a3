/**
 * The span tool's state, shared by the Labels control (which label is armed) and the text view (what
 * is selected but not yet labelled), one per document store: label before selecting (arm a label,
 * then select: the span is made at once) or after (select, then press a label). Pure: no DOM.
 */
import type { DocumentStore } from '../../model/document-store.ts';
import type { Range } from './offsets.ts';

export interface PendingSelection extends Range {
  /** The object selected in. */
  object: string;
  /**
   * The whole region value when it is not Text's start/end/text (HyperText's xpaths and offsets): a
   * label press writes it with the labels added.
   */
  shape?: Record<string, unknown>;
}

export interface SpanToolState {
  /** Armed label entries by labels control name. */
  armed: ReadonlyMap<string, readonly number[]>;
  pending: PendingSelection | null;
  /** A relation is being drawn from this region: the next region selected is its target. */
  linkingFrom: string | null;
  /** Why the last label press made nothing (a label used up), for the control that refused. */
  note: { control: string; text: string } | null;
}

export class SpanTool {
  #state: SpanToolState = { armed: new Map(), pending: null, linkingFrom: null, note: null };
  readonly #listeners = new Set<() => void>();

  getSnapshot = (): SpanToolState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  #set(next: SpanToolState): void {
    this.#state = next;
    for (const listener of [...this.#listeners]) listener();
  }

  /** Arms (or disarms) entry `entry`; one label at a time unless the control is `choice="multiple"`. */
  toggleArmed(control: string, entry: number, multiple: boolean): void {
    const armed = new Map(this.#state.armed);
    const current = armed.get(control) ?? [];
    const next = current.includes(entry)
      ? current.filter((e) => e !== entry)
      : multiple
        ? [...current, entry]
        : [entry];
    if (next.length === 0) armed.delete(control);
    else armed.set(control, next);
    this.#set({ ...this.#state, armed, note: null });
  }

  disarm(): void {
    if (this.#state.armed.size > 0) this.#set({ ...this.#state, armed: new Map() });
  }

  setLinking(from: string | null): void {
    if (this.#state.linkingFrom !== from) this.#set({ ...this.#state, linkingFrom: from });
  }

  /** Says why a press made nothing; cleared by the next selection or label change. */
  setNote(control: string, text: string): void {
    this.#set({ ...this.#state, note: { control, text } });
  }

  setPending(pending: PendingSelection | null): void {
    const p = this.#state.pending;
    if (
      p === pending ||
      (p && pending && p.object === pending.object && p.start === pending.start && p.end === pending.end)
    )
      return;
    this.#set({ ...this.#state, pending, note: null });
  }
}

const tools = new WeakMap<DocumentStore, SpanTool>();

/** The span tool of one document (the controls and the text view of one task share it). */
export function spanToolFor(store: DocumentStore): SpanTool {
  let tool = tools.get(store);
  if (!tool) {
    tool = new SpanTool();
    tools.set(store, tool);
  }
  return tool;
}
