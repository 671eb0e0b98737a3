import { describe, expect, it } from 'vitest';
import {
  globalOffset,
  hyperTextValue,
  pointAtGlobal,
  pointAtGlobalEnd,
  resolveXPath,
  textNodes,
  toTextPoint,
  xpathOf,
  type XNode,
} from './xpath.ts';

/** A small DOM stand-in: elements by name, text nodes by content. */
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

// <div><p>Hello <b>big</b> world</p><p>Second 👍 line</p></div> inside the HyperText root
const hello = txt('Hello ');
const big = txt('big');
const world = txt(' world');
const second = txt('Second 👍 line');
const p1 = el('p', [hello, el('b', [big]), world]);
const p2 = el('p', [second]);
const root = el('div', [el('div', [p1, p2])]);

describe("HyperText xpaths and offsets, as Label Studio's", () => {
  it('names text nodes by element steps and text() indexes, 1-based among same-named siblings', () => {
    expect(xpathOf(root, hello)).toBe('/div[1]/p[1]/text()[1]');
    expect(xpathOf(root, world)).toBe('/div[1]/p[1]/text()[2]');
    expect(xpathOf(root, big)).toBe('/div[1]/p[1]/b[1]/text()[1]');
    expect(xpathOf(root, second)).toBe('/div[1]/p[2]/text()[1]');
    expect(xpathOf(root, txt('elsewhere'))).toBeNull();
  });

  it('resolves its own xpaths back (case-insensitive names; a missing step is null)', () => {
    for (const node of textNodes(root)) expect(resolveXPath(root, xpathOf(root, node)!)).toBe(node);
    expect(resolveXPath(root, '/DIV[1]/P[2]/text()[1]')).toBe(second);
    expect(resolveXPath(root, '/div[1]/p[3]/text()[1]')).toBeNull();
    expect(resolveXPath(root, '/div[1]/p[1]/script()')).toBeNull();
  });

  it('global offsets count the text nodes in order (UTF-16 code units: the emoji is 2)', () => {
    expect(globalOffset(root, big, 1)).toBe(7);
    expect(globalOffset(root, second, 9)).toBe(24);
    expect(pointAtGlobal(root, 7)).toEqual({ node: big, offset: 1 });
    expect(pointAtGlobal(root, 6)).toEqual({ node: big, offset: 0 });
    expect(pointAtGlobal(root, 999)).toEqual({ node: second, offset: second.nodeValue!.length });
    // A span's end at a node boundary is the end of the node before (as a mouse selection ends).
    expect(pointAtGlobalEnd(root, 6)).toEqual({ node: hello, offset: 6 });
    expect(pointAtGlobalEnd(root, 15)).toEqual({ node: world, offset: 6 });
    expect(pointAtGlobalEnd(root, 0)).toEqual({ node: hello, offset: 0 });
  });

  it('makes the value Label Studio stores for a selection across elements', () => {
    expect(hyperTextValue(root, { node: hello, offset: 0 }, { node: world, offset: 6 })).toEqual({
      start: '/div[1]/p[1]/text()[1]',
      end: '/div[1]/p[1]/text()[2]',
      startOffset: 0,
      endOffset: 6,
      globalOffsets: { start: 0, end: 15 },
      text: 'Hello big world',
    });
    // An element point (before <b>) moves into the text beside it.
    expect(toTextPoint(root, p1, 1)).toEqual({ node: big, offset: 0 });
    expect(hyperTextValue(root, { node: p1, offset: 1 }, { node: second, offset: 6 })?.text).toBe(
      'big worldSecond',
    );
    expect(hyperTextValue(root, { node: big, offset: 2 }, { node: big, offset: 2 })).toBeNull();
  });
});
