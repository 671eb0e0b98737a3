import { describe, expect, it } from 'vitest';
import { SelectionStore } from './selection-store.ts';

describe('selection store', () => {
  it('tells its listeners of a real change only, and keeps one snapshot per selection', () => {
    const selection = new SelectionStore();
    let calls = 0;
    selection.subscribe(() => calls++);
    const none = selection.getSnapshot();
    selection.select(null);
    expect(calls).toBe(0);
    selection.select('r1');
    const first = selection.getSnapshot();
    selection.select('r1');
    expect(calls).toBe(1);
    expect(first).toEqual({ regionId: 'r1' });
    expect(selection.getSnapshot()).toBe(first);
    selection.select(null);
    expect(selection.getSnapshot()).toBe(none);
    expect(calls).toBe(2);
  });
});
