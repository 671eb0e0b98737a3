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
    const parent = node.parentNode;
    const base = parent ? startOf(parent) : null;
    if (parent === null || base === null) return null;
    // Bare text sits in the chunk between runs: count from the nearest earlier element's end.
    let before = 0;
    let from = base;
    for (let i = 0; i < parent.childNodes.length; i++) {
      const sibling = parent.childNodes[i] as NodeLike;
      if (sibling === node) break;
      const start = startOf(sibling);
      if (start !== null) {
        from = start;
        before = 0;
      }
      before += (sibling.textContent ?? '').length;
    }
    return from + before + offset;
  }
  // An element point: before child `offset`, or after the last child.
  for (let i = offset; i < node.childNodes.length; i++) {
    const child = node.childNodes[i] as NodeLike;
    const found = child.nodeType === TEXT_NODE ? pointToOffset(root, child, 0) : firstOffset(child);
    if (found !== null) return found;
  }
  for (let i = Math.min(offset, node.childNodes.length) - 1; i >= 0; i--) {
    const child = node.childNodes[i] as NodeLike;
    const found =
      child.nodeType === TEXT_NODE
        ? pointToOffset(root, child, (child.textContent ?? '').length)
        : endOffset(child);
    if (found !== null) return found;
  }
  return startOf(node);
}

function contains(root: NodeLike, node: NodeLike): boolean {
  for (let n: NodeLike | null = node; n; n = n.parentNode) if (n === root) return true;
  return false;
}

/**
 * The DOM point of a text offset inside a chunk element whose children are runs (an element holding
 * one text node, or none for the caret) and bare text nodes (text no span covers): for ranges (arrows).
 */
export function offsetToPoint(chunk: NodeLike, offset: number): { node: NodeLike; offset: number } | null {
  let last: { node: NodeLike; offset: number } | null = null;
  let pos = startOf(chunk) ?? 0;
  for (let i = 0; i < chunk.childNodes.length; i++) {
    const child = chunk.childNodes[i] as NodeLike;
    const textNode = child.nodeType === TEXT_NODE ? child : child.childNodes[0];
    pos = child.nodeType === TEXT_NODE ? pos : (startOf(child) ?? pos);
    const length = (child.textContent ?? '').length;
    if (textNode && offset >= pos && offset <= pos + length) return { node: textNode, offset: offset - pos };
    if (textNode) last = { node: textNode, offset: length };
    pos += length;
  }
  return last;
}
