/**
 * Concurrent writers without a server. Every write is a conditional PUT; after a 412 the app re-reads
 * the document ("theirs") and merges it with what it last read ("base") and what it wants to write
 * ("mine"). Annotations are matched by id, and an annotator only ever asserts their own:
 * - others' annotations and task-level fields always come from theirs (kept, never overwritten);
 * - my annotations replace theirs by id, my new ones are added, my deletions are applied;
 * - a true conflict — one of my annotations changed or deleted elsewhere since base while I changed
 *   or deleted it too — keeps their version in the merged document and is returned with both versions
 *   for the annotator to resolve. Annotations without an id are never "mine";
 * - a new annotation of mine while theirs holds one of mine I never saw (made on another computer, or
 *   before I opened the task offline, when the file could not be read) is a true conflict too: by id
 *   both would be kept, and I would have two annotations on one task.
 */
import type { Annotation, TaskExport } from './annotation-export.ts';
import { isOwnedBy } from './annotation-export.ts';

export interface AnnotationConflict {
  annotationId: number | string;
  /** My version; null when I deleted it. */
  mine: Annotation | null;
  /** Their version; null when it was deleted elsewhere. */
  theirs: Annotation | null;
  reason: 'changed-on-both-sides' | 'deleted-elsewhere' | 'deleted-here-changed-elsewhere';
}

export interface MergeResult {
  /** Safe to write (with If-Match on theirs' ETag): nothing of theirs is lost. */
  doc: TaskExport;
  conflicts: AnnotationConflict[];
}

/**
 * @param base the document as last read before my edits, or null if none existed
 * @param mine my local document
 * @param theirs the document just re-read after a 412, or null if it no longer exists
 */
export function mergeTaskExport(
  base: TaskExport | null,
  mine: TaskExport,
  theirs: TaskExport | null,
  me: string,
): MergeResult {
  const baseById = byId(base?.annotations ?? [], me);
  const mineById = byId(mine.annotations ?? [], me);
  const result: (Annotation | null)[] = [...(theirs?.annotations ?? [])];
  const theirsIndex = new Map<number | string, number>();
  result.forEach((a, i) => {
    if (a?.id !== undefined) theirsIndex.set(a.id, i);
  });
  const conflicts: AnnotationConflict[] = [];
  // Mine in theirs that I never saw: neither in what I read nor in what I write.
  const unseenOfMine = [...byId(theirs?.annotations ?? [], me)].filter(
    ([id]) => !baseById.has(id) && !mineById.has(id),
  );

  for (const [id, m] of mineById) {
    const b = baseById.get(id);
    const at = theirsIndex.get(id);
    const t = at === undefined ? undefined : (result[at] as Annotation);
    if (t === undefined) {
      const unseen = unseenOfMine[0]?.[1];
      if (b === undefined && unseen)
        conflicts.push({ annotationId: id, mine: m, theirs: unseen, reason: 'changed-on-both-sides' });
      else if (b === undefined)
        result.push(m); // new
      else if (!sameJson(m, b))
        conflicts.push({ annotationId: id, mine: m, theirs: null, reason: 'deleted-elsewhere' });
      // else: unchanged here, deleted elsewhere: the deletion stands.
    } else if (sameJson(t, m)) {
      // Already there (an earlier attempt landed even though its response was lost).
    } else if (b !== undefined && sameJson(t, b)) {
      result[at as number] = m; // changed only here
    } else if (b !== undefined && sameJson(m, b)) {
      // changed only elsewhere: theirs stands
    } else {
      conflicts.push({ annotationId: id, mine: m, theirs: t, reason: 'changed-on-both-sides' });
    }
  }

  // My deletions: annotations of mine in base that are gone from my document.
  for (const [id, b] of baseById) {
    if (mineById.has(id)) continue;
    const at = theirsIndex.get(id);
    if (at === undefined) continue;
    const t = result[at] as Annotation;
    if (sameJson(t, b)) result[at] = null;
    else
      conflicts.push({ annotationId: id, mine: null, theirs: t, reason: 'deleted-here-changed-elsewhere' });
  }

  const annotations = result.filter((a): a is Annotation => a !== null);
  const doc: TaskExport = theirs ? { ...theirs, annotations } : { ...mine, annotations };
  return { doc, conflicts };
}

/** My annotations that carry an id, by id. */
function byId(annotations: readonly Annotation[], me: string): Map<number | string, Annotation> {
  const out = new Map<number | string, Annotation>();
  for (const a of annotations) if (a.id !== undefined && isOwnedBy(a, me)) out.set(a.id, a);
  return out;
}

/** Structural equality independent of key order (documents pass through different serialisers). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}
