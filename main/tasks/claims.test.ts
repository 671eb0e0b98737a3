import { describe, expect, it } from 'vitest';
import type { Lease } from './claims.ts';
import { claimKey, CLOCK_SKEW_MS, decideClaim, LEASE_DEFAULT_MS, newLease } from './claims.ts';
import { taskIdFor } from './task-id.ts';

const ME = 'alice@acme.example';
const BOB = 'bob@acme.example';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const TASK = taskIdFor('street/tasks/a.json');

function lease(holder: string, expiresInMs: number): Lease {
  return newLease(TASK, holder, new Date(NOW.getTime() + expiresInMs - LEASE_DEFAULT_MS));
}

describe('decideClaim', () => {
  it('creates with If-None-Match: * when there is no lease', () => {
    expect(decideClaim(null, ME, NOW)).toEqual({ action: 'create', condition: { ifNoneMatch: '*' } });
  });

  it('renews my own lease with If-Match, expired or not', () => {
    expect(decideClaim({ body: lease(ME, 60_000), etag: '"e1"' }, ME, NOW)).toEqual({
      action: 'renew',
      condition: { ifMatch: '"e1"' },
    });
    expect(decideClaim({ body: lease('ALICE@acme.example', -3_600_000), etag: '"e2"' }, ME, NOW).action).toBe(
      'renew',
    );
  });

  it("reports someone else's live lease with holder and expiry", () => {
    const live = lease(BOB, 5 * 60_000);
    expect(decideClaim({ body: live, etag: '"e"' }, ME, NOW)).toEqual({
      action: 'held-by-other',
      holder: BOB,
      expiresAt: live.expiresAt,
    });
  });

  it('waits out clock skew before taking over an expired lease', () => {
    expect(decideClaim({ body: lease(BOB, -CLOCK_SKEW_MS + 1000), etag: '"e"' }, ME, NOW).action).toBe(
      'held-by-other',
    );
    expect(decideClaim({ body: lease(BOB, -CLOCK_SKEW_MS - 1000), etag: '"e3"' }, ME, NOW)).toEqual({
      action: 'take-over',
      condition: { ifMatch: '"e3"' },
      previousHolder: BOB,
    });
  });

  it.each([null, 'garbage', { taskId: TASK, holder: BOB }, { ...lease(BOB, 60_000), expiresAt: 'tomorrow' }])(
    'takes over an unreadable lease %j (with If-Match, so a racing writer still wins once)',
    (body) => {
      expect(decideClaim({ body, etag: '"x"' }, ME, NOW)).toEqual({
        action: 'take-over',
        condition: { ifMatch: '"x"' },
        previousHolder: null,
      });
    },
  );
});

describe('newLease and claimKey', () => {
  it('builds the lease body, keeping createdAt on renewal', () => {
    expect(newLease(TASK, ME, NOW)).toEqual({
      taskId: TASK,
      holder: ME,
      expiresAt: '2026-03-01T12:03:00.000Z',
      createdAt: '2026-03-01T12:00:00.000Z',
    });
    expect(newLease(TASK, ME, NOW, 60_000, '2026-03-01T11:00:00.000Z').createdAt).toBe(
      '2026-03-01T11:00:00.000Z',
    );
  });

  it('puts slot 0 at <target>/.claims/<task_id>.json and further slots beside it', () => {
    expect(claimKey('street/annotations/', TASK)).toBe(`street/annotations/.claims/${TASK}.json`);
    expect(claimKey('street/annotations/', TASK, 2)).toBe(`street/annotations/.claims/${TASK}.2.json`);
    expect(() => claimKey('street/annotations/', '../x')).toThrow(
      expect.objectContaining({ code: 'TASK_ID_INVALID' }),
    );
    expect(() => claimKey('street/annotations/', TASK, -1)).toThrow(RangeError);
  });
});
