/**
 * One `Range: bytes=…` request header (RFC 9110 §14): what audio and video elements send to seek.
 * Only a single range is honoured; several ranges, other units or a malformed header are answered
 * with the whole object (the RFC allows ignoring Range), so a client never gets a wrong slice.
 */
export type RangeSpec = { kind: 'from'; start: number; end?: number } | { kind: 'suffix'; length: number };

export function parseRange(header: string | undefined): RangeSpec | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, a = '', b = ''] = match;
  if (a === '' && b === '') return null;
  if (a === '') return { kind: 'suffix', length: Number(b) };
  const start = Number(a);
  if (b === '') return { kind: 'from', start };
  const end = Number(b);
  if (end < start) return null;
  return { kind: 'from', start, end };
}

/** The inclusive byte span of a spec within `size` bytes, or null when it cannot be satisfied (416). */
export function resolveRange(spec: RangeSpec, size: number): { start: number; end: number } | null {
  if (spec.kind === 'suffix') {
    if (spec.length === 0 || size === 0) return null;
    return { start: Math.max(0, size - spec.length), end: size - 1 };
  }
  if (spec.start >= size) return null;
  return { start: spec.start, end: Math.min(spec.end ?? size - 1, size - 1) };
}

/** The header S3 gets for a spec (it resolves suffixes and open ends itself). */
export function rangeHeader(spec: RangeSpec): string {
  return spec.kind === 'suffix' ? `bytes=-${spec.length}` : `bytes=${spec.start}-${spec.end ?? ''}`;
}

/** `bytes 0-99/1234` → its parts; null for anything else. */
export function parseContentRange(
  value: string | undefined,
): { start: number; end: number; size: number } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value?.trim() ?? '');
  if (!match) return null;
  return { start: Number(match[1]), end: Number(match[2]), size: Number(match[3]) };
}
