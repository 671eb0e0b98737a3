import { describe, expect, it } from 'vitest';
import { candidatesBelow, findSessionDuration } from './session-duration.ts';

const refusal = Object.assign(new Error('The requested DurationSeconds exceeds the MaxSessionDuration'), {
  name: 'ValidationError',
});
const isRefusal = (error: unknown) => error === refusal;

/** STS as the lab plays it: a role with a maximum; every call recorded. */
function role(maxSeconds: number, failAfter = Infinity) {
  const calls: number[] = [];
  return {
    calls,
    attempt: async (seconds: number) => {
      calls.push(seconds);
      if (calls.length > failAfter) throw new Error('network down');
      if (seconds > maxSeconds) throw refusal;
      return `session of ${seconds}`;
    },
  };
}

describe('finding the longest session a role allows', () => {
  it.each(Array.from({ length: 12 }, (_, i) => (i + 1) * 3600))(
    'finds a maximum of %i s from 12 h in at most 4 extra calls',
    async (maximum) => {
      const sts = role(maximum);
      const found = await findSessionDuration({ wanted: 43_200, attempt: sts.attempt, isRefusal });
      expect(found.seconds).toBe(maximum);
      expect(found.result).toBe(`session of ${maximum}`);
      expect(sts.calls[0]).toBe(43_200);
      expect(sts.calls.length - 1).toBeLessThanOrEqual(4);
      expect(found.learnedMaximum).toBe(maximum === 43_200 ? undefined : maximum);
    },
  );

  it('asks for the known maximum at once, and for less when less is wanted', async () => {
    const sts = role(8 * 3600);
    expect(
      (await findSessionDuration({ wanted: 43_200, known: 28_800, attempt: sts.attempt, isRefusal })).seconds,
    ).toBe(28_800);
    expect(
      (await findSessionDuration({ wanted: 7200, known: 28_800, attempt: sts.attempt, isRefusal })).seconds,
    ).toBe(7200);
    expect(sts.calls).toEqual([28_800, 7200]);
  });

  it('searches below a known maximum that IT has since lowered', async () => {
    const sts = role(2 * 3600);
    const found = await findSessionDuration({
      wanted: 43_200,
      known: 28_800,
      attempt: sts.attempt,
      isRefusal,
    });
    expect(found).toMatchObject({ seconds: 7200, learnedMaximum: 7200 });
  });

  it('falls back to 15 minutes when even an hour is refused, and fails with the refusal below that', async () => {
    const quarter = role(900);
    expect((await findSessionDuration({ wanted: 3600, attempt: quarter.attempt, isRefusal })).seconds).toBe(
      900,
    );
    expect(quarter.calls).toEqual([3600, 900]);
    await expect(findSessionDuration({ wanted: 3600, attempt: role(0).attempt, isRefusal })).rejects.toBe(
      refusal,
    );
  });

  it('stops at another error, but keeps a session it already has', async () => {
    await expect(
      findSessionDuration({ wanted: 43_200, attempt: role(3600, 1).attempt, isRefusal }),
    ).rejects.toThrow('network down');
    // 12 h refused, 6 h granted, then the network fails: the 6-hour session is used, nothing learned.
    const found = await findSessionDuration({
      wanted: 43_200,
      attempt: role(8 * 3600, 2).attempt,
      isRefusal,
    });
    expect(found).toMatchObject({ seconds: 6 * 3600 });
    expect(found.learnedMaximum).toBeUndefined();
  });

  it('tries whole hours below the refused length, or 15 minutes below an hour', () => {
    expect(candidatesBelow(43_200)).toHaveLength(11);
    expect(candidatesBelow(5400)).toEqual([3600]);
    expect(candidatesBelow(3600)).toEqual([900]);
    expect(candidatesBelow(900)).toEqual([]);
  });
});
