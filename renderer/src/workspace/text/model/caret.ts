/**
 * The text view's keyboard caret: where an arrow key takes it (by grapheme; Ctrl/Alt/Cmd by word;
 * Home/End to the line's ends; Up/Down to the same column of the next line). Pure: no DOM.
 */
import {
  lineEnd,
  lineStart,
  nextGrapheme,
  nextWordEnd,
  previousGrapheme,
  previousWordStart,
} from './offsets.ts';

export interface CaretKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The caret's new offset for this key, or null when the key does not move it. */
export function moveCaret(text: string, at: number, event: CaretKey): number | null {
  // Alt+←/→ page tasks (the hotkey table): the caret leaves them alone.
  if (event.altKey) return null;
  const byWord = event.ctrlKey || event.metaKey;
  switch (event.key) {
    case 'ArrowRight':
      return byWord ? nextWordEnd(text, at) : nextGrapheme(text, at);
    case 'ArrowLeft':
      return byWord ? previousWordStart(text, at) : previousGrapheme(text, at);
    case 'Home':
      return byWord ? 0 : lineStart(text, at);
    case 'End':
      return byWord ? text.length : lineEnd(text, at);
    case 'ArrowDown': {
      const end = text.indexOf('\n', at);
      if (end === -1) return text.length;
      const column = at - lineStart(text, at);
      return snap(text, Math.min(end + 1 + column, lineEnd(text, end + 1)));
    }
    case 'ArrowUp': {
      const start = lineStart(text, at);
      if (start === 0) return 0;
      const column = at - start;
      const previous = lineStart(text, start - 1);
      return snap(text, Math.min(previous + column, lineEnd(text, previous)));
    }
    default:
      return null;
  }
}

/** A column reached by counting code units may fall inside a character: move to its start. */
function snap(text: string, i: number): number {
  return i > 0 && i < text.length ? previousGrapheme(text, nextGrapheme(text, i)) : i;
}
