/**
 * DOM points ↔ text offsets for the text view. Every element the view draws text in carries `data-o`
 * (the offset where its text starts); an element's text is `textContent` (label markers are CSS
 * generated content, so they are not in it and never shift an offset). Written against the few
 * members of Node it reads, so it is tested in Node with plain objects.
 */

export interface NodeLike {
  nodeType: number;
  parentNode: NodeLike | null;
  childNodes: ArrayLike<NodeLike>;
  textContent: string | null;
  getAttribute?: (name: string) => string | null;
}

const TEXT_NODE = 3;

function startOf(node: NodeLike): number | null {
  const o = node.getAttribute?.('data-o');
  return o === null || o === undefined ? null : Number(o);
}

/** The first offset inside `node` (its own data-o, or its first child's). */
function firstOffset(node: NodeLike): number | null {
  const own = startOf(node);
  if (own !== null) return own;
  for (let i = 0; i < node.childNodes.length; i++) {
    const found = firstOffset(node.childNodes[i] as NodeLike);
    if (found !== null) return found;
  }
  return null;
}

/** The offset just after `node`'s text. */
function endOffset(node: NodeLike): number | null {
  const own = startOf(node);
  if (own !== null) return own + (node.textContent ?? '').length;
  for (let i = node.childNodes.length - 1; i >= 0; i--) {
    const found = endOffset(node.childNodes[i] as NodeLike);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The text offset of a DOM point (a Selection's anchor or focus, a Range's start or end), or null when
 * the point is outside `root`.
 */
export function pointToOffset(root: NodeLike, node: NodeLike, offset: number): number | null {
  if (!contains(root, node)) return null;
  if (node.nodeType === TEXT_NODE) {
    // Text sits in a run; sum the text of earlier siblings in case the run holds several text nodes.
    const parent = node.parentNode;
    const base = parent ? startOf(parent) : null;
    if (parent === null || base === null) return null;
    let before = 0;
    for (let i = 0; i < parent.childNodes.length; i++) {
      const sibling = parent.childNodes[i] as NodeLike;
      if (sibling === node) break;
      before += (sibling.textContent ?? '').length;
    }
    return base + before + offset;
  }
  // An element point: before child `offset`, or after the last child.
  for (let i = offset; i < node.childNodes.length; i++) {
    const found = firstOffset(node.childNodes[i] as NodeLike);
    if (found !== null) return found;
  }
  for (let i = Math.min(offset, node.childNodes.length) - 1; i >= 0; i--) {
    const found = endOffset(node.childNodes[i] as NodeLike);
    if (found !== null) return found;
  }
  return startOf(node);
}

function contains(root: NodeLike, node: NodeLike): boolean {
  for (let n: NodeLike | null = node; n; n = n.parentNode) if (n === root) return true;
  return false;
}

/**
 * The DOM point of a text offset inside a chunk element whose children are runs (each holding one
 * text node, or none for the caret): for ranges (arrows, scrolling the caret into view).
 */
export function offsetToPoint(chunk: NodeLike, offset: number): { node: NodeLike; offset: number } | null {
  let last: { node: NodeLike; offset: number } | null = null;
  for (let i = 0; i < chunk.childNodes.length; i++) {
    const run = chunk.childNodes[i] as NodeLike;
    const start = startOf(run);
    const textNode = run.childNodes[0];
    if (start === null || !textNode) continue;
    const length = (run.textContent ?? '').length;
    if (offset >= start && offset <= start + length) return { node: textNode, offset: offset - start };
    last = { node: textNode, offset: length };
  }
  return last;
}
