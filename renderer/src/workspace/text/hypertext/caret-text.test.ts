import { describe, expect, it } from 'vitest';
import { caretText, readText, toDisplay, toGlobal } from './caret-text.ts';
import type { XNode } from './xpath.ts';

function el(name: string, children: XNode[]): XNode {
  const node: XNode = {
    nodeType: 1,
    nodeName: name.toUpperCase(),
    parentNode: null,
    childNodes: children,
    nodeValue: null,
  };
  for (const c of children) c.parentNode = node;
  return node;
}
const txt = (value: string): XNode => ({
  nodeType: 3,
  nodeName: '#text',
  parentNode: null,
  childNodes: [],
  nodeValue: value,
});

describe('the HyperText caret text', () => {
  // <h1>Title</h1><p>Hello <b>big</b> world</p><p>Line<br>two</p>tail
  const root = el('div', [
    el('h1', [txt('Title')]),
    el('p', [txt('Hello '), el('b', [txt('big')]), txt(' world')]),
    el('p', [txt('Line'), el('br', []), txt('two')]),
    txt('tail'),
  ]);
  const ct = caretText(root);

  it('is the global text with a line break where each block starts (inline elements add none)', () => {
    expect(ct.text).toBe('Title\nHello big world\nLine\ntwo\ntail');
    // Global offsets (Label Studio's globalOffsets count text nodes only): Title=0..5, Hello…=5..20.
    expect(ct.breaks).toEqual([5, 20, 24, 27]);
  });

  it('maps display offsets to global offsets and back', () => {
    expect(toGlobal(ct, 0)).toBe(0);
    expect(toGlobal(ct, 5)).toBe(5); // end of "Title"
    expect(toGlobal(ct, 6)).toBe(5); // start of "Hello": the same global point
    expect(toGlobal(ct, ct.text.indexOf('big'))).toBe(11);
    expect(toGlobal(ct, ct.text.length)).toBe(31);
    expect(toDisplay(ct, 5)).toBe(6);
    expect(toDisplay(ct, 11)).toBe(ct.text.indexOf('big'));
    for (let g = 0; g <= 31; g++) expect(toGlobal(ct, toDisplay(ct, g))).toBe(g);
  });

  it('has no breaks in HTML of one block, and none before the first text', () => {
    const one = caretText(el('div', [el('p', [txt('only '), el('i', [txt('this')])])]));
    expect(one).toEqual({ text: 'only this', breaks: [], lines: [], whole: 'only this' });
  });

  it("reads a span's text as Label Studio stores it: blocks on lines of their own, a blank line at a paragraph", () => {
    // Label Studio's own HyperText example stores a span from one <p> into the next as
    // "appreciated.\n\nVincent: …" while its globalOffsets count the text nodes only.
    expect(readText(ct, 0, 5)).toBe('Title');
    expect(readText(ct, 2, 11)).toBe('tle\n\nHello ');
    expect(readText(ct, 17, 26)).toBe('rld\n\nLine\ntw');
    expect(readText(ct, 24, 31)).toBe('two\n\ntail');
    // A range ending where a block starts, or starting there, has no break of its own.
    expect(readText(ct, 5, 20)).toBe('Hello big world');
    const nested = caretText(
      el('div', [
        el('div', [el('p', [txt('one.')])]),
        el('div', [el('div', [el('p', [el('b', [txt('Two')]), txt(': three')])])]),
      ]),
    );
    expect(readText(nested, 0, 14)).toBe('one.\n\nTwo: three');
    expect(nested.breaks).toEqual([4]);
  });
});
