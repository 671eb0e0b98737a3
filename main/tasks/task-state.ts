/**
 * A task's state in the list, computed from its annotation document and its leases only (what every
 * annotator can read from the target prefix):
 * - 'done-by-me': I have an annotation on it (submitted or skipped) — it is not offered to me again;
 * - 'done': it has `overlap` completed annotations (skips do not count, as in Label Studio);
 * - 'claimed': every remaining slot is held by someone else's live lease;
 * - 'open': anyone may take it.
 */
import type { TaskExport } from './annotation-export.ts';
import { annotationOwner, isOwnedBy } from './annotation-export.ts';
import type { Lease } from './claims.ts';
import { isLeaseActive, sameHolder } from './claims.ts';

export type TaskStateName = 'done' | 'done-by-me' | 'claimed' | 'open';

export interface TaskState {
  state: TaskStateName;
  /** Annotations that count toward overlap (not cancelled). */
  completed: number;
  overlap: number;
  /** Live leases of other annotators who have not annotated yet. */
  claimedByOthers: number;
  claimedByMe: boolean;
}

export function taskState(
  doc: TaskExport | null,
  leases: readonly Lease[],
  me: string,
  now: Date,
  overlap: number,
): TaskState {
  const annotations = doc?.annotations ?? [];
  const completed = annotations.filter((a) => a.was_cancelled !== true).length;
  const annotators = new Set(
    annotations.map((a) => annotationOwner(a)?.toLowerCase()).filter((o) => o !== undefined),
  );
  const live = leases.filter((lease) => isLeaseActive(lease, now));
  const claimedByMe = live.some((lease) => sameHolder(lease.holder, me));
  // A lease whose holder has already annotated is a leftover, not a claim on a remaining slot.
  const claimedByOthers = new Set(
    live
      .filter((lease) => !sameHolder(lease.holder, me) && !annotators.has(lease.holder.toLowerCase()))
      .map((lease) => lease.holder.toLowerCase()),
  ).size;
  const base = { completed, overlap, claimedByOthers, claimedByMe };
  if (annotations.some((a) => isOwnedBy(a, me))) return { state: 'done-by-me', ...base };
  if (completed >= overlap) return { state: 'done', ...base };
  if (!claimedByMe && claimedByOthers >= overlap - completed) return { state: 'claimed', ...base };
  return { state: 'open', ...base };
}
