import { describe, expect, it } from 'vitest';
import { offsetToPoint, pointToOffset, type NodeLike } from './dom-offsets.ts';

/** A tiny stand-in for the DOM the text view draws: elements with data-o, text nodes. */
function el(o: number | null, children: NodeLike[]): NodeLike {
  const node: NodeLike = {
    nodeType: 1,
    parentNode: null,
    childNodes: children,
    get textContent() {
      return children.map((c) => c.textContent ?? '').join('');
    },
    getAttribute: (name) => (name === 'data-o' && o !== null ? String(o) : null),
  };
  for (const child of children) child.parentNode = node;
  return node;
}
const txt = (text: string): NodeLike => ({
  nodeType: 3,
  parentNode: null,
  childNodes: [],
  textContent: text,
});

describe('DOM points ↔ text offsets', () => {
  // "a\tb👍" | caret at 4 | "c\r\nd"   in one chunk, then a second chunk "xyz"
  const t1 = txt('a\tb👍');
  const t2 = txt('c\r\nd');
  const t3 = txt('xyz');
  const caret = el(5, []);
  const chunk1 = el(0, [el(0, [t1]), caret, el(5, [t2])]);
  const chunk2 = el(9, [el(9, [t3])]);
  const root = el(null, [chunk1, chunk2]);

  it('maps a point in a text node to its run start plus the offset (UTF-16 units)', () => {
    expect(pointToOffset(root, t1, 3)).toBe(3);
    expect(pointToOffset(root, t1, 5)).toBe(5);
    expect(pointToOffset(root, t2, 3)).toBe(8);
    expect(pointToOffset(root, t3, 1)).toBe(10);
  });

  it('maps element points (before a child, after the last) and ignores the caret', () => {
    expect(pointToOffset(root, chunk1, 0)).toBe(0);
    expect(pointToOffset(root, chunk1, 1)).toBe(5);
    expect(pointToOffset(root, chunk1, 3)).toBe(9);
    expect(pointToOffset(root, root, 1)).toBe(9);
    expect(pointToOffset(root, root, 2)).toBe(12);
  });

  it('refuses points outside the text', () => {
    expect(pointToOffset(root, txt('elsewhere'), 0)).toBeNull();
  });

  it('counts bare text between runs from the element before it', () => {
    const bare1 = txt('ab');
    const bare2 = txt('ef');
    const span = txt('cd');
    const chunk = el(10, [bare1, el(12, [span]), bare2]);
    const host = el(null, [chunk]);
    expect(pointToOffset(host, bare1, 1)).toBe(11);
    expect(pointToOffset(host, span, 1)).toBe(13);
    expect(pointToOffset(host, bare2, 2)).toBe(16);
    expect(pointToOffset(host, chunk, 2)).toBe(14);
    expect(offsetToPoint(chunk, 11)).toEqual({ node: bare1, offset: 1 });
    expect(offsetToPoint(chunk, 13)).toEqual({ node: span, offset: 1 });
    expect(offsetToPoint(chunk, 15)).toEqual({ node: bare2, offset: 1 });
  });

  it('finds the DOM point of an offset (for ranges drawn over spans)', () => {
    expect(offsetToPoint(chunk1, 2)).toEqual({ node: t1, offset: 2 });
    expect(offsetToPoint(chunk1, 7)).toEqual({ node: t2, offset: 2 });
    expect(offsetToPoint(chunk1, 9)).toEqual({ node: t2, offset: 4 });
  });
});
