/**
 * Which region is selected (its result id), outside React like the document: tools, the region list,
 * perRegion controls and visibleWhen all read the same selection. A selected region that is removed
 * (undo, delete) is deselected by whoever removes it.
 */
import type { Selection } from './visibility.ts';

const NONE: Selection = { regionId: null };

export class SelectionStore {
  #selection: Selection = NONE;
  readonly #listeners = new Set<() => void>();

  getSnapshot = (): Selection => this.#selection;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  select(regionId: string | null): void {
    if (regionId === this.#selection.regionId) return;
    this.#selection = regionId === null ? NONE : { regionId };
    for (const listener of this.#listeners) listener();
  }
}
