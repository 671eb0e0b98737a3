/**
 * HyperText span positions as Label Studio stores them: `start`/`end` are XPaths from the HyperText's
 * root to a text node (`/div[1]/p[2]/text()[1]`: element names lower-cased, 1-based among same-named
 * siblings; `text()[n]` among text-node siblings), `startOffset`/`endOffset` count UTF-16 code units
 * in that node, and `globalOffsets` count them in the root's whole text (its text nodes in document
 * order). Written against the few Node members it reads, so it is tested in Node.
 */

export interface XNode {
  nodeType: number;
  nodeName: string;
  parentNode: XNode | null;
  childNodes: ArrayLike<XNode>;
  /** For text nodes: their text. */
  nodeValue: string | null;
}

const ELEMENT = 1;
const TEXT = 3;

function children(node: XNode): XNode[] {
  return Array.from(node.childNodes);
}

function step(node: XNode): string {
  const parent = node.parentNode;
  const siblings = parent ? children(parent) : [node];
  if (node.nodeType === TEXT) {
    const texts = siblings.filter((s) => s.nodeType === TEXT);
    return `text()[${texts.indexOf(node) + 1}]`;
  }
  const name = node.nodeName.toLowerCase();
  const same = siblings.filter((s) => s.nodeType === ELEMENT && s.nodeName.toLowerCase() === name);
  return `${name}[${same.indexOf(node) + 1}]`;
}

/** The XPath of `node` from `root` (exclusive), or null when it is not inside root. */
export function xpathOf(root: XNode, node: XNode): string | null {
  const steps: string[] = [];
  let n: XNode | null = node;
  while (n && n !== root) {
    steps.unshift(step(n));
    n = n.parentNode;
  }
  return n === root ? `/${steps.join('/')}` : null;
}

/** The node an XPath of this form names under `root`, or null. */
export function resolveXPath(root: XNode, path: string): XNode | null {
  let node: XNode = root;
  for (const part of path.split('/').filter(Boolean)) {
    const m = /^(text\(\)|[a-z][\w:-]*)(?:\[(\d+)\])?$/i.exec(part);
    if (!m) return null;
    const [, name = '', index = '1'] = m;
    const isText = name === 'text()';
    const matches = children(node).filter((c) =>
      isText
        ? c.nodeType === TEXT
        : c.nodeType === ELEMENT && c.nodeName.toLowerCase() === name.toLowerCase(),
    );
    const next = matches[Number(index) - 1];
    if (!next) return null;
    node = next;
  }
  return node;
}

/** Text nodes under `root`, in document order. */
export function textNodes(root: XNode): XNode[] {
  const out: XNode[] = [];
  const walk = (n: XNode) => {
    for (const c of children(n)) {
      if (c.nodeType === TEXT) out.push(c);
      else if (c.nodeType === ELEMENT) walk(c);
    }
  };
  walk(root);
  return out;
}

/** A DOM point as a text node and an offset in it (element points move to the text beside them). */
export function toTextPoint(
  root: XNode,
  node: XNode,
  offset: number,
): { node: XNode; offset: number } | null {
  if (node.nodeType === TEXT) return { node, offset };
  const all = textNodes(root);
  const kids = children(node);
  // The first text node at or after child `offset`, else the end of the last one before it.
  const after = kids.slice(offset).flatMap((c) => (c.nodeType === TEXT ? [c] : textNodes(c)))[0];
  if (after) return { node: after, offset: 0 };
  const before = kids
    .slice(0, offset)
    .flatMap((c) => (c.nodeType === TEXT ? [c] : textNodes(c)))
    .pop();
  if (before) return { node: before, offset: (before.nodeValue ?? '').length };
  const last = all[all.length - 1];
  return last ? { node: last, offset: (last.nodeValue ?? '').length } : null;
}

/** The offset of a text point in the root's whole text. */
export function globalOffset(root: XNode, node: XNode, offset: number): number | null {
  let total = 0;
  for (const t of textNodes(root)) {
    if (t === node) return total + offset;
    total += (t.nodeValue ?? '').length;
  }
  return null;
}

/** The text point at a global offset (the start of the next node at a node boundary). */
export function pointAtGlobal(root: XNode, offset: number): { node: XNode; offset: number } | null {
  let total = 0;
  const all = textNodes(root);
  for (const t of all) {
    const length = (t.nodeValue ?? '').length;
    if (offset < total + length) return { node: t, offset: offset - total };
    total += length;
  }
  const last = all[all.length - 1];
  return last ? { node: last, offset: (last.nodeValue ?? '').length } : null;
}

/** The text point that ends at a global offset (the end of the node before, at a node boundary). */
export function pointAtGlobalEnd(root: XNode, offset: number): { node: XNode; offset: number } | null {
  let total = 0;
  for (const t of textNodes(root)) {
    const length = (t.nodeValue ?? '').length;
    if (length > 0 && offset <= total + length) return { node: t, offset: Math.max(0, offset - total) };
    total += length;
  }
  return pointAtGlobal(root, offset);
}

export interface HyperTextValue {
  start: string;
  end: string;
  startOffset: number;
  endOffset: number;
  globalOffsets: { start: number; end: number };
  text: string;
}

/** Label Studio's value for the text between two DOM points (in document order). */
export function hyperTextValue(
  root: XNode,
  start: { node: XNode; offset: number },
  end: { node: XNode; offset: number },
): HyperTextValue | null {
  const a = toTextPoint(root, start.node, start.offset);
  const b = toTextPoint(root, end.node, end.offset);
  if (!a || !b) return null;
  const startPath = xpathOf(root, a.node);
  const endPath = xpathOf(root, b.node);
  const g1 = globalOffset(root, a.node, a.offset);
  const g2 = globalOffset(root, b.node, b.offset);
  if (startPath === null || endPath === null || g1 === null || g2 === null || g2 <= g1) return null;
  const whole = textNodes(root)
    .map((t) => t.nodeValue ?? '')
    .join('');
  return {
    start: startPath,
    end: endPath,
    startOffset: a.offset,
    endOffset: b.offset,
    globalOffsets: { start: g1, end: g2 },
    text: whole.slice(g1, g2),
  };
}
