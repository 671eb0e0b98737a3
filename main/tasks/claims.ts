/**
 * Leases that let several annotators share a project with no server. A lease is a small object at
 * `<target>/.claims/<task_id>.json` (slot 0; with overlap > 1, slot n lives at `<task_id>.<n>.json`),
 * created with If-None-Match: * and renewed or taken over with If-Match on the ETag that was read, so
 * two annotators racing for the same slot cannot both win. This file only decides; S3 calls come later.
 */
import { z } from 'zod';
import { assertTaskId } from './task-id.ts';

/**
 * Default lease: short, because the app renews it while the task is open (every third of it), so a
 * crashed or disconnected app blocks colleagues for a few minutes at most, not half an hour.
 */
export const LEASE_DEFAULT_MS = 3 * 60_000;
/** A lease counts as expired only this long after its expiry, so a fast clock cannot steal a live one. */
export const CLOCK_SKEW_MS = 60_000;

export const LeaseSchema = z.object({
  taskId: z.string().min(1),
  holder: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Lease = z.infer<typeof LeaseSchema>;

/** What a lease object read from S3 looked like: its body (parsed JSON, or whatever it was) and ETag. */
export interface ExistingLease {
  body: unknown;
  etag: string;
}

export type ClaimDecision =
  | { action: 'create'; condition: { ifNoneMatch: '*' } }
  | { action: 'renew'; condition: { ifMatch: string } }
  | { action: 'take-over'; condition: { ifMatch: string }; previousHolder: string | null }
  | { action: 'held-by-other'; holder: string; expiresAt: string };

export function decideClaim(existing: ExistingLease | null, me: string, now: Date): ClaimDecision {
  if (existing === null) return { action: 'create', condition: { ifNoneMatch: '*' } };
  const lease = LeaseSchema.safeParse(existing.body);
  // A lease nobody can read blocks nobody: it is taken over like an expired one (still with If-Match).
  if (!lease.success)
    return { action: 'take-over', condition: { ifMatch: existing.etag }, previousHolder: null };
  if (sameHolder(lease.data.holder, me)) return { action: 'renew', condition: { ifMatch: existing.etag } };
  if (isLeaseActive(lease.data, now))
    return { action: 'held-by-other', holder: lease.data.holder, expiresAt: lease.data.expiresAt };
  return { action: 'take-over', condition: { ifMatch: existing.etag }, previousHolder: lease.data.holder };
}

export function isLeaseActive(lease: Lease, now: Date): boolean {
  return Date.parse(lease.expiresAt) + CLOCK_SKEW_MS > now.getTime();
}

export function sameHolder(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The lease body to PUT for a create, renew or take-over. A renewal keeps its original createdAt. */
export function newLease(
  taskId: string,
  me: string,
  now: Date,
  durationMs = LEASE_DEFAULT_MS,
  createdAt?: string,
): Lease {
  assertTaskId(taskId);
  return {
    taskId,
    holder: me,
    expiresAt: new Date(now.getTime() + durationMs).toISOString(),
    createdAt: createdAt ?? now.toISOString(),
  };
}

export function claimKey(targetPrefix: string, taskId: string, slot = 0): string {
  assertTaskId(taskId);
  if (!Number.isInteger(slot) || slot < 0)
    throw new RangeError(`Lease slot must be a non-negative integer, not ${slot}.`);
  return `${targetPrefix}.claims/${taskId}${slot === 0 ? '' : `.${slot}`}.json`;
}
