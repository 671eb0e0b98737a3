/**
 * The HyperText keyboard caret moves over the HTML's text as it reads: the text nodes in order
 * (Label Studio's global offsets) with a "\n" where a block (p, li, h1, br…) starts, so Ctrl+arrows
 * stop at a paragraph's end and Home/End/Up/Down work by line. The caret lives in these display
 * offsets; spans are measured in global ones. Pure: works on the few Node members XNode names.
 */
import { textNodes, type XNode } from './xpath.ts';

const BLOCKS = new Set(
  (
    'address article aside blockquote br dd details div dl dt fieldset figcaption figure footer form ' +
    'h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'
  ).split(' '),
);

export interface CaretText {
  /** The global text with a "\n" inserted at each break. */
  text: string;
  /** Global offsets where a block starts (ascending, > 0): a "\n" is shown before each. */
  breaks: number[];
  /** Per break, the lines it makes in the text as read (2 at a paragraph's edge, as innerText has). */
  lines: number[];
  /** The text nodes' text, joined (what global offsets count). */
  whole: string;
}

export function caretText(root: XNode): CaretText {
  const breaks: number[] = [];
  const lines: number[] = [];
  let total = 0;
  // Lines owed before the next text: 1 at a block's edge, 2 at a paragraph's.
  let owed = 0;
  const walk = (node: XNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        const length = (child.nodeValue ?? '').length;
        if (length === 0) continue;
        if (owed > 0 && total > 0) {
          if (breaks[breaks.length - 1] === total)
            lines[lines.length - 1] = Math.max(lines.at(-1) ?? 1, owed);
          else {
            breaks.push(total);
            lines.push(owed);
          }
        }
        owed = 0;
        total += length;
      } else if (child.nodeType === 1) {
        const name = child.nodeName.toLowerCase();
        const edge = name === 'p' ? 2 : BLOCKS.has(name) ? 1 : 0;
        owed = Math.max(owed, edge);
        walk(child);
        owed = Math.max(owed, edge);
      }
    }
  };
  walk(root);
  const whole = textNodes(root)
    .map((t) => t.nodeValue ?? '')
    .join('');
  let text = '';
  let from = 0;
  for (const b of breaks) {
    text += `${whole.slice(from, b)}\n`;
    from = b;
  }
  return { text: text + whole.slice(from), breaks, lines, whole };
}

/**
 * The text of global range [start, end) as Label Studio stores it (the selection's text, as read):
 * the text nodes' text with a line break where a block ends inside the range, two at a paragraph.
 */
export function readText(ct: CaretText, start: number, end: number): string {
  let out = '';
  let from = start;
  ct.breaks.forEach((b, i) => {
    if (b <= start || b >= end) return;
    out += `${ct.whole.slice(from, b)}${'\n'.repeat(ct.lines[i] ?? 1)}`;
    from = b;
  });
  return out + ct.whole.slice(from, end);
}

/** The global offset of display offset `d` (the "\n" of a break counts for nothing). */
export function toGlobal(ct: CaretText, d: number): number {
  let inserted = 0;
  // The k-th "\n" sits at display offset breaks[k] + k.
  while (inserted < ct.breaks.length && (ct.breaks[inserted] as number) + inserted < d) inserted++;
  return d - inserted;
}

/** The display offset of global offset `g`; at a break, after its "\n" (the block's start). */
export function toDisplay(ct: CaretText, g: number): number {
  let inserted = 0;
  while (inserted < ct.breaks.length && (ct.breaks[inserted] as number) <= g) inserted++;
  return g + inserted;
}
