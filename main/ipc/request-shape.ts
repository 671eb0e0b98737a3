/**
 * A request must be plain JSON-shaped data before its schema sees it: Electron's structured clone
 * carries BigInt, Map, Date and nesting in the thousands, which a `z.unknown()` field lets through and
 * which would later fail deep inside a handler as INTERNAL. Checked iteratively (no stack overflow).
 */
const MAX_DEPTH = 64;
const MAX_NODES = 2_000_000;

export function requestShapeProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (++nodes > MAX_NODES) return 'it is too large';
    if (depth > MAX_DEPTH) return `it nests deeper than ${MAX_DEPTH} levels`;
    if (item === null || item === undefined) continue;
    switch (typeof item) {
      case 'string':
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(item)) return 'it holds a number that is not finite';
        continue;
      case 'object': {
        const proto = Object.getPrototypeOf(item) as unknown;
        if (!Array.isArray(item) && proto !== Object.prototype && proto !== null)
          return 'it holds a value that is not plain data';
        for (const child of Object.values(item as object)) stack.push([child, depth + 1]);
        continue;
      }
      default:
        return `it holds a ${typeof item} value`;
    }
  }
  return null;
}
