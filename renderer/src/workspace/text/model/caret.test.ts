import { describe, expect, it } from 'vitest';
import { moveCaret } from './caret.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('the keyboard caret', () => {
  const text = 'one two\r\nthree\n👍x';
  it('moves by grapheme, by word with Ctrl, to line ends with Home/End', () => {
    expect(moveCaret(text, 0, key('ArrowRight'))).toBe(1);
    expect(moveCaret(text, 15, key('ArrowRight'))).toBe(17);
    expect(moveCaret(text, 17, key('ArrowLeft'))).toBe(15);
    expect(moveCaret(text, 0, key('ArrowRight', { ctrlKey: true }))).toBe(3);
    expect(moveCaret(text, 7, key('ArrowLeft', { ctrlKey: true }))).toBe(4);
    expect(moveCaret(text, 2, key('End'))).toBe(7);
    expect(moveCaret(text, 11, key('Home'))).toBe(9);
    expect(moveCaret(text, 11, key('End', { ctrlKey: true }))).toBe(text.length);
  });

  it('keeps the column going up and down, and leaves Alt+arrows (task paging) alone', () => {
    expect(moveCaret(text, 2, key('ArrowDown'))).toBe(11);
    expect(moveCaret(text, 11, key('ArrowUp'))).toBe(2);
    expect(moveCaret(text, 13, key('ArrowDown'))).toBe(18);
    // Column 1 falls inside the emoji: the caret goes before it, never between its halves.
    expect(moveCaret(text, 10, key('ArrowDown'))).toBe(15);
    expect(moveCaret(text, 1, key('ArrowUp'))).toBe(0);
    expect(moveCaret(text, 1, key('ArrowRight', { altKey: true }))).toBeNull();
    expect(moveCaret(text, 1, key('a'))).toBeNull();
  });
});
