/**
 * The TextArea's box over its texts. What is typed is in the document at once, as the last text
 * (Label Studio adds what is left in the box at submit, so the result is the same, and drafts keep it);
 * `pending` is the index of that text until it is added (Enter) or erased.
 */
export interface TextEntry {
  texts: string[];
  /** The text the box is typing, or null: the box is empty. */
  pending: number | null;
}

/** The pending index, if it still points at a text (an undo may have taken it away). */
export function livePending(texts: readonly string[], pending: number | null): number | null {
  return pending !== null && pending < texts.length ? pending : null;
}

/** The box now holds `value`. */
export function typeInBox(texts: readonly string[], pending: number | null, value: string): TextEntry {
  const at = livePending(texts, pending);
  if (at === null)
    return value === ''
      ? { texts: [...texts], pending: null }
      : { texts: [...texts, value], pending: texts.length };
  if (value === '') return { texts: texts.filter((_, i) => i !== at), pending: null };
  return { texts: texts.map((t, i) => (i === at ? value : t)), pending: at };
}

/** Removes a given text; the pending index follows. */
export function removeText(texts: readonly string[], pending: number | null, index: number): TextEntry {
  const at = livePending(texts, pending);
  return {
    texts: texts.filter((_, i) => i !== index),
    pending: at === null || at === index ? null : at > index ? at - 1 : at,
  };
}

/** Texts already added (the pending one is in the box, not in the list). */
export function givenTexts(
  texts: readonly string[],
  pending: number | null,
): { text: string; index: number }[] {
  const at = livePending(texts, pending);
  return texts.flatMap((text, index) => (index === at ? [] : [{ text, index }]));
}
