/** The words for a lease that changed while the annotator worked. */
import { describe, expect, it } from 'vitest';
import { leaseMessage } from './LeaseNote.tsx';

describe('lease messages', () => {
  it('says a lapsed lease lets colleagues in, and that the work is kept', () => {
    const text = leaseMessage({ lease: 'lapsed', holder: null })!;
    expect(text).toMatch(/could not renew its hold on this task in time/);
    expect(text).toMatch(/a colleague may now pick it up/);
    expect(text).toMatch(/Your work is kept on this computer/);
  });

  it('names who took the task, and says the submit is refused while they hold it', () => {
    expect(leaseMessage({ lease: 'lost', holder: 'sam@corp.example' })).toMatch(
      /^sam@corp\.example took this task .* a submit is refused unless the task is free again\.$/,
    );
    expect(leaseMessage({ lease: 'lost', holder: null })).toMatch(/^Someone else took this task/);
  });

  it('says nothing once the lease is held again', () => {
    expect(leaseMessage({ lease: 'held', holder: null })).toBeNull();
  });
});
