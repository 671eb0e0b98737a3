/**
 * HyperText spans painted with the CSS Custom Highlight API: ranges are registered, never wrapped in
 * elements, so the task's DOM (and the xpaths Label Studio stored against it) stays exactly as parsed.
 * One highlight per colour, styled through a constructed stylesheet (the CSP allows no inline <style>).
 */
import { pointAtGlobal, resolveXPath, type XNode } from './xpath.ts';

export interface HighlightMark {
  id: string;
  value: Record<string, unknown>;
  color: string;
}

export interface Painted {
  clear(): void;
}

let sheet: CSSStyleSheet | null = null;
const styled = new Set<string>();
let counter = 0;

/** A name prefix for one view's highlights (the registry is global). */
export function highlightPrefix(): string {
  return `ws-hl-${++counter}`;
}

/** A CSS ident for a colour (the rule per view and colour is made once). */
function colorKey(color: string): string {
  let h = 0;
  for (let i = 0; i < color.length; i++) h = (h * 31 + color.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

function ruleFor(name: string, css: string): void {
  if (typeof CSSStyleSheet === 'undefined' || styled.has(name)) return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  sheet.insertRule(`::highlight(${name}) { ${css} }`, sheet.cssRules.length);
  styled.add(name);
}

/** The DOM range of a stored HyperText value: its xpaths, else its global offsets. */
export function rangeOf(root: Node, value: Record<string, unknown>): Range | null {
  const x = root as unknown as XNode;
  let start = typeof value.start === 'string' ? resolveXPath(x, value.start) : null;
  let end = typeof value.end === 'string' ? resolveXPath(x, value.end) : null;
  let startOffset = Number(value.startOffset);
  let endOffset = Number(value.endOffset);
  const g = value.globalOffsets as { start?: unknown; end?: unknown } | undefined;
  if ((!start || !end) && typeof g?.start === 'number' && typeof g.end === 'number') {
    const a = pointAtGlobal(x, g.start);
    const b = pointAtGlobal(x, g.end);
    if (a && b) {
      start = a.node;
      startOffset = a.offset;
      end = b.node;
      endOffset = b.offset;
    }
  }
  if (!start || !end) return null;
  try {
    const range = document.createRange();
    range.setStart(start as unknown as Node, startOffset);
    range.setEnd(end as unknown as Node, endOffset);
    return range;
  } catch {
    return null; // offsets beyond the node: the HTML changed since the span was made
  }
}

export function paintHighlights(
  root: Node,
  prefix: string,
  previous: Painted | null,
  marks: readonly HighlightMark[],
  pending: Record<string, unknown> | null,
  selectedId: string | null,
): Painted | null {
  previous?.clear();
  if (typeof CSS === 'undefined' || !('highlights' in CSS)) return null;
  const names: string[] = [];
  const byColor = new Map<string, Range[]>();
  const selected: Range[] = [];
  for (const mark of marks) {
    const range = rangeOf(root, mark.value);
    if (!range) continue;
    byColor.set(mark.color, [...(byColor.get(mark.color) ?? []), range]);
    if (mark.id === selectedId) selected.push(range);
  }
  for (const [color, ranges] of byColor) {
    const name = `${prefix}-${colorKey(color)}`;
    const safe = CSS.supports('color', color) ? color : 'gray';
    ruleFor(name, `background-color: color-mix(in srgb, ${safe} 35%, transparent);`);
    CSS.highlights.set(name, new Highlight(...ranges));
    names.push(name);
  }
  const extra: [string, Range[], string][] = [
    [`${prefix}-selected`, selected, 'text-decoration: underline 2px; text-decoration-color: currentColor;'],
  ];
  const p = pending ? rangeOf(root, pending) : null;
  if (p) extra.push([`${prefix}-pending`, [p], 'background-color: Highlight; color: HighlightText;']);
  for (const [name, ranges, css] of extra) {
    if (ranges.length === 0) continue;
    ruleFor(name, css);
    CSS.highlights.set(name, new Highlight(...ranges));
    names.push(name);
  }
  return { clear: () => names.forEach((n) => CSS.highlights.delete(n)) };
}
