import { describe, expect, it } from 'vitest';
import { formatDataPath, getDataPath, hasVariables, parseDataPath, substituteText } from './data-path.ts';

describe('data paths', () => {
  it('looks up nested fields and indexes, own properties only', () => {
    const data = { a: { b: [{ c: 1 }] }, n: null };
    expect(getDataPath(data, parseDataPath('$a.b[0].c')!)).toBe(1);
    expect(getDataPath(data, parseDataPath('$a.b[1].c')!)).toBeUndefined();
    expect(getDataPath(data, parseDataPath('$n.x')!)).toBeUndefined();
    expect(getDataPath(data, parseDataPath('$a.constructor')!)).toBeUndefined();
    expect(getDataPath({}, parseDataPath('$toString')!)).toBeUndefined();
  });

  it('formats a path as people read it', () => {
    expect(formatDataPath(parseDataPath('$pages[2].url')!)).toBe('pages[2].url');
  });

  it('substitutes variables in text, trailing punctuation kept, missing ones named', () => {
    expect(
      substituteText('Title: $title. Year $meta.year; $n[1]!', {
        title: 'Dune',
        meta: { year: 1965 },
        n: [0, 7],
      }),
    ).toEqual({
      text: 'Title: Dune. Year 1965; 7!',
      missing: [],
    });
    expect(substituteText('By $author', {})).toEqual({ text: 'By ', missing: ['author'] });
    expect(substituteText('Costs 5$', {})).toEqual({ text: 'Costs 5$', missing: [] });
    expect(hasVariables('no vars here')).toBe(false);
    expect(hasVariables('a $b')).toBe(true);
  });
});
