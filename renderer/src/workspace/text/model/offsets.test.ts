import { describe, expect, it } from 'vitest';
import {
  applyGranularity,
  granularityOf,
  lineEnd,
  lineStart,
  nextGrapheme,
  nextWordEnd,
  previousGrapheme,
  previousWordStart,
} from './offsets.ts';

describe('text offsets are JavaScript string indices (UTF-16 code units), whitespace included', () => {
  it('counts a tab as 1, CRLF as 2, an emoji as 2 and a combining accent as 1', () => {
    const text = 'a\tb\r\nc 👍 e\u0301!';
    // The span's text is exactly value.slice(start, end), as Label Studio stores it.
    expect(text.indexOf('b')).toBe(2);
    expect(text.indexOf('c')).toBe(5);
    expect(text.slice(7, 9)).toBe('👍');
    expect(text.slice(10, 12)).toBe('e\u0301');
    expect(applyGranularity(text, { start: 2, end: 6 }, 'symbol')).toEqual({ start: 2, end: 6 });
  });

  it('moves the caret by grapheme: never inside a surrogate pair, an accent, or a ZWJ family', () => {
    const text = 'x👍e\u0301👨‍👩‍👧y';
    expect(nextGrapheme(text, 0)).toBe(1);
    expect(nextGrapheme(text, 1)).toBe(3);
    expect(nextGrapheme(text, 3)).toBe(5);
    const family = '👨‍👩‍👧'.length;
    expect(nextGrapheme(text, 5)).toBe(5 + family);
    expect(previousGrapheme(text, 5 + family)).toBe(5);
    expect(previousGrapheme(text, 5)).toBe(3);
    expect(previousGrapheme(text, 3)).toBe(1);
    expect(previousGrapheme(text, 0)).toBe(0);
    expect(nextGrapheme(text, text.length)).toBe(text.length);
  });

  it('word granularity widens to whole words and drops surrounding whitespace', () => {
    const text = 'Bill Gates and Paul';
    expect(applyGranularity(text, { start: 2, end: 7 }, 'word')).toEqual({ start: 0, end: 10 });
    expect(applyGranularity(text, { start: 4, end: 6 }, 'word')).toEqual({ start: 5, end: 10 });
    expect(applyGranularity(text, { start: 4, end: 5 }, 'word')).toBeNull();
    // Accents and non-Latin letters are word characters.
    expect(applyGranularity('le café noir', { start: 4, end: 5 }, 'word')).toEqual({ start: 3, end: 7 });
    expect(applyGranularity('e\u0301te\u0301 x', { start: 1, end: 2 }, 'word')).toEqual({ start: 0, end: 5 });
  });

  it('sentence and paragraph granularity', () => {
    const text = 'First one. Second "two"! Third\nNext line here';
    expect(applyGranularity(text, { start: 13, end: 15 }, 'sentence')).toEqual({ start: 11, end: 24 });
    expect(text.slice(11, 24)).toBe('Second "two"!');
    expect(applyGranularity(text, { start: 26, end: 27 }, 'sentence')).toEqual({ start: 25, end: 30 });
    expect(applyGranularity(text, { start: 3, end: 4 }, 'paragraph')).toEqual({ start: 0, end: 30 });
    const crlf = 'one\r\ntwo two\r\nthree';
    expect(applyGranularity(crlf, { start: 6, end: 7 }, 'paragraph')).toEqual({ start: 5, end: 12 });
  });

  it('reads granularity as Label Studio does: unknown values are symbol', () => {
    expect(granularityOf('word')).toBe('word');
    expect(granularityOf(undefined)).toBe('symbol');
    expect(granularityOf('letters')).toBe('symbol');
  });

  it('finds words and line ends for the caret (CR before LF is not part of the line)', () => {
    const text = 'ab  cd\r\nef';
    expect(nextWordEnd(text, 0)).toBe(2);
    expect(nextWordEnd(text, 2)).toBe(6);
    expect(previousWordStart(text, 6)).toBe(4);
    expect(previousWordStart(text, 4)).toBe(0);
    expect(lineEnd(text, 1)).toBe(6);
    expect(lineStart(text, 9)).toBe(8);
  });
});
