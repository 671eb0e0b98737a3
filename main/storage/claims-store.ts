/**
 * Leases on tasks (`<target>/.claims/<task_id>.json`), with decideClaim's rules: created with
 * If-None-Match: *, renewed or taken over with If-Match on the ETag that was read, so of two annotators
 * racing for a slot exactly one wins and the other re-reads and sees it held (412, or 409 when S3 saw
 * both writes at the same moment). Release overwrites the
 * lease with an already-expired one, also with If-Match: it needs only s3:PutObject (annotator roles
 * rarely hold s3:DeleteObject) and, unlike a plain DELETE, it cannot remove a lease someone else has
 * taken over in the meantime.
 */
import {
  claimKey,
  CLOCK_SKEW_MS,
  decideClaim,
  LEASE_DEFAULT_MS,
  newLease,
  type ExistingLease,
  type Lease,
  type Project,
} from '../tasks/index.ts';
import { LeaseSchema } from '../tasks/claims.ts';
import type { StorageS3 } from './s3-client.ts';
import { isWriteRace, readUnlessAbsent } from './absence.ts';
import { assertAccess } from './scope.ts';
import { StorageError } from './storage-errors.ts';

const MAX_LEASE_BYTES = 64 * 1024;

export type ClaimResult =
  | { status: 'claimed'; action: 'create' | 'renew' | 'take-over'; lease: Lease; etag: string }
  | { status: 'held-by-other'; holder: string; expiresAt: string };

export interface ReadLease extends ExistingLease {
  /** The body when it is a valid lease. */
  lease: Lease | null;
}

export interface ClaimsStoreOptions {
  s3: StorageS3;
  projects: readonly Project[];
  me: string;
  now?: () => Date;
  leaseMs?: number;
  maxAttempts?: number;
  /** Pause between attempts after losing a race (jittered, so two racers do not collide again). */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ClaimsStore {
  read(project: Project, taskId: string, slot?: number): Promise<ReadLease | null>;
  /** Claims, renews (own lease) or takes over (expired lease) the slot. */
  claim(project: Project, taskId: string, slot?: number): Promise<ClaimResult>;
  /** Gives the lease up; false when it is no longer ours (taken over, gone). */
  release(project: Project, taskId: string, held: { etag: string }, slot?: number): Promise<boolean>;
}

/** The lease moved under us: another ETag (412), a simultaneous write (409), or gone (404). */
function isChanged(error: unknown): boolean {
  return isWriteRace(error) || (error instanceof StorageError && error.code === 'STORAGE_NO_SUCH_KEY');
}

export function createClaimsStore(options: ClaimsStoreOptions): ClaimsStore {
  const { s3, projects, me } = options;
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? LEASE_DEFAULT_MS;
  const maxAttempts = options.maxAttempts ?? 3;
  const sleep = options.sleep ?? defaultSleep;

  async function read(project: Project, taskId: string, slot = 0): Promise<ReadLease | null> {
    const key = claimKey(project.targetPrefix, taskId, slot);
    assertAccess(projects, { bucket: project.bucket, key }, 'read');
    const object = await readUnlessAbsent(s3, project.bucket, key, () =>
      s3.getText({ Bucket: project.bucket, Key: key }, { maxBytes: MAX_LEASE_BYTES }),
    );
    if (!object) return null;
    let body: unknown = object.text;
    try {
      body = JSON.parse(object.text);
    } catch {
      // Unreadable leases are taken over by decideClaim; keep the text.
    }
    const parsed = LeaseSchema.safeParse(body);
    return { body, etag: object.etag, lease: parsed.success ? parsed.data : null };
  }

  async function put(project: Project, key: string, lease: Lease, condition: object): Promise<string> {
    const out = await s3.putObject({
      Bucket: project.bucket,
      Key: key,
      Body: `${JSON.stringify(lease)}\n`,
      ContentType: 'application/json',
      ...condition,
      ...(project.sseKmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: project.sseKmsKeyId } : {}),
    });
    return out.ETag ?? '';
  }

  async function claim(project: Project, taskId: string, slot = 0): Promise<ClaimResult> {
    const key = claimKey(project.targetPrefix, taskId, slot);
    assertAccess(projects, { bucket: project.bucket, key }, 'write');
    for (let attempt = 1; ; attempt++) {
      const existing = await read(project, taskId, slot);
      const at = now();
      const decision = decideClaim(existing, me, at);
      if (decision.action === 'held-by-other')
        return { status: 'held-by-other', holder: decision.holder, expiresAt: decision.expiresAt };
      if (attempt > maxAttempts)
        throw new StorageError(
          'STORAGE_CONTENDED',
          `Task ${taskId} is being claimed by several annotators at once; try again.`,
          { retryable: true },
        );
      const createdAt = decision.action === 'renew' ? existing?.lease?.createdAt : undefined;
      const lease = newLease(taskId, me, at, leaseMs, createdAt);
      const condition =
        'ifNoneMatch' in decision.condition
          ? { IfNoneMatch: decision.condition.ifNoneMatch }
          : { IfMatch: decision.condition.ifMatch };
      try {
        const etag = await put(project, key, lease, condition);
        return { status: 'claimed', action: decision.action, lease, etag };
      } catch (error) {
        // Someone else wrote the lease between our read and write: read again and decide again.
        if (!isChanged(error)) throw error;
      }
      await sleep(10 + Math.random() * 40 * attempt);
    }
  }

  async function release(
    project: Project,
    taskId: string,
    held: { etag: string },
    slot = 0,
  ): Promise<boolean> {
    const key = claimKey(project.targetPrefix, taskId, slot);
    assertAccess(projects, { bucket: project.bucket, key }, 'write');
    const at = now();
    // Expired by more than the clock-skew allowance, so every reader sees the slot free at once.
    const expired = newLease(taskId, me, at, -(CLOCK_SKEW_MS + 1000));
    for (let attempt = 1; ; attempt++) {
      try {
        await put(project, key, expired, { IfMatch: held.etag });
        return true;
      } catch (error) {
        if (!isChanged(error)) throw error;
        // A 409 says only that someone wrote at the same moment: ours still if the ETag did not move.
        const stillOurs =
          error instanceof StorageError &&
          error.code === 'STORAGE_WRITE_CONFLICT' &&
          attempt < maxAttempts &&
          (await read(project, taskId, slot))?.etag === held.etag;
        if (!stillOurs) return false;
      }
      await sleep(10 + Math.random() * 40 * attempt);
    }
  }

  return { read, claim, release };
}
