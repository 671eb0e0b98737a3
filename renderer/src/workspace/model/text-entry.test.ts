import { describe, expect, it } from 'vitest';
import { givenTexts, removeText, typeInBox } from './text-entry.ts';

describe('text entry', () => {
  it('typing appends one text and keeps editing it; erasing it takes it away', () => {
    let e = typeInBox(['given'], null, 'h');
    expect(e).toEqual({ texts: ['given', 'h'], pending: 1 });
    e = typeInBox(e.texts, e.pending, 'hi');
    expect(e).toEqual({ texts: ['given', 'hi'], pending: 1 });
    expect(givenTexts(e.texts, e.pending).map((g) => g.text)).toEqual(['given']);
    e = typeInBox(e.texts, e.pending, '');
    expect(e).toEqual({ texts: ['given'], pending: null });
    expect(typeInBox(['given'], null, '')).toEqual({ texts: ['given'], pending: null });
  });

  it('an undo that took the typed text away leaves an empty box', () => {
    expect(typeInBox(['given'], 1, 'x')).toEqual({ texts: ['given', 'x'], pending: 1 });
    expect(givenTexts(['given'], 1).map((g) => g.index)).toEqual([0]);
  });

  it('removing a given text before the typed one keeps the box on its text', () => {
    expect(removeText(['a', 'b', 'typing'], 2, 0)).toEqual({ texts: ['b', 'typing'], pending: 1 });
    expect(removeText(['a', 'typing'], 1, 1)).toEqual({ texts: ['a'], pending: null });
  });
});
