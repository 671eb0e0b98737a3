/**
 * A one-line text of a Label Studio result for places that list annotations side by side (conflicts):
 * the chosen values, texts and ratings, in document order. Display only; the codec owns the format.
 */
const VALUE_KEYS = ['choices', 'taxonomy', 'text', 'rating', 'number', 'datetime', 'selected', 'labels'];

export function summarizeResult(result: readonly unknown[]): string {
  const parts = result.map((item) => {
    const value = ((item as { value?: Record<string, unknown> }).value ?? {}) as Record<string, unknown>;
    const key = VALUE_KEYS.find((k) => k in value) ?? Object.keys(value).find((k) => k.endsWith('labels'));
    const shown = key === undefined ? undefined : value[key];
    if (Array.isArray(shown))
      return shown.map((v) => (Array.isArray(v) ? v.join(' / ') : String(v))).join(', ');
    return shown !== undefined ? String(shown) : ((item as { type?: string }).type ?? '…');
  });
  return parts.join('; ') || '(empty)';
}
