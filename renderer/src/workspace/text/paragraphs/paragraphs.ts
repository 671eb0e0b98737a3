/**
 * Paragraphs (dialogues) as one virtual text: each paragraph's text (`textKey`, default "text") laid
 * end to end with a "\n" between, so the text view's span logic works across turns. A span is stored
 * as Label Studio's paragraphlabels value: `start`/`end` are paragraph indexes (as strings),
 * `startOffset`/`endOffset` count UTF-16 code units in those paragraphs' texts, `text` is the
 * selection (turns joined by "\n"). Pure: no DOM.
 */
import type { Range } from '../model/offsets.ts';

export interface Paragraph {
  index: number;
  name: string;
  text: string;
  /** Where its text starts in the virtual text. */
  base: number;
  /** Seconds into the `audioUrl` audio where the turn is said (Label Studio's `start`, `end`/`duration`). */
  start?: number;
  end?: number;
}

export interface ParagraphText {
  paragraphs: Paragraph[];
  text: string;
}

/** The task's paragraphs list (objects with `nameKey`/`textKey`) as one virtual text. */
export function paragraphText(json: unknown, nameKey = 'author', textKey = 'text'): ParagraphText {
  const items = Array.isArray(json) ? json : [];
  const paragraphs: Paragraph[] = [];
  let base = 0;
  items.forEach((item, index) => {
    const record = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    const text = typeof record[textKey] === 'string' ? record[textKey] : String(record[textKey] ?? '');
    const name = record[nameKey] === undefined ? '' : String(record[nameKey]);
    paragraphs.push({ index, name, text, base, ...timing(record) });
    base += text.length + 1;
  });
  return { paragraphs, text: paragraphs.map((p) => p.text).join('\n') };
}

/** A turn's time in its audio: `start`, and `end` or `start` + `duration` (seconds, finite, ≥ 0). */
function timing(record: Record<string, unknown>): { start?: number; end?: number } {
  const seconds = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  const start = seconds(record.start);
  if (start === undefined) return {};
  const duration = seconds(record.duration);
  const end = seconds(record.end) ?? (duration === undefined ? undefined : start + duration);
  return end !== undefined && end > start ? { start, end } : { start };
}

/** The paragraph holding virtual offset `at` (the "\n" after a paragraph belongs to it). */
export function paragraphAt(doc: ParagraphText, at: number): Paragraph | undefined {
  let lo = 0;
  let hi = doc.paragraphs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((doc.paragraphs[mid] as Paragraph).base <= at) lo = mid;
    else hi = mid - 1;
  }
  return doc.paragraphs[lo];
}

export type ParagraphValue = {
  start: string;
  end: string;
  startOffset: number;
  endOffset: number;
  text: string;
};

/** Label Studio's value for a virtual range (its ends moved off the "\n" between turns). */
export function paragraphValue(doc: ParagraphText, range: Range): ParagraphValue | null {
  const first = paragraphAt(doc, range.start);
  let last = paragraphAt(doc, Math.max(range.start, range.end - 1));
  if (!first || !last || range.end <= range.start) return null;
  let startOffset = range.start - first.base;
  let start = first;
  // Starting on the "\n" after a turn: the span starts at the next one.
  if (startOffset >= first.text.length) {
    const next = doc.paragraphs[first.index + 1];
    if (!next) return null;
    start = next;
    startOffset = 0;
  }
  const endOffset = Math.min(range.end - last.base, last.text.length);
  if (start.index > last.index || (start.index === last.index && endOffset <= startOffset)) return null;
  last = last as Paragraph;
  return {
    start: String(start.index),
    end: String(last.index),
    startOffset,
    endOffset,
    text: doc.text.slice(start.base + startOffset, last.base + endOffset),
  };
}

/** A stored value's virtual range, or null when its paragraphs are not in this task. */
export function virtualRange(doc: ParagraphText, value: Record<string, unknown>): Range | null {
  const a = doc.paragraphs[Number(value.start)];
  const b = doc.paragraphs[Number(value.end)];
  const so = Number(value.startOffset);
  const eo = Number(value.endOffset);
  if (!a || !b || !Number.isInteger(so) || !Number.isInteger(eo)) return null;
  const start = a.base + Math.min(so, a.text.length);
  const end = b.base + Math.min(eo, b.text.length);
  return end > start ? { start, end } : null;
}
