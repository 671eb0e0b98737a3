/**
 * Regions by where they are (rbush, an R-tree), for the two questions that must not cost a loop over
 * thousands of regions: what is in view (culling) and what is under the pointer (hit candidates, then
 * exact geometry, topmost first). Kept up to date from the regions' identities: a region whose record
 * object did not change is not touched, so a one-region edit is one remove and one insert.
 */
import RBush from 'rbush';
import type { Bounds, Point } from './camera.ts';
import { hitShape, shapeBounds } from './geometry.ts';
import type { ImageRegion } from './regions.ts';

interface Entry extends Bounds {
  region: ImageRegion;
  /** Document order: higher is drawn later (on top). */
  rank: number;
}

export class SpatialIndex {
  readonly #tree = new RBush<Entry>();
  readonly #entries = new Map<string, Entry>();

  get size(): number {
    return this.#entries.size;
  }

  /** Brings the index to `regions` (in document order); returns whether anything changed. */
  sync(regions: readonly ImageRegion[]): boolean {
    const seen = new Set<string>();
    const stale: Entry[] = [];
    const fresh: Entry[] = [];
    regions.forEach((region, rank) => {
      seen.add(region.id);
      const old = this.#entries.get(region.id);
      if (old && old.region.record === region.record && old.rank === rank) {
        old.region = region;
        return;
      }
      if (old) stale.push(old);
      const entry: Entry = { ...shapeBounds(region.shape), region, rank };
      fresh.push(entry);
      this.#entries.set(region.id, entry);
    });
    for (const [id, entry] of this.#entries)
      if (!seen.has(id)) {
        stale.push(entry);
        this.#entries.delete(id);
      }
    if (stale.length === 0 && fresh.length === 0) return false;
    // Many changes (a task opened): rebuilding in bulk is faster than one by one.
    if (stale.length + fresh.length > 256) {
      this.#tree.clear();
      this.#tree.load([...this.#entries.values()]);
    } else {
      for (const entry of stale) this.#tree.remove(entry);
      for (const entry of fresh) this.#tree.insert(entry);
    }
    return true;
  }

  /** Regions whose bounds meet `bounds`, in document order (the order they are drawn). */
  inView(bounds: Bounds): ImageRegion[] {
    return this.#tree
      .search(bounds)
      .sort((a, b) => a.rank - b.rank)
      .map((e) => e.region);
  }

  /** The topmost region under `p` that `accept` allows, by exact geometry; `tolerance` in natural px. */
  hit(
    p: Point,
    tolerance: number,
    accept: (region: ImageRegion) => boolean = () => true,
  ): ImageRegion | null {
    const candidates = this.#tree.search({
      minX: p.x - tolerance,
      minY: p.y - tolerance,
      maxX: p.x + tolerance,
      maxY: p.y + tolerance,
    });
    candidates.sort((a, b) => b.rank - a.rank);
    for (const entry of candidates)
      if (accept(entry.region) && hitShape(entry.region.shape, p, tolerance)) return entry.region;
    return null;
  }

  get(id: string): ImageRegion | undefined {
    return this.#entries.get(id)?.region;
  }
}
