/**
 * Character offsets in a Text object, as Label Studio stores them: `start` and `end` are JavaScript
 * string indices (UTF-16 code units) into the task's text exactly as received — every character
 * counts, whitespace included: a tab is 1, "\r\n" is 2, an emoji outside the BMP is 2, a combining
 * accent is 1 of its own. `text` is `value.slice(start, end)`. The caret moves by grapheme (what people
 * see as one character), so keyboard selections never split a surrogate pair or an accent from its
 * letter. Pure: no DOM.
 */

export type Granularity = 'symbol' | 'word' | 'sentence' | 'paragraph';

export interface Range {
  start: number;
  end: number;
}

export function granularityOf(attr: string | undefined): Granularity {
  return attr === 'word' || attr === 'sentence' || attr === 'paragraph' ? attr : 'symbol';
}

/** Letters, digits, marks and joiners: what a word is made of. */
const WORD = /[\p{L}\p{N}\p{M}_\u200d]/u;
const SPACE = /\s/;

function isWordAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  // A low surrogate belongs to the character before it.
  if (code >= 0xdc00 && code <= 0xdfff && i > 0) return WORD.test(text.slice(i - 1, i + 1));
  if (code >= 0xd800 && code <= 0xdbff) return WORD.test(text.slice(i, i + 2));
  return WORD.test(text[i] ?? '');
}

/** Leading and trailing whitespace dropped (a word or sentence span never starts with a space). */
export function trimRange(text: string, range: Range): Range {
  let { start, end } = range;
  while (start < end && SPACE.test(text[start] ?? '')) start++;
  while (end > start && SPACE.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

/**
 * A selection widened to the config's `granularity`: `symbol` keeps it; `word` grows to whole words;
 * `sentence` to the sentences it touches (ended by . ! ? or a line break); `paragraph` to whole lines.
 * Empty after trimming (only whitespace selected) → null.
 */
export function applyGranularity(text: string, range: Range, granularity: Granularity): Range | null {
  const clamped = clampRange(text, range);
  if (granularity === 'symbol') return clamped.end > clamped.start ? clamped : null;
  const trimmed = trimRange(text, clamped);
  if (trimmed.end <= trimmed.start) return null;
  let { start, end } = trimmed;
  if (granularity === 'word') {
    while (start > 0 && isWordAt(text, start - 1) && isWordAt(text, start)) start--;
    while (end < text.length && isWordAt(text, end) && isWordAt(text, end - 1)) end++;
    return { start, end };
  }
  if (granularity === 'sentence') {
    while (start > 0 && !/[.!?\n]/.test(text[start - 1] ?? '')) start--;
    while (end < text.length && !/[.!?\n]/.test(text[end - 1] ?? '')) end++;
    // Closing quotes and brackets belong to the sentence they end.
    while (end < text.length && /[.!?"'”’)\]]/.test(text[end] ?? '')) end++;
    return trimRange(text, { start, end });
  }
  while (start > 0 && text[start - 1] !== '\n') start--;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return trimRange(text, { start, end });
}

export function clampRange(text: string, range: Range): Range {
  const a = Math.max(0, Math.min(text.length, Math.min(range.start, range.end)));
  const b = Math.max(0, Math.min(text.length, Math.max(range.start, range.end)));
  return { start: a, end: b };
}

const WINDOW = 64;
let segmenter: Intl.Segmenter | null = null;
function graphemes(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

/** The index after the grapheme at `i` (a window around `i` only: fast on a 1 MB text). */
export function nextGrapheme(text: string, i: number): number {
  if (i >= text.length) return text.length;
  const from = Math.max(0, i - WINDOW);
  const slice = text.slice(from, Math.min(text.length, i + WINDOW));
  for (const { index, segment } of graphemes().segment(slice)) {
    const end = from + index + segment.length;
    if (end > i) return end;
  }
  return text.length;
}

/** The index where the grapheme before `i` starts. */
export function previousGrapheme(text: string, i: number): number {
  if (i <= 0) return 0;
  const from = Math.max(0, i - WINDOW);
  const slice = text.slice(from, Math.min(text.length, i + WINDOW));
  let last = 0;
  for (const { index } of graphemes().segment(slice)) {
    const at = from + index;
    if (at >= i) break;
    last = at;
  }
  return last;
}

/** Ctrl+Right: the end of this or the next word. */
export function nextWordEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && !isWordAt(text, j)) j++;
  while (j < text.length && isWordAt(text, j)) j++;
  return j;
}

/** Ctrl+Left: the start of this or the previous word. */
export function previousWordStart(text: string, i: number): number {
  let j = i;
  while (j > 0 && !isWordAt(text, j - 1)) j--;
  while (j > 0 && isWordAt(text, j - 1)) j--;
  return j;
}

/** Home / End: the line the caret is on. */
export function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}
export function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  const end = n === -1 ? text.length : n;
  return end > i && text[end - 1] === '\r' ? end - 1 : end;
}
