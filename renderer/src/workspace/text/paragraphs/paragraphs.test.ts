import { describe, expect, it } from 'vitest';
import { paragraphAt, paragraphText, paragraphValue, virtualRange } from './paragraphs.ts';

const dialogue = [
  { author: 'Agent', text: 'Hello, how can I help?' },
  { author: 'Customer', text: 'My 👍 order is late.' },
  { author: 'Agent', text: 'Sorry!' },
];

describe('paragraphs as one virtual text', () => {
  const doc = paragraphText(dialogue);
  it('lays the turns end to end with a newline between', () => {
    expect(doc.text).toBe('Hello, how can I help?\nMy 👍 order is late.\nSorry!');
    expect(doc.paragraphs.map((p) => [p.name, p.base])).toEqual([
      ['Agent', 0],
      ['Customer', 23],
      ['Agent', 44],
    ]);
    expect(paragraphAt(doc, 22)?.index).toBe(0);
    expect(paragraphAt(doc, 23)?.index).toBe(1);
    // Other keys (nameKey/textKey), missing fields, a non-list.
    expect(paragraphText([{ who: 'A', said: 'x' }, {}], 'who', 'said').text).toBe('x\n');
    expect(paragraphText(null).paragraphs).toEqual([]);
  });

  it("writes a span across two turns as Label Studio's paragraphlabels value", () => {
    const value = paragraphValue(doc, { start: 17, end: 28 });
    expect(value).toEqual({ start: '0', end: '1', startOffset: 17, endOffset: 5, text: 'help?\nMy 👍' });
    expect(virtualRange(doc, value!)).toEqual({ start: 17, end: 28 });
  });

  it('moves a start on the newline to the next turn, and clamps an end past a turn', () => {
    expect(paragraphValue(doc, { start: 22, end: 25 })).toEqual({
      start: '1',
      end: '1',
      startOffset: 0,
      endOffset: 2,
      text: 'My',
    });
    expect(paragraphValue(doc, { start: 22, end: 23 })).toBeNull();
    expect(virtualRange(doc, { start: '5', end: '6', startOffset: 0, endOffset: 1 })).toBeNull();
  });

  it("reads a turn's time in the audio: start with end, or start with duration; nothing else", () => {
    const timed = paragraphText([
      { author: 'A', text: 'a', start: 1.5, end: 2.5 },
      { author: 'B', text: 'b', start: 3, duration: 0.5 },
      { author: 'C', text: 'c', start: 4 },
      { author: 'D', text: 'd', start: '5', end: 6 },
      { author: 'E', text: 'e', start: 7, end: 7 },
    ]);
    expect(timed.paragraphs.map((p) => [p.start, p.end])).toEqual([
      [1.5, 2.5],
      [3, 3.5],
      [4, undefined],
      [undefined, undefined],
      [7, undefined],
    ]);
  });
});
